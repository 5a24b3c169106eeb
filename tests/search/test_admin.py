from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import (
    make_article,
    make_published_article,
    make_reporter,
    make_user,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")


@pytest.fixture
def editor_client(client):
    client.force_login(make_user(groups=["editors"]))
    return client


def found(response):
    return {article.headline for article in response.context["cl"].result_list}


def test_editors_find_stories_in_every_state(editor_client):
    make_article(headline="巡察草稿")
    make_article(headline="巡察送审", status=Article.Status.SUBMITTED)
    make_article(headline="巡察撤稿", status=Article.Status.UNPUBLISHED)
    make_published_article(headline="巡察已发")
    make_published_article(
        headline="巡察定时", published_at=timezone.now() + timedelta(days=1)
    )
    make_article(headline="植树草稿")

    response = editor_client.get(CHANGELIST, {"q": "巡察"})

    assert found(response) == {
        "巡察草稿",
        "巡察送审",
        "巡察撤稿",
        "巡察已发",
        "巡察定时",
    }


def test_editors_find_words_in_the_body_and_summary(editor_client):
    make_article(headline="甲", body="<p>老旧小区改造完成</p>")
    make_article(headline="乙", dek="小区改造进展")
    make_article(headline="丙", body="<p>小区绿化</p>")

    assert found(editor_client.get(CHANGELIST, {"q": "小区改造"})) == {"甲", "乙"}


def test_reporter_names_are_still_searchable(editor_client):
    make_article(headline="供暖保障", bylines=[(make_reporter(name="罗晓"), "text")])
    make_article(headline="义务植树")

    assert found(editor_client.get(CHANGELIST, {"q": "罗晓"})) == {"供暖保障"}


def test_search_combines_with_the_admin_filters(editor_client):
    make_article(headline="巡察草稿")
    make_published_article(headline="巡察已发")

    response = editor_client.get(
        CHANGELIST, {"q": "巡察", "status__exact": "published"}
    )

    assert found(response) == {"巡察已发"}


@pytest.mark.parametrize(
    "raw", ['"', "AND OR NOT", "'; DROP TABLE x; --", "🎉", "，", "巡" * 5000]
)
def test_odd_admin_searches_never_fail(editor_client, raw):
    make_article(headline="巡察")
    assert editor_client.get(CHANGELIST, {"q": raw}).status_code == 200


def test_bulk_delete_action_removes_stories_from_search(editor_client, indexed):
    doomed = make_article(headline="巡察")
    kept = make_article(headline="巡察组")

    response = editor_client.post(
        CHANGELIST,
        {"action": "delete_selected", "_selected_action": [doomed.pk], "post": "yes"},
    )

    assert response.status_code == 302
    assert indexed("巡察") == {kept.pk}


@pytest.mark.parametrize("raw", ['"', "'", '""', "“”", "-", "？。"])
def test_a_search_of_only_quotes_or_punctuation_finds_nothing_and_says_why(
    editor_client, raw
):
    make_article(headline="巡察整改")
    make_published_article(headline="营商环境")

    response = editor_client.get(CHANGELIST, {"q": raw})

    assert response.status_code == 200
    assert found(response) == set()
    assert "no letters" in response.text or "没有" in response.text


def test_an_empty_search_still_lists_every_story(editor_client):
    make_article(headline="巡察整改")
    assert found(editor_client.get(CHANGELIST, {"q": " "})) == {"巡察整改"}
