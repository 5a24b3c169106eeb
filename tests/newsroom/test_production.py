"""A fresh server set up as README "Production" says, in a real browser.

gunicorn with DEBUG off and nothing else configured: no mail server, no
front web server. The site must still have its styles and photos, refuse
inline script, and never answer 500 for a change that was saved.
"""

import gzip
import os
import secrets
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from tests.browser import SCREENSHOTS, free_port, open_page, stop, wait_for_port

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "production-test-passphrase"


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    folder = tmp_path_factory.mktemp("production")
    port = free_port()
    env = {
        "PATH": os.environ["PATH"],
        "LANG": "C.UTF-8",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{folder / 'newsroom.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(folder / "media"),
        "DJANGO_STATIC_ROOT": str(folder / "static"),
        "DJANGO_BASE_URL": f"http://127.0.0.1:{port}",
        # Plain HTTP on loopback: the cookies cannot be "secure" here.
        "DJANGO_SECURE_COOKIES": "0",
        # No mail server listens here.
        "DJANGO_EMAIL_HOST": "127.0.0.1",
        "DJANGO_EMAIL_PORT": str(free_port()),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
    }
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (
        ["migrate", "--no-input", "-v0"],
        ["collectstatic", "--no-input", "-v0"],
        ["load_demo", "--password", PASSWORD],
    ):
        subprocess.run(
            manage + command, env=env, cwd=ROOT, check=True, capture_output=True
        )
    log = open(folder / "gunicorn.log", "w")
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "-c",
            str(ROOT / "deploy" / "gunicorn.conf.py"),
            "newsroom.wsgi",
        ],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    wait_for_port(port, server)
    yield f"http://127.0.0.1:{port}", folder
    stop(server)
    log.close()


def fetch(url, **headers):
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, dict(response.headers), response.read()


def test_the_site_has_its_styles_and_photos(browser, production):
    site, _folder = production
    page, errors = open_page(browser, 390)
    page.goto(site + "/")

    # The stylesheet applied: site.css sets the masthead's bottom border.
    border = page.evaluate(
        "getComputedStyle(document.querySelector('.masthead')).borderBottomStyle"
    )
    assert border != "none"
    images = page.locator("img")
    assert images.count() > 0
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_load_state("networkidle")
    widths = page.evaluate(
        "[...document.images].filter(i => i.complete).map(i => i.naturalWidth)"
    )
    assert widths and all(width > 0 for width in widths)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "production-front-390.png", full_page=True)
    assert errors == []
    page.close()


def test_static_files_are_hashed_compressed_and_cached_for_a_year(production):
    site, _folder = production
    _status, _headers, front = fetch(site + "/")
    stylesheet = next(
        part.split('"')[0]
        for part in front.decode().split('href="')
        if part.startswith("/static/css/site.")
    )
    assert stylesheet.count(".") >= 2  # site.<hash>.css
    status, headers, body = fetch(site + stylesheet, **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"]
    assert b".masthead" in gzip.decompress(body)


def test_public_pages_are_compressed_and_carry_the_policy(production):
    site, _folder = production
    status, headers, body = fetch(site + "/", **{"Accept-Encoding": "gzip, br"})
    assert status == 200
    assert headers["Content-Encoding"] == "br"
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["Cache-Control"].startswith("public, max-age=")
    assert fetch(site + "/healthz")[0] == 200
    assert fetch(site + "/readyz")[0] == 200


def test_a_submission_without_a_mail_server_is_saved_not_a_500(browser, production):
    site, folder = production
    page, errors = open_page(browser, 1280)
    page.goto(site + "/admin/login/")
    page.fill("#id_username", "demo-reporter")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(site + "/admin/")
    page.goto(site + "/admin/articles/article/add/")
    page.fill("#id_headline", "生产环境下的投稿测试")
    # The rich-text editor loaded under the policy: it can be typed in.
    page.locator("[contenteditable=true].ProseMirror").click()
    page.keyboard.type("本报讯 这是一篇在没有邮件服务器时提交的稿件。")
    page.click("input[name=_continue]")
    page.wait_for_selector(".workflow")
    page.click("a[data-action=submit]")
    page.click("input.default")
    page.wait_for_selector(".workflow")
    assert "审稿中" in page.locator(".workflow h2").inner_text()
    assert errors == []
    page.screenshot(path=SCREENSHOTS / "production-submitted.png", full_page=True)
    page.close()
    log = (folder / "gunicorn.log").read_text()
    assert "Internal Server Error" not in log
