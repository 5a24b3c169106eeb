"""A 选题会 in a real browser: pitches, decisions, the draft, the printed budget."""

import re
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from newsroom.text import count_characters
from tests.browser import SCREENSHOTS, demo_site, open_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORD = "browser-tests"
DAY = (timezone.localdate() + timedelta(days=2)).isoformat()
LIFTS = "老旧小区加装电梯三个楼栋同时开工"
LIBRARY = "区图书馆试行夜间自助借阅"
DRAFT = (
    "本报讯 河畔新区三个老旧小区的加装电梯工程同时开工，涉及楼栋二十一个。"
    "社区干部逐户上门，协调低层住户的意见，施工期间设置临时通道。"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The demo site with a second 时政 reporter, from a real server process."""
    second_reporter = [
        "add_staff",
        "luoxiao",
        "--role",
        "reporter",
        "--name",
        "罗晓",
        "--department",
        "politics",
        "--password",
        PASSWORD,
    ]
    with demo_site(
        tmp_path_factory.mktemp("planning-site"),
        commands=[second_reporter],
        password=PASSWORD,
    ) as address:
        yield address


def log_in(page, site, username):
    # An open story form says "left" as it hides, with the cookies it had.
    page.goto("about:blank")
    page.context.clear_cookies()
    page.goto(site + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(site + "/admin/")


def pitch_from_the_index(page, title, description, length):
    started = time.monotonic()
    form = page.locator("form.quick-pitch")
    form.locator("[name=title]").fill(title)
    form.locator("[name=description]").fill(description)
    form.locator("[name=planned_length]").fill(str(length))
    form.locator("[name=date]").fill(DAY)
    form.locator("[name=page_number]").select_option("2")
    form.locator("input[type=submit]").click()
    page.wait_for_url("**/admin/")
    assert title in page.locator(".planning-desk__pitches").inner_text()
    return time.monotonic() - started


def budget_row(page, site, title):
    page.goto(f"{site}/admin/planning/edition/budget/?date={DAY}")
    row = page.locator("tr.budget-item", has_text=title)
    if row.count() == 0:
        return None
    return {
        "state": row.get_attribute("data-state"),
        "label": row.locator("[data-state-label]").inner_text(),
        "planned": row.locator("[data-planned]").inner_text(),
        "actual": row.locator("[data-actual]").inner_text(),
        "people": row.locator("td").nth(2).inner_text(),
    }


def test_a_planning_meeting_in_the_browser(browser, site):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page, errors = open_page(browser, 1280)

    # Two reporters pitch from the admin index, each in well under a minute.
    log_in(page, site, "demo-reporter")
    assert (
        pitch_from_the_index(page, LIFTS, "三个小区同时开工，低层住户有顾虑。", 1200)
        < 60
    )
    log_in(page, site, "luoxiao")
    assert pitch_from_the_index(page, LIBRARY, "夜间自助借阅试行一个月。", 800) < 60
    page.screenshot(path=SCREENSHOTS / "planning-index-reporter.png", full_page=True)

    # The desk head sees both pitched on the budget, then decides at 选题会.
    log_in(page, site, "demo-desk-head")
    assert budget_row(page, site, LIFTS)["state"] == "pitched"
    assert budget_row(page, site, LIBRARY)["label"] == "已报题"
    page.goto(f"{site}/admin/planning/pitch/meeting/?date={DAY}")
    page.screenshot(path=SCREENSHOTS / "planning-meeting.png", full_page=True)
    page.locator("tr.meeting-pitch", has_text=LIFTS).locator(
        "a[data-action=accept]"
    ).click()
    assert page.locator("[name=planned_length]").input_value() == "1200"
    page.click("input.default")
    page.wait_for_selector(".planning-panel")
    page.goto(f"{site}/admin/planning/pitch/meeting/?date={DAY}")
    page.locator("tr.meeting-pitch", has_text=LIBRARY).locator(
        "a[data-action=reject]"
    ).click()
    page.fill("[name=comment]", "本周已有同题报道。")
    page.click("input.default")
    page.wait_for_selector(".planning-panel")
    lifts = budget_row(page, site, LIFTS)
    assert (lifts["state"], lifts["planned"], lifts["actual"]) == (
        "assigned",
        "1200",
        "0",
    )
    assert budget_row(page, site, LIBRARY) is None

    # The chief assigns a photographer; the budget names them.
    log_in(page, site, "demo-chief")
    page.goto(f"{site}/admin/planning/edition/budget/?date={DAY}")
    page.locator("tr.budget-item", has_text=LIFTS).locator("a").first.click()
    page.click("a[data-action=people]")
    page.locator("[name=photographers]").select_option(label="摄影记者 邵明川")
    page.click("input.default")
    page.wait_for_selector(".planning-panel")
    assert "邵明川" in budget_row(page, site, LIFTS)["people"]

    # The reporter writes the assigned draft, from the index.
    log_in(page, site, "demo-reporter")
    page.locator(".planning-desk__mine tr", has_text=LIFTS).locator(
        "a", has_text="写稿"
    ).click()
    page.locator("[contenteditable=true].ProseMirror").click()
    page.keyboard.type(DRAFT)
    page.click("input[name=_continue]")
    page.wait_for_selector(".workflow")
    drafting = budget_row(page, site, LIFTS)
    assert drafting["state"] == "drafting"
    assert drafting["actual"] == str(count_characters(DRAFT))
    assert drafting["planned"] == "1200"

    # Submitted, it waits for 初审; the budget says so.
    page.goto(site + "/admin/")
    page.locator(".planning-desk__mine tr", has_text=LIFTS).locator(
        "a", has_text="写稿"
    ).click()
    page.click("a[data-action=submit]")
    page.click("input.default")
    page.wait_for_selector(".workflow")
    in_review = budget_row(page, site, LIFTS)
    assert (in_review["state"], in_review["label"]) == ("in_review", "审稿中 · 初审")
    page.screenshot(path=SCREENSHOTS / "planning-budget.png", full_page=True)

    # The printed budget: one A4 sheet, the admin's frame gone.
    page.set_viewport_size({"width": 794, "height": 1123})
    page.emulate_media(media="print")
    assert not page.locator("#header").is_visible()
    assert not page.locator(".budget-tools").is_visible()
    page.screenshot(path=SCREENSHOTS / "planning-budget-print.png", full_page=True)
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    assert errors == []
    page.close()
