"""A control character never reaches a stored field, and stored ones never
break a feed or a sitemap."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from articles.models import Article, Correction
from staff.models import Reporter
from tests.articles.test_admin import article_form_data
from tests.factories import (
    make_article,
    make_department,
    make_published_article,
    make_reporter,
    make_user,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("one_stage")]

CONTROLS = ["\x1b", "\x0b", "\x0c", "\x1f", "\x07", "\x7f", "\x85", "\x9b"]


@pytest.mark.parametrize("control", CONTROLS)
def test_saving_strips_controls_from_every_text_field(control):
    desk = make_department(name=f"城{control}建", description=f"说{control}明")
    reporter = make_reporter(name=f"罗{control}晓", bio=f"简{control}介")
    article = make_article(
        headline=f"东湖区{control}举办健步走",
        dek=f"导{control}语",
        body=f"<p>正{control}文</p>",
        department=desk,
    )
    article.tags.add(f"健{control}步走")
    editor = make_user(is_superuser=True)
    correction = Correction.objects.create(
        article=article, text=f"更{control}正", created_by=editor
    )

    article.refresh_from_db()
    reporter.refresh_from_db()
    desk.refresh_from_db()
    correction.refresh_from_db()
    assert article.headline == "东湖区举办健步走"
    assert (article.dek, article.body) == ("导语", "<p>正文</p>")
    assert (reporter.name, reporter.bio) == ("罗晓", "简介")
    assert (desk.name, desk.description) == ("城建", "说明")
    assert [tag.name for tag in article.tags.all()] == ["健步走"]
    assert correction.text == "更正"


def test_one_line_fields_lose_their_line_breaks_and_text_keeps_them():
    article = make_article(headline="第一行\r\n第二行", dek="第一段\n第二段")
    article.refresh_from_db()
    assert article.headline == "第一行 第二行"
    assert article.dek == "第一段\n第二段"


def test_the_admin_refuses_a_headline_with_a_control_character(client):
    editor = make_user(groups=["editors"])
    make_reporter(user=editor)
    client.force_login(editor)

    response = client.post(
        reverse("admin:articles_article_add"),
        article_form_data(headline="东湖区\x1b举办健步走"),
    )

    assert response.status_code == 200
    assert "U+001B" in response.text
    assert not Article.objects.exists()


def test_the_reporter_admin_refuses_a_name_with_a_control_character(client):
    client.force_login(make_user(is_superuser=True))
    response = client.post(
        reverse("admin:staff_reporter_add"),
        {"name": "罗\x0c晓", "title": "reporter", "is_active": "on"},
    )
    assert response.status_code == 200
    assert "U+000C" in response.text
    assert not Reporter.objects.exists()


def test_a_workflow_reason_with_a_control_character_is_refused(client):
    editor = make_user(groups=["editors"])
    story = make_published_article(department=make_department())
    client.force_login(editor)
    url = reverse("admin:articles_article_transition", args=[story.pk, "unpublish"])

    response = client.post(url, {"comment": "核实\x1b有误"})

    assert response.status_code == 400
    assert Article.objects.get(pk=story.pk).is_published()


def stored_with_controls():
    """A published story whose stored text holds controls, as older data may."""
    story = make_published_article(
        department=make_department(), bylines=[(make_reporter(), "text")]
    )
    Article.objects.filter(pk=story.pk).update(
        headline="东湖区\x1b举办\x0b健步走", dek="导语\x0c"
    )
    return story


@pytest.mark.parametrize(
    "url",
    ["/feed.rss", "/feed.atom", "/news-sitemap.xml", "/sitemap-articles.xml"],
)
def test_feeds_and_sitemaps_never_fail_on_stored_controls(client, url):
    stored_with_controls()
    response = client.get(url)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert "\x1b" not in ET.tostring(root, encoding="unicode")


def test_a_desk_feed_never_fails_on_stored_controls(client):
    story = stored_with_controls()
    response = client.get(
        reverse("articles:department-feed", args=[story.department.slug])
    )
    assert response.status_code == 200
    assert "东湖区举办健步走" in response.text


def test_feeds_carry_the_summary_as_text_not_markup(client):
    story = make_published_article(
        department=make_department(), dek='<img src=x onerror="alert(1)"> 导语'
    )
    for url in ("/feed.rss", "/feed.atom"):
        root = ET.fromstring(client.get(url).content)
        text = "".join(root.itertext())
        # One level of XML escaping is undone by the parser; what is left
        # must still be escaped HTML, shown to readers as text.
        assert "&lt;img" in text, url
        assert "<img" not in text, url
    assert story.dek.startswith("<img")
