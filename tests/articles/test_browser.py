"""The public site in a real browser: Debian's Chromium driven by Playwright."""

import os
import re
from pathlib import Path

import pytest

from tests.browser import SCREENSHOTS, demo_site, open_page

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """Serve the demo site from a real server process with its own database."""
    # The footer a Chinese news site must show, as a paper configures it.
    footer = {
        "DJANGO_ICP_NUMBER": "京ICP备12345678号-1",
        "DJANGO_PSB_NUMBER": "京公网安备11010502012345号",
        "DJANGO_NEWS_LICENSE": "11120170001",
        "DJANGO_REPORT_PHONE": "010-12345678",
        "DJANGO_REPORT_EMAIL": "jubao@example.cn",
        "DJANGO_ABOUT_URL": "/about/",
        "DJANGO_CONTACT_URL": "mailto:desk@example.cn",
    }
    with demo_site(tmp_path_factory.mktemp("site"), env=footer) as address:
        yield address


@pytest.mark.parametrize(
    ("width", "column", "rendition"),
    [
        # A 390 px phone: the column is 390 - 2 x 16 px, so 640 px is enough.
        (390, 358, "640w.webp"),
        # A desktop: the story column is 64rem less the page's padding, the
        # right-hand column and the gap between (664 px); 1024 px is next.
        (1280, 664, "1024w.webp"),
    ],
)
def test_reader_goes_from_front_page_to_a_story(
    browser, site, width, column, rendition
):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page, errors = open_page(browser, width)

    page.goto(site + "/")
    page.screenshot(path=SCREENSHOTS / f"front-{width}.png", full_page=True)
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    lead = page.locator(".lead__headline a")
    headline = lead.inner_text()
    byline = page.locator(".lead .summary__meta span").last.inner_text()
    lead.click()
    page.wait_for_load_state()

    assert page.locator("h1").inner_text() == headline
    assert byline in page.locator(".story__byline").inner_text()
    photo = page.locator(".story__photo img").first
    photo.evaluate("img => img.decode()")
    current_src, shown_width, shown_height, natural = photo.evaluate(
        "img => [img.currentSrc, img.clientWidth, img.clientHeight, img.naturalWidth]"
    )
    assert natural > 0, "the lead photo did not load"
    # The browser picked the rendition that fits its screen, and the photo
    # fills the text column at its 3:2 shape.
    assert current_src.endswith(rendition)
    assert shown_width == column
    assert abs(shown_height - column * 1067 / 1600) <= 1
    page.screenshot(path=SCREENSHOTS / f"article-{width}.png", full_page=True)
    assert errors == []
    page.close()


def test_department_reporter_and_feed_links(browser, site):
    page, errors = open_page(browser, 390)
    page.goto(site + "/")
    desk = page.locator(".desk-nav a").nth(1)
    desk_name = desk.inner_text()
    desk.click()
    assert page.locator("h1").inner_text() == desk_name
    assert page.locator(".story-list > li").count() >= 1

    feed_href = page.locator(".feed-link a").get_attribute("href")
    feed = page.request.get(site + feed_href)
    assert feed.ok
    assert "<rss" in feed.text()

    page.locator(".summary__headline a").first.click()
    page.locator(".story__byline a").first.click()
    assert page.url.startswith(site + "/reporter/")
    assert page.locator(".story-list > li").count() >= 1
    page.screenshot(path=SCREENSHOTS / "reporter-390.png", full_page=True)
    assert errors == []
    page.close()


def test_page_is_usable_without_javascript(browser, site):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 390, "height": 800}
    )
    page = context.new_page()
    page.goto(site + "/")
    page.fill("#site-search", "植树")
    assert page.locator(".lead__headline a").count() == 1
    page.locator(".lead__headline a").click()
    assert page.locator("h1.story__headline").is_visible()
    context.close()


def log_in(page, site, username):
    # Leave the story form first: its "left the story" beacon goes out as the
    # page hides, and would be refused (403) if the cookies went before it.
    page.goto("about:blank")
    page.context.clear_cookies()
    page.goto(site + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "browser-tests")
    page.click("input[type=submit]")
    page.wait_for_url(site + "/admin/")


def click_action(page, action, comment=None):
    page.click(f"a[data-action={action}]")
    if comment is not None:
        page.fill("#id_comment", comment)
    page.click("input.default")
    page.wait_for_selector(".workflow")


def test_a_story_goes_through_three_reviews_in_the_browser(browser, site):
    page, errors = open_page(browser, 1280)

    # The reporter writes a story in the rich-text editor, files it under
    # 时政 and submits it.
    log_in(page, site, "demo-reporter")
    page.goto(site + "/admin/articles/article/add/")
    page.fill("#id_headline", "河畔新区开通夜间公交专线")
    page.locator("[contenteditable=true].ProseMirror").click()
    page.keyboard.type("本报讯 11月26日，夜间公交专线开通。")
    page.click(".field-department .select2-selection")
    page.keyboard.type("时政")
    page.click(".select2-results__option >> text=时政")
    page.click("#bylines-0 .field-reporter .select2-selection")
    page.keyboard.type("顾晓岚")
    page.click(".select2-results__option >> text=顾晓岚")
    page.click("input[name=_continue]")
    # A refused save has no workflow box: say why rather than time out.
    page.wait_for_selector(".workflow, .errornote")
    refusals = page.locator(".errornote, .errorlist")
    assert refusals.count() == 0, refusals.all_inner_texts()
    click_action(page, "submit")
    assert "审稿中" in page.locator(".workflow h2").inner_text()
    story_url = page.url

    # 初审 finds it on the desk and sends it back with a comment.
    log_in(page, site, "demo-editor")
    page.click("text=河畔新区开通夜间公交专线")
    click_action(page, "request_changes", "请补充首末班时间。")
    assert "退回修改" in page.locator(".workflow h2").inner_text()

    # The reporter sees the comment on the desk, and resubmits.
    log_in(page, site, "demo-reporter")
    assert "请补充首末班时间。" in page.locator(".desk").inner_text()
    page.screenshot(path=SCREENSHOTS / "desk-reporter.png", full_page=True)
    page.goto(story_url)
    click_action(page, "submit")

    # Three proofreading passes by three people, then three reviewers sign.
    for username in ("demo-proofreader", "demo-editor", "demo-desk-head"):
        log_in(page, site, username)
        page.goto(story_url)
        click_action(page, "proofread", "已校")
    for username in ("demo-editor", "demo-desk-head"):
        log_in(page, site, username)
        page.goto(story_url)
        click_action(page, "sign", "同意")
    log_in(page, site, "demo-chief")
    page.goto(story_url)
    click_action(page, "publish", "同意签发")
    refusals = page.locator(".errornote")
    assert refusals.count() == 0, refusals.all_inner_texts()
    assert "已发布" in page.locator(".workflow h2").inner_text()
    page.screenshot(path=SCREENSHOTS / "story-signed-off.png", full_page=True)

    # The review record shows the three signatures and the passes.
    page.click("text=审稿单")
    record = page.locator("body").inner_text()
    for text in ("初审", "复审", "终审", "同意签发", "一校", "二校", "三校"):
        assert text in record
    assert errors == []
    page.close()


AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def axe_violations(page):
    """Run axe-core on the page; return its WCAG 2.1 AA and best-practice violations."""
    page.evaluate(AXE.read_text())
    return page.evaluate(
        """async () => (await axe.run(document, {
            runOnly: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
        })).violations.map(v => ({id: v.id, impact: v.impact,
            nodes: v.nodes.map(n => n.target.join(" ")).slice(0, 5)}))"""
    )


@pytest.mark.parametrize("width", [390, 1280])
def test_public_pages_have_no_accessibility_violations(browser, site, width):
    if not AXE.exists():
        message = f"axe-core is missing at {AXE}: run make checkers"
        if os.environ.get("CI"):
            pytest.fail(f"{message}, and CI requires it.")
        pytest.skip(message)
    # axe is injected by evaluation, which the page's policy would refuse as
    # an inline script; the pages' own policy is checked elsewhere.
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="zh-CN", bypass_csp=True
    )
    page = context.new_page()
    page.goto(site + "/")
    story = page.locator(".lead__headline a").get_attribute("href")
    desk = page.locator(".desk-nav li:nth-child(2) a").get_attribute("href")
    pages = {
        "front": "/",
        "article": story,
        "desk": desk,
        "latest": "/latest/",
        "edition": "/edition/",
        "search": "/search/?q=经开区",
        "not-found": "/no-such-page/",
    }
    found = {}
    for name, url in pages.items():
        page.goto(site + url)
        violations = axe_violations(page)
        if violations:
            found[name] = violations
        page.screenshot(path=SCREENSHOTS / f"axe-{name}-{width}.png", full_page=True)
    context.close()
    assert found == {}


def test_the_frame_a_chinese_news_site_needs_in_the_browser(browser, site):
    for width in (390, 1280):
        page, errors = open_page(browser, width)
        page.goto(site + "/")
        assert re.search(
            r"\d{4}年\d{1,2}月\d{1,2}日 星期[一二三四五六日]",
            page.locator(".masthead__date").inner_text(),
        )
        footer = page.locator(".site-footer").inner_text()
        for text in (
            "京ICP备12345678号-1",
            "京公网安备11010502012345号",
            "违法和不良信息举报",
            "互联网新闻信息服务许可证",
            "关于我们",
            "联系我们",
        ):
            assert text in footer
        page.screenshot(path=SCREENSHOTS / f"front-frame-{width}.png", full_page=True)
        if width == 390:
            # Listed stories carry small thumbnails beside their headlines;
            # the lead keeps its large photo.
            thumbnail = page.locator(".latest .summary__photo img").first
            assert thumbnail.bounding_box()["width"] <= 130
            # Another test may have published a lead story without a photo.
            lead = page.locator(".lead__photo img")
            if lead.count():
                assert lead.first.bounding_box()["width"] > 300
        assert page.locator(".masthead__edition").inner_text() == "数字报"
        story = page.locator(".lead__headline a").get_attribute("href")
        page.goto(site + story)
        assert page.locator(".story__editor").inner_text().startswith("责任编辑：")
        assert page.locator(".story__source").inner_text() == "来源：本报"
        page.screenshot(path=SCREENSHOTS / f"article-{width}.png", full_page=True)
        if width == 1280:
            side = page.locator(".story-side").bounding_box()
            body = page.locator(".story").bounding_box()
            assert side["x"] > body["x"] + body["width"] - 1
        # The text size switch works and sticks.
        page.click("button[data-size=large]")
        large = page.evaluate(
            "getComputedStyle(document.querySelector('.story__body')).fontSize"
        )
        page.reload()
        assert page.evaluate("document.documentElement.dataset.readingSize") == "large"
        assert (
            page.evaluate(
                "getComputedStyle(document.querySelector('.story__body')).fontSize"
            )
            == large
        )
        assert errors == []
        page.close()
