"""Browser tests' shared parts: Debian's Chromium through Playwright."""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
]
ROOT = Path(__file__).resolve().parents[1]
SCREENSHOTS = ROOT / "var" / "screenshots"


@pytest.fixture(scope="module")
def browser():
    missing = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing = "playwright is not installed"
    if missing is None and not shutil.which(CHROMIUM):
        missing = f"Chromium is not installed at {CHROMIUM}"
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{missing}, and CI requires it.")
        pytest.skip(missing)
    # Playwright's sync API runs an event loop in this thread; the ORM calls the
    # tests make around it are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def open_page(browser, width):
    page = browser.new_page(
        viewport={"width": width, "height": 900}, locale="zh-CN", device_scale_factor=1
    )
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "response",
        lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None,
    )
    return page, errors


def wait_for_port(port, server, seconds=30):
    """Wait until ``server`` (a Popen) listens on ``port``; fail if it dies."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail("the site's server did not start")
            time.sleep(0.2)


def stop(server):
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()


@contextlib.contextmanager
def demo_site(folder, *, env=None, commands=(), password="browser-tests"):
    """Serve the demo site from a runserver process with its own database.

    ``commands`` are more manage.py commands (as lists) run after the demo
    is loaded; ``env`` adds to the server's environment. Yields its address.
    """
    environment = {
        **os.environ,
        "DJANGO_DEBUG": "1",
        "DJANGO_SECRET_KEY": "browser-tests",
        "DATABASE_URL": f"sqlite:///{folder / 'site.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(folder / "media"),
        **(env or {}),
    }
    environment.pop("CACHE_URL", None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    setup = [["migrate", "-v0"], ["load_demo", "--password", password], *commands]
    for command in setup:
        subprocess.run(
            manage + command, env=environment, check=True, capture_output=True
        )
    port = free_port()
    server = subprocess.Popen(
        manage + ["runserver", "--noreload", f"127.0.0.1:{port}"],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port, server)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(server)
