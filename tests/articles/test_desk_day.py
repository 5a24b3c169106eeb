"""A whole day at the desk in a real browser, one person per browser context.

A reporter files a story in four clicks; the editor sends it back; the
reporter's unsaved revision survives a closed tab and is restored; the
editor and the chief have it open at once and see each other; a signature
does not refuse the chief's save; three proofreading passes by different
people (one after an edit); 复审 and 签发 from the queue; a retraction and a
republication; a print page imported by the editor, who then signs its
初审. Each step asserts what that person sees, and the emails are read
from the site's outbox. Screenshots go to var/screenshots/day-*.png.
"""

import os
import socket
import sqlite3
import subprocess
import sys
import time

import pytest

from newsroom.text import count_characters
from tests.browser import ROOT, SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.slow]

HEADLINE = "河畔新区夜间公交专线今起开通"
BODY = "本报讯 11月26日，河畔新区夜间公交专线正式开通，的的首班车22时从客运站发车。"
ADDED = "末班车次日1时收车，全程票价2元。"
IMPORTED_HEADLINE = "滨河步道夜间照明完成改造"
PRINT_PAGE = (
    f"{IMPORTED_HEADLINE}\n\n"
    "本报讯 11月28日，滨河步道夜间照明改造完工，沿线新装路灯120盏，"
    "夜跑市民不再摸黑前行。施工方表示，新灯具比旧灯节电四成。记者 林晓雪\n"
)
EMAILS = {
    "reporter": "gu.xiao.lan@example.com",
    "editor": "shen.yi@example.com",
    "head": "wen.zhi.xing@example.com",
    "chief": "yan.zheng.ping@example.com",
    "proofreader": "lu.qing@example.com",
}
LOGINS = {
    "reporter": "demo-reporter",
    "editor": "demo-editor",
    "head": "demo-desk-head",
    "chief": "demo-chief",
    "proofreader": "demo-proofreader",
}


def free_port():
    """A port of the desk's range (8220–8229), else any free one."""
    for port in range(8222, 8230):
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def day_site(tmp_path_factory):
    """The demo newsroom, served by a real server; presence and autosave every 2 s."""
    folder = tmp_path_factory.mktemp("day")
    database = folder / "site.sqlite3"
    env = {
        **os.environ,
        "DJANGO_DEBUG": "1",
        "DJANGO_SECRET_KEY": "browser-tests",
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_MEDIA_ROOT": str(folder / "media"),
        "DJANGO_PRESENCE_SECONDS": "2",
        "DJANGO_AUTOSAVE_SECONDS": "2",
    }
    env.pop("CACHE_URL", None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    for command in (["migrate", "-v0"], ["load_demo", "--password", "browser-tests"]):
        subprocess.run(manage + command, env=env, check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen(
        manage + ["runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail("the site's server did not start")
            time.sleep(0.2)
    yield f"http://127.0.0.1:{port}", database
    server.terminate()
    server.wait(timeout=10)


class Mailbox:
    """The site's outbox, read from its database."""

    def __init__(self, database):
        self.database = database
        self.seen = 0

    def new(self):
        """Messages queued since the last call: ``[(to, subject, body), …]``."""
        with sqlite3.connect(self.database) as db:
            rows = db.execute(
                "SELECT id, recipient, subject, body FROM outbox_message "
                "WHERE id > ? ORDER BY id",
                (self.seen,),
            ).fetchall()
        if rows:
            self.seen = rows[-1][0]
        return [(to, subject, body) for _id, to, subject, body in rows]


class Person:
    """One member of staff in a browser context of their own."""

    def __init__(self, chromium, site, role):
        self.site, self.role = site, role
        self.context = chromium.new_context(
            viewport={"width": 1280, "height": 900},
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
        )
        self.errors = []
        self.clicks = 0
        self.page = self.new_page()
        self.log_in()

    def new_page(self):
        page = self.context.new_page()
        page.on(
            "console",
            lambda m: self.errors.append(m.text) if m.type == "error" else None,
        )
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        return page

    def log_in(self):
        page = self.page
        page.goto(self.site + "/admin/login/")
        page.fill("#id_username", LOGINS[self.role])
        page.fill("#id_password", "browser-tests")
        page.click("input[type=submit]")
        page.wait_for_url(self.site + "/admin/")

    def click(self, selector):
        """Click, counted: the clicks of the common paths are measured."""
        self.clicks += 1
        self.page.click(selector)

    def desk(self):
        self.page.goto(self.site + "/admin/")
        return self.page.locator(".desk").inner_text()

    def open(self, url):
        self.page.goto(url)
        self.page.wait_for_selector(".workflow")

    def act(self, action, comment=None):
        """Take a workflow action from the story page, with its comment."""
        self.page.click(f"a[data-action={action}]")
        if comment is not None:
            self.page.fill("#id_comment", comment)
        self.page.click("input.default")
        self.page.wait_for_selector(".workflow")
        notes = self.page.locator(".errornote")
        assert notes.count() == 0, notes.all_inner_texts()

    def status(self):
        return self.page.locator(".workflow h2").inner_text()

    def shot(self, name):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=SCREENSHOTS / f"day-{name}.png", full_page=True)


def subjects(mails, to):
    return [subject for recipient, subject, _body in mails if recipient == to]


def test_a_day_at_the_desk(browser, day_site):
    site, database = day_site
    mail = Mailbox(database)
    mail.new()
    people = {}

    # 1. The reporter files a story: new, headline, body, 保存并送审.
    reporter = people["reporter"] = Person(browser, site, "reporter")
    reporter.shot("01-reporter-desk")
    reporter.clicks = 0
    reporter.click(".desk__new a")
    reporter.page.wait_for_selector(".prose-editor > .ProseMirror")
    reporter.click("#id_headline")
    reporter.page.keyboard.type(HEADLINE)
    reporter.click(".prose-editor > .ProseMirror")
    reporter.page.keyboard.type(BODY)
    page = reporter.page
    # Counted while typing, by the server's rule; the byline and desk are
    # the reporter's own, filled in.
    page.wait_for_function(
        "text => document.querySelector('#body-count').textContent.includes(text)",
        arg=str(count_characters(BODY)),
    )
    assert page.locator("#headline-count").inner_text() == (
        f"标题：{len(HEADLINE)} / 48 字"
    )
    assert page.locator("#body-count").inner_text() == (
        f"字数：{count_characters(BODY)}"
    )
    assert "时政" in page.locator(".field-department").inner_text()
    assert "顾晓岚" in page.locator("#bylines-0").inner_text()
    width = page.eval_on_selector(
        "#id_headline",
        "box => { box.value = '经开区'.repeat(16);"
        " return box.scrollWidth <= box.clientWidth }",
    )
    assert width, "a 48-character headline does not fit its box"
    page.fill("#id_headline", HEADLINE)
    toolbar = page.eval_on_selector_all(
        ".prose-menubar [title]", "buttons => buttons.map(b => b.title)"
    )
    assert toolbar and not [t for t in toolbar if t.isascii()], toolbar
    reporter.shot("02-reporter-writes")
    reporter.click("input[name=_submit_for_review]")
    page.wait_for_selector(".workflow")
    assert "审稿中" in reporter.status()
    assert "已保存并送审" in page.locator(".messagelist").inner_text()
    clicks_to_submitted = reporter.clicks
    assert clicks_to_submitted == 4
    story_url = page.url
    filed = mail.new()
    assert any("初审" in s for s in subjects(filed, EMAILS["editor"]))
    assert any("待校对" in s for s in subjects(filed, EMAILS["proofreader"]))

    # 2. The editor sends it back with a comment.
    editor = people["editor"] = Person(browser, site, "editor")
    assert HEADLINE in editor.desk()
    editor.shot("03-editor-queue")
    editor.open(story_url)
    editor.act("request_changes", "请补充末班车时间和票价。")
    assert "退回修改" in editor.status()
    (sent_back,) = [m for m in mail.new() if m[0] == EMAILS["reporter"]]
    assert sent_back[1].startswith("退回修改")
    assert "沈屹" in sent_back[2] and "请补充末班车时间和票价。" in sent_back[2]

    # 3. The reporter revises; the tab closes before saving; the text is kept.
    assert "请补充末班车时间和票价。" in reporter.desk()
    reporter.open(story_url)
    page = reporter.page
    page.click(".prose-editor > .ProseMirror")
    page.keyboard.press("End")
    page.keyboard.type(ADDED)
    page.wait_for_function(
        "() => document.querySelector('.autosave-status')"
        ".textContent.includes('自动保存')"
    )
    reporter.shot("04-reporter-autosaved")
    asked = []

    def answer(dialog):
        asked.append(dialog.type)
        dialog.accept()

    page.on("dialog", answer)
    page.close(run_before_unload=True)
    page.wait_for_event("close")
    assert asked == ["beforeunload"]
    reporter.page = reporter.new_page()
    reporter.open(story_url)
    offer = reporter.page.locator("#draft-offer")
    offer.wait_for(state="visible")
    assert "未保存的修改" in offer.inner_text()
    reporter.shot("05-reporter-offered-the-draft")
    reporter.page.click("[data-draft=restore]")
    assert ADDED in reporter.page.locator(".prose-editor > .ProseMirror").inner_text()
    reporter.page.click("input[name=_submit_for_review]")
    reporter.page.wait_for_selector(".workflow")
    assert "审稿中" in reporter.status()
    mail.new()

    # 4. The editor and the chief have it open at once and see each other.
    chief = people["chief"] = Person(browser, site, "chief")
    editor.open(story_url)
    chief.open(story_url)
    # Neither has unsaved text of this story: nothing is offered.
    assert editor.page.locator("#draft-offer").is_hidden()
    assert chief.page.locator("#draft-offer").is_hidden()
    chief.page.wait_for_function(
        "() => document.querySelector('#presence').textContent.includes('沈屹')"
    )
    editor.page.wait_for_function(
        "() => document.querySelector('#presence').textContent.includes('严正平')"
    )
    chief.page.fill("#id_headline", HEADLINE + "（夜班车）")
    editor.page.wait_for_function(
        "() => document.querySelector('#presence')"
        ".textContent.includes('有未保存的修改')"
    )
    line = editor.page.locator("#presence").inner_text()
    assert "严正平 正在编辑" in line and "起" in line
    # The reporter, who may only read the story in review, is seen viewing.
    reporter.open(story_url)
    reporter.page.wait_for_function(
        "() => document.querySelector('#presence').textContent.includes('严正平')"
    )
    editor.page.wait_for_function(
        "() => document.querySelector('#presence')"
        ".textContent.includes('顾晓岚 正在查看')"
    )
    editor.shot("06-editor-sees-the-chief")
    chief.shot("07-chief-sees-the-editor")

    # 5. 初审 from the queue: two clicks and the opinion; the chief's open
    # form is not refused because of the signature.
    editor.page.goto(site + "/admin/")
    editor.clicks = 0
    editor.click(f"tr:has-text('{HEADLINE}') a.quick-action[data-action=sign]")
    assert "签署的内容" in editor.page.locator("#content-main").inner_text()
    editor.click("#id_comment")
    editor.page.keyboard.type("初审同意")
    editor.click("input.default")
    editor.page.wait_for_selector(".workflow")
    clicks_queue_to_signed = editor.clicks
    assert clicks_queue_to_signed == 3
    chief.page.click("input[name=_continue]")
    chief.page.wait_for_selector(".workflow")
    assert chief.page.locator(".errornote").count() == 0
    assert "（夜班车）" in chief.page.locator("#id_headline").input_value()
    headline = HEADLINE + "（夜班车）"

    # 6. 一校 from the proofreader's queue; 二校 needs someone else, or an edit.
    proofreader = people["proofreader"] = Person(browser, site, "proofreader")
    assert headline in proofreader.desk()
    proofreader.shot("08-proofreader-queue")
    proofreader.page.click(
        f".proofreading-queue tr:has-text('{headline}') a.quick-action"
    )
    assert proofreader.page.locator("h1").inner_text() == "记录一校"
    proofreader.page.fill("#id_comment", "一校：的的重复")
    proofreader.page.click("input.default")
    proofreader.page.wait_for_selector(".workflow")
    assert "一校已记录" in proofreader.page.locator(".messagelist").inner_text()
    assert headline not in proofreader.desk()
    proofreader.open(story_url)
    blocked = proofreader.page.locator("span.is-disabled[data-action=proofread]")
    assert blocked.count() == 1
    # The editor fixes the doubled 的 the proofreading aids found …
    editor.open(story_url)
    editor.page.click("button[name=proofreading_fix]")
    editor.page.wait_for_selector(".workflow")
    assert (
        "的的" not in editor.page.locator(".prose-editor > .ProseMirror").inner_text()
    )
    # … and the same proofreader may read the edited text.
    proofreader.open(story_url)
    proofreader.act("proofread", "二校无误")

    # 7. 复审 from the queue; 签发 waits, shown disabled, for the third pass.
    head = people["head"] = Person(browser, site, "head")
    head.page.goto(site + "/admin/")
    head.page.click(f"tr:has-text('{headline}') a.quick-action[data-action=sign]")
    head.page.fill("#id_comment", "复审同意")
    head.page.click("input.default")
    head.page.wait_for_selector(".workflow")
    chief.open(story_url)
    sign_off = chief.page.locator("span.is-disabled[data-action=publish]")
    assert sign_off.count() == 1
    assert "已登记 2 个校次，需要 3 个" in chief.page.locator(".workflow").inner_text()
    chief.shot("09-chief-sign-off-disabled")
    head.open(story_url)
    head.act("proofread", "三校无误")

    # 8. 签发 from the chief's queue, showing what is signed.
    chief.page.goto(site + "/admin/")
    chief.page.click(f"tr:has-text('{headline}') a.quick-action[data-action=publish]")
    signed = chief.page.locator(".signed-text").inner_text()
    assert headline in signed and ADDED in signed
    chief.shot("10-chief-signs-off")
    chief.page.fill("#id_comment", "同意签发")
    chief.page.click("input.default")
    chief.page.wait_for_selector(".workflow")
    assert "已发布" in chief.status()
    published = mail.new()
    assert f"已发布：{headline}" in subjects(published, EMAILS["reporter"])
    # 在站点上查看 leads to the public page, which a reader may open.
    view_on_site = chief.page.locator(".viewsitelink").get_attribute("href")
    public_url = chief.context.request.get(site + view_on_site).url
    assert "/admin/" not in public_url

    def read(url):
        """What a reader gets, in a browser of their own (nothing cached)."""
        reader = browser.new_context()
        try:
            page = reader.new_page()
            response = page.goto(url)
            return response.status, page.locator("body").inner_text()
        finally:
            reader.close()

    status, text = read(public_url)
    assert status == 200 and headline in text

    # 9. Retracted, then republished with a reason: the address answers again.
    chief.act("unpublish", "数据待核实")
    assert "已撤稿" in chief.status()
    assert read(public_url)[0] == 410
    reporter.open(story_url)
    assert reporter.page.locator("a[data-action=submit]").count() == 1
    chief.open(story_url)
    chief.act("republish", "核实无误，恢复发布")
    assert "已发布" in chief.status()
    assert read(public_url)[0] == 200
    timeline = chief.page.locator(".timeline").inner_text()
    assert "重新发布" in timeline and "核实无误，恢复发布" in timeline
    assert "严正平" in timeline and "demo-" not in timeline
    told = subjects(mail.new(), EMAILS["reporter"])
    assert f"已撤稿：{headline}" in told and f"已重新发布：{headline}" in told
    chief.shot("11-chief-republished")

    # 10. The editor imports a print page and signs its 初审.
    editor.page.goto(site + "/admin/articles/article/import-edition/")
    editor.page.fill("#id_edition", "2026-11-29")
    editor.page.fill("#id_page", "2")
    editor.page.select_option("#id_department", label="时政")
    editor.page.fill("#id_text", PRINT_PAGE)
    editor.page.click("input[name=_preview]")
    editor.page.click("input[name=_confirm] >> nth=0")
    editor.page.wait_for_url("**/articles/article/**")
    assert IMPORTED_HEADLINE in editor.desk()
    editor.page.click(
        f"tr:has-text('{IMPORTED_HEADLINE}') a.quick-action[data-action=sign]"
    )
    editor.page.fill("#id_comment", "导入稿初审同意")
    editor.page.click("input.default")
    editor.page.wait_for_selector(".workflow")
    assert editor.page.locator(".errornote").count() == 0
    assert "复审" in editor.page.locator(".workflow__stages .is-current").inner_text()
    editor.shot("12-editor-signed-the-import")

    for person in people.values():
        assert person.errors == [], (person.role, person.errors)
    for person in people.values():
        person.context.close()
