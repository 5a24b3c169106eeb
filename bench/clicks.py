"""Count the clicks of the desk's two common paths, in a real browser.

    .venv/bin/python bench/clicks.py                      # this checkout
    .venv/bin/python bench/clicks.py --checkout DIR --ui old

Serves the demo newsroom from ``--checkout`` (a fresh SQLite database,
migrated and loaded, on 127.0.0.1:8224), then drives Debian's Chromium:

- login → submitted: the reporter, on the desk after signing in, writes a
  headline and a paragraph and submits the story;
- queue → signed: the editor, on the desk, signs 初审 of it with an opinion.

Every mouse click counts, focusing a text box included; typing does not.
``--ui old`` follows the admin as it was before issue 16 (no 写新稿 button,
no byline or desk filled in, no 保存并送审, no 签署 in the queue), so the
same script measures both. Each path checks that the story really ended
up submitted, or signed, before its count is printed.
"""

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
PORT = 8224
PASSWORD = "bench-clicks"
HEADLINE = "河畔新区夜间公交专线今起开通"
BODY = "本报讯 11月26日，河畔新区夜间公交专线正式开通。"

# Runs manage.py of another checkout with this interpreter, without the
# editable install of this one resolving its modules.
BOOT = """
import runpy, sys
sys.meta_path[:] = [f for f in sys.meta_path if "editable" not in repr(f)]
checkout = sys.argv.pop(1)
sys.path.insert(0, checkout)
sys.argv[0] = checkout + "/manage.py"
runpy.run_path(sys.argv[0], run_name="__main__")
"""


def serve(checkout, folder):
    env = {
        **os.environ,
        "DJANGO_DEBUG": "1",
        "DJANGO_SECRET_KEY": "bench-clicks",
        "DATABASE_URL": f"sqlite:///{folder}/site.sqlite3",
        "DJANGO_MEDIA_ROOT": f"{folder}/media",
    }
    env.pop("CACHE_URL", None)
    manage = [sys.executable, "-c", BOOT, str(checkout)]
    for command in (["migrate", "-v0"], ["load_demo", "--password", PASSWORD]):
        subprocess.run(manage + command, env=env, check=True, capture_output=True)
    server = subprocess.Popen(
        manage + ["runserver", "--noreload", f"127.0.0.1:{PORT}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", PORT), timeout=1).close()
            return server
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise SystemExit("the site did not start") from None
            time.sleep(0.2)


class Clicker:
    def __init__(self, page):
        self.page = page
        self.count = 0

    def click(self, selector):
        self.count += 1
        self.page.click(selector)

    def type(self, text):
        self.page.keyboard.type(text)


def log_in(page, site, username):
    page.context.clear_cookies()
    page.goto(site + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(site + "/admin/")


def submit_story(page, ui):
    """From the reporter's desk to a submitted story; return the clicks."""
    you = Clicker(page)
    if ui == "old":
        you.click("#content-main .model-article a.addlink")
    else:
        you.click(".desk__new a")
    page.wait_for_selector(".prose-editor > .ProseMirror")
    you.click("#id_headline")
    you.type(HEADLINE)
    you.click(".prose-editor > .ProseMirror")
    you.type(BODY)
    if ui == "old":
        you.click(".field-department .select2-selection")
        you.type("时政")
        you.click(".select2-results__option >> text=时政")
        you.click("#bylines-0 .field-reporter .select2-selection")
        you.type("顾晓岚")
        you.click(".select2-results__option >> text=顾晓岚")
        you.click("input[name=_continue]")
        page.wait_for_selector(".workflow")
        you.click("a[data-action=submit]")
        you.click("input.default")
    else:
        you.click("input[name=_submit_for_review]")
    page.wait_for_selector(".workflow")
    status = page.locator(".workflow h2").inner_text()
    assert "审稿中" in status, status
    return you.count


def sign_from_queue(page, ui, *, opinion):
    """From the editor's desk to 初审 signed; return the clicks."""
    you = Clicker(page)
    row = f".desk tr:has-text('{HEADLINE}')"
    if ui == "old":
        you.click(f"{row} a >> nth=0")
        page.wait_for_selector(".workflow")
        you.click("a[data-action=sign]")
    else:
        you.click(f"{row} a.quick-action[data-action=sign]")
    if opinion:
        you.click("#id_comment")
        you.type("初审同意")
    you.click("input.default")
    page.wait_for_selector(".workflow")
    stages = page.locator(".workflow__stages").inner_text()
    assert "签署人" in stages or "signed by" in stages, stages
    return you.count


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--checkout", type=Path, default=ROOT)
    parser.add_argument("--ui", choices=["new", "old"], default="new")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        server = serve(args.checkout.resolve(), folder)
        site = f"http://127.0.0.1:{PORT}"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, args=CHROMIUM_ARGS
                )
                page = browser.new_page(
                    viewport={"width": 1280, "height": 900},
                    locale="zh-CN",
                    timezone_id="Asia/Shanghai",
                )
                log_in(page, site, "demo-reporter")
                submitted = submit_story(page, args.ui)
                log_in(page, site, "demo-editor")
                signed = sign_from_queue(page, args.ui, opinion=True)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=10)
    print(f"ui={args.ui} checkout={args.checkout}")
    print(f"login → submitted: {submitted} clicks")
    print(f"queue → signed: {signed} clicks (one of them into the opinion box)")


if __name__ == "__main__":
    main()
