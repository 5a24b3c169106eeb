"""No English UI string on a zh-hans admin page.

Every admin page a newsroom uses is rendered in Simplified Chinese, as each
role sees it, and its visible text (text nodes, and the title, aria-label,
placeholder, alt and button values read by screen readers) is searched for
English words. Content and data are not UI: addresses, file names and the
format names below are left out. A failure lists the page and the words.
"""

import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import BannedWord
from tests.articles.test_admin import article_form_data
from tests.factories import (
    make_newsroom,
    make_photo,
    make_published_article,
    make_story,
    make_user,
)

pytestmark = pytest.mark.django_db

# Names of formats, encodings and standards, the same in Chinese copy.
NOT_ENGLISH = {
    # Units and formats, written the same in Chinese.
    "KB",
    "MB",
    "JPEG",
    "PNG",
    "WebP",
    "GIF",
    "SVG",
    "PDF",
    "BMP",
    "TIFF",
    "HEIC",
    "HTML",
    "URL",
    "UTF",
    "GB18030",
    "GBK",
    "Word",
    "RSS",
    "Atom",
    "ID",
    "CBD",
}
SPOKEN = {"title", "aria-label", "placeholder", "alt"}
SILENT = {"script", "style", "template", "svg", "code"}
WORD = re.compile(r"[A-Za-z][A-Za-z’']*[A-Za-z]|[A-Za-z]")
# Data, not interface: addresses, slugs, logins and file names.
DATA = re.compile(
    r"\S+@\S+|https?://\S+|[\w.-]*(?:/[\w.%-]+)+/?|(?<!\w)\.(?:txt|html)\b"
    r"|\b[\w.-]+\.(?:jpe?g|png|webp|gif|txt|html)\b"
    r"|\b[a-z0-9]+(?:[-_][a-z0-9]+)+\b|\b[a-z_]+\d+\b",
    re.IGNORECASE,
)


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta"}
VOID |= {"source", "track", "wbr"}


class VisibleText(HTMLParser):
    """The text a reader sees or a screen reader says, without hidden parts."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        # One flag per open element: whether it (or an ancestor) is silent.
        self.open = []

    @property
    def silent(self):
        return bool(self.open) and self.open[-1][1]

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        hidden = (
            "hidden" in attrs
            or "hidden" in (attrs.get("class") or "").split()
            or attrs.get("type") == "hidden"
        )
        silent = self.silent or tag in SILENT or hidden
        if not silent:
            for name in SPOKEN:
                if attrs.get(name):
                    self.parts.append(attrs[name])
            if tag == "input" and attrs.get("type") in ("submit", "button", "reset"):
                self.parts.append(attrs.get("value") or "")
        if tag not in VOID:
            self.open.append((tag, silent))

    def handle_endtag(self, tag):
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                del self.open[index:]
                break

    def handle_data(self, data):
        if not self.silent:
            self.parts.append(data)


def english_words(html, data=()):
    """English words on the page, less ``data`` (logins, names of things)."""
    parser = VisibleText()
    parser.feed(html)
    text = DATA.sub(" ", " ".join(parser.parts))
    for item in sorted(data, key=len, reverse=True):
        text = text.replace(item, " ")
    return sorted({word for word in WORD.findall(text) if len(word) > 1} - NOT_ENGLISH)


@pytest.fixture
def newsroom(settings, client):
    settings.NEWSROOM_REQUIRED_PROOFREADS = 1
    people = make_newsroom()
    root = make_user(
        username="root", is_superuser=True, last_name="程", first_name="远"
    )
    people.root = root
    draft = make_story(people, headline="河畔新区开通夜间公交专线")
    make_photo(draft)
    client.force_login(people.reporter)
    data = article_form_data(
        headline="河畔新区开通夜间公交专线",
        body=draft.body,
        department=draft.department_id,
        expected_version=draft.version,
    )
    # A byline added in the admin: its history entry names it.
    data.update(
        {
            "bylines-TOTAL_FORMS": "1",
            "bylines-0-reporter": people.reporter.reporter.pk,
            "bylines-0-role": "photo",
            "bylines-0-order": "1",
            "photos-TOTAL_FORMS": "0",
        }
    )
    saved = client.post(reverse("admin:articles_article_change", args=[draft.pk]), data)
    assert saved.status_code == 302, saved.context["errors"]
    in_review = make_story(people, headline="临水路管网改造全面完工")
    in_review.submit(people.reporter)
    in_review.record_proofreading(people.proofreader, "一校无误")
    in_review.sign(people.editor, "初审同意")
    published = make_published_article(
        headline="经开区图书馆延长开放时间", department=people.desk
    )
    published.create_preview_link(people.editor, note="受访单位")
    retracted = make_published_article(headline="撤下的稿件", department=people.desk)
    retracted.unpublish(people.chief, "数据待核实")
    scheduled = make_published_article(
        headline="明早见报的稿件",
        department=people.desk,
        published_at=timezone.now() + timedelta(hours=5),
    )
    imported = make_story(
        people,
        headline="从报纸导入的稿件",
        import_warnings=[{"code": "no_dateline"}, {"code": "jump", "paragraph": 2}],
    )
    BannedWord.objects.get_or_create(word="最佳", kind="advertising")
    client.logout()
    return people, {
        "draft": draft,
        "in_review": in_review,
        "published": published,
        "retracted": retracted,
        "scheduled": scheduled,
        "imported": imported,
    }


def admin_pages(people, stories):
    """``(user, url)`` for every admin page a newsroom uses."""
    story_url = lambda name, s: reverse(name, args=[s.pk])  # noqa: E731
    pages = [
        (people.reporter, reverse("admin:index")),
        (people.reporter, reverse("admin:articles_article_changelist")),
        (people.reporter, reverse("admin:articles_article_add")),
        (people.reporter, story_url("admin:articles_article_change", stories["draft"])),
        (
            people.reporter,
            story_url("admin:articles_article_change", stories["in_review"]),
        ),
        (people.editor, reverse("admin:index")),
        (people.head, reverse("admin:index")),
        (people.proofreader, reverse("admin:index")),
        (people.chief, reverse("admin:index")),
        (people.chief, reverse("admin:articles_article_changelist")),
        (people.chief, reverse("admin:articles_article_changelist") + "?state=draft"),
        (people.editor, reverse("admin:articles_article_import_edition")),
        (people.editor, reverse("admin:articles_bannedword_changelist")),
        (people.editor, reverse("admin:articles_bannedword_add")),
        (people.editor, reverse("admin:staff_department_changelist")),
        (people.editor, reverse("admin:staff_reporter_changelist")),
        (
            people.editor,
            reverse("admin:staff_reporter_change", args=[people.reporter.reporter.pk]),
        ),
        (people.root, reverse("admin:outbox_message_changelist")),
        (people.root, reverse("admin:auth_user_changelist")),
    ]
    for key, story in stories.items():
        pages += [
            (people.chief, story_url("admin:articles_article_change", story)),
            (people.chief, story_url("admin:articles_article_history", story)),
            (people.chief, story_url("admin:articles_article_revisions", story)),
            (people.chief, story_url("admin:articles_article_review_record", story)),
        ]
        if key == "draft":
            pages.append(
                (people.editor, story_url("admin:articles_article_delete", story))
            )
    review = stories["in_review"]
    for user, action in [
        (people.reporter, "withdraw"),
        (people.head, "sign"),
        (people.head, "request_changes"),
        (people.second_proofreader, "proofread"),
        (people.editor, "preview_link"),
    ]:
        pages.append(
            (
                user,
                reverse("admin:articles_article_transition", args=[review.pk, action]),
            )
        )
    for story, action in [
        (stories["draft"], "submit"),
        (stories["published"], "unpublish"),
        (stories["published"], "correct"),
        (stories["retracted"], "republish"),
        (stories["scheduled"], "publish"),
    ]:
        pages.append(
            (
                people.chief,
                reverse("admin:articles_article_transition", args=[story.pk, action]),
            )
        )
    versions = Version.objects.get_for_object(stories["draft"])
    if versions:
        pages.append(
            (
                people.chief,
                reverse(
                    "admin:articles_article_restore",
                    args=[stories["draft"].pk, versions[0].pk],
                ),
            )
        )
    return pages


def test_no_admin_page_shows_english_in_chinese(client, newsroom):
    people, stories = newsroom
    logins = set(get_user_model().objects.values_list("username", flat=True))
    found = {}
    for user, url in admin_pages(people, stories):
        client.force_login(user)
        response = client.get(url, headers={"accept-language": "zh-hans"})
        assert response.status_code == 200, (url, response.status_code)
        words = english_words(response.text, logins)
        if words:
            found[f"{user.username} {url}"] = words

    assert found == {}


def test_a_refused_form_shows_no_english(client, newsroom):
    people, stories = newsroom
    client.force_login(people.reporter)

    response = client.post(
        reverse("admin:articles_article_add"),
        article_form_data(headline="", body=""),
        headers={"accept-language": "zh-hans"},
    )

    assert response.status_code == 200
    assert english_words(response.text, {people.reporter.username}) == []


def test_the_check_finds_english():
    html = (
        '<p>稿件 <button title="bold">B</button> Text (文)</p>'
        '<th><span class="visually-hidden">Delete?</span></th>'
        "<script>var x = 'ignored';</script><a href='/admin/x/'>demo-editor</a>"
    )
    assert english_words(html) == ["Delete", "Text", "bold"]


def test_stock_admin_phrases_read_as_chinese(client, newsroom):
    people, stories = newsroom
    client.force_login(people.chief)

    add = client.get(reverse("admin:articles_article_add"))
    listing = client.get(reverse("admin:articles_article_changelist"))
    history = client.get(
        reverse("admin:articles_article_history", args=[stories["draft"].pk])
    )

    assert add.context["title"] == "新建稿件"
    assert listing.context["title"] == "选择要修改的稿件"
    assert "添加了署名“顾晓岚（图）”。" in history.text
    assert "增加 稿件" not in add.text and "选择 稿件 来修改" not in listing.text
