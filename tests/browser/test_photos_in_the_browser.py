"""A real browser picks the rendition that fits its screen."""

import os
import shutil
from pathlib import Path

import pytest

from tests.factories import image_file, make_photo, make_published_article

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"

pytestmark = pytest.mark.django_db(transaction=True)


def require_browser():
    """Skip without Playwright and Chromium locally; under CI, fail instead."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        missing = "Playwright is not installed"
    else:
        missing = None if shutil.which(CHROMIUM) else f"{CHROMIUM} is missing"
    if missing:
        if os.environ.get("CI"):
            pytest.fail(f"{missing}, and CI requires it.")
        pytest.skip(missing)


@pytest.mark.parametrize(
    ("viewport", "shown_width", "rendition"),
    [
        # 390 px phone: the column is 390 - 2 × 16 px wide, so 640 is enough.
        ({"width": 390, "height": 844}, 358, "640w.webp"),
        # Desktop: the column stops at 44rem (704 px); 1024 is the next up.
        ({"width": 1280, "height": 800}, 704, "1024w.webp"),
    ],
    ids=["phone", "desktop"],
)
def test_article_page_serves_a_photo_sized_for_the_screen(
    live_server, viewport, shown_width, rendition
):
    require_browser()
    from playwright.sync_api import sync_playwright

    article = make_published_article(headline="经开区启用新建公交首末站")
    make_photo(article, image=image_file(size=(2400, 1600)), alt_text="新站台全景")
    url = live_server.url + article.get_absolute_url()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        try:
            page = browser.new_page(viewport=viewport, device_scale_factor=1)
            errors = []
            page.on("console", lambda m: m.type == "error" and errors.append(m.text))
            page.goto(url)
            img = page.locator("figure.story__photo img")
            img.evaluate("img => img.decode()")
            shown = img.evaluate(
                "img => [img.currentSrc, img.clientWidth, img.clientHeight]"
            )
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=SCREENSHOTS / f"photo-{viewport['width']}.png")
        finally:
            browser.close()

    current_src, client_width, client_height = shown
    assert current_src.endswith(rendition)
    assert client_width == shown_width
    # The photo's 3:2 shape, give or take the rounding of 1600 × 1067.
    assert abs(client_height - shown_width * 2 / 3) <= 1
    assert errors == []
