from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.search import query as search_query
from articles.search.tokens import MAX_QUERY_LENGTH
from tests.factories import (
    make_article,
    make_department,
    make_photo,
    make_published_article,
    make_reporter,
    make_user,
)

pytestmark = pytest.mark.django_db

SEARCH_URL = reverse("search:search")


def search(client, params=None, **kwargs):
    """Search as a reader whose browser asks for English."""
    kwargs.setdefault("headers", {"accept-language": "en"})
    return client.get(SEARCH_URL, params, **kwargs)


def headlines(response):
    return [article.headline for article in response.context["object_list"]]


def test_every_page_links_to_search(client):
    response = client.get(reverse("articles:front-page"))
    content = response.content.decode()
    assert f'action="{SEARCH_URL}"' in content
    assert 'name="q"' in content


def test_results_are_highlighted_with_a_snippet(client):
    make_published_article(
        headline="河畔区启动春季植树",
        dek="",
        body="<p>本报讯 3月12日，河畔区组织干部群众在北山森林公园植树。</p>",
    )

    response = client.get(SEARCH_URL, {"q": "植树"})

    assert response.status_code == 200
    content = response.content.decode()
    assert "河畔区启动春季<mark>植树</mark>" in content
    assert "北山森林公园<mark>植树</mark>。" in content
    assert "找到 1 条新闻" in content


def test_highlighting_escapes_the_text(client):
    make_published_article(headline="<b>植树</b> & 护绿", body="")

    content = search(client, {"q": "植树"}).content.decode()

    assert "&lt;b&gt;<mark>植树</mark>&lt;/b&gt; &amp; 护绿" in content
    assert "<b>植树" not in content


def test_only_published_stories_are_listed(client):
    now = timezone.now()
    shown = make_published_article(headline="公开的巡察稿")
    make_article(headline="草稿的巡察稿")
    make_article(headline="已撤下的巡察稿", status=Article.Status.UNPUBLISHED)
    make_published_article(
        headline="定时的巡察稿", published_at=now + timedelta(minutes=5)
    )

    response = search(client, {"q": "巡察"})

    assert headlines(response) == [shown.headline]
    content = response.content.decode()
    for hidden in ("草稿的", "已撤下的", "定时的"):
        assert hidden not in content


def test_headline_matches_rank_above_body_matches_then_newest_first(client):
    now = timezone.now()
    body_new = make_published_article(
        headline="新闻一", body="<p>营商环境</p>", published_at=now - timedelta(1)
    )
    head_old = make_published_article(
        headline="营商环境报告", body="", published_at=now - timedelta(30)
    )
    head_new = make_published_article(
        headline="优化营商环境", body="", published_at=now - timedelta(2)
    )
    body_old = make_published_article(
        headline="新闻二", body="<p>营商环境</p>", published_at=now - timedelta(40)
    )

    response = search(client, {"q": "营商环境"})

    assert headlines(response) == [
        head_new.headline,
        head_old.headline,
        body_new.headline,
        body_old.headline,
    ]


def test_several_words_must_all_appear(client):
    both = make_published_article(headline="植树", body="<p>巡察</p>")
    make_published_article(headline="植树", body="<p>绿化</p>")

    response = search(client, {"q": "巡察 植树"})

    assert [a.pk for a in response.context["object_list"]] == [both.pk]


def test_results_are_paginated_and_pages_keep_the_query(client):
    now = timezone.now()
    stories = [
        make_published_article(
            headline=f"植树第{n}篇", published_at=now - timedelta(minutes=n + 1)
        )
        for n in range(21)
    ]

    first = search(client, {"q": "植树"})
    second = search(client, {"q": "植树", "page": 2})

    assert headlines(first) == [s.headline for s in stories[:20]]
    assert headlines(second) == [stories[20].headline]
    assert "?q=%E6%A4%8D%E6%A0%91&amp;page=2" in first.content.decode()
    assert "21 stories found" in first.content.decode()
    assert "21 stories found" in second.content.decode()
    for page in (3, 0, -1, "x", "1.5"):
        assert search(client, {"q": "植树", "page": page}).status_code == 404


def test_counts_stop_at_the_limit(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(search_query, "COUNT_LIMIT", 3)
    monkeypatch.setattr("articles.search.views.COUNT_LIMIT", 3)
    for _ in range(3):
        make_published_article(headline="植树")
    assert "3 stories found" in search(client, {"q": "植树"}).content.decode()

    # The new story's commit ends the cached results page's generation.
    with django_capture_on_commit_callbacks(execute=True):
        make_published_article(headline="植树")
    content = search(client, {"q": "植树"}).content.decode()
    assert "More than 3 stories found" in content


def test_department_filter(client):
    desk = make_department(slug="economy", name="经济")
    other = make_department(slug="politics", name="时政")
    inside = make_published_article(headline="营商环境", department=desk)
    make_published_article(headline="营商环境", department=other)

    response = search(client, {"q": "营商环境", "department": "economy"})

    assert [a.pk for a in response.context["object_list"]] == [inside.pk]


def test_date_range_covers_whole_local_days(client):
    # Shanghai is UTC+8: 16:00 UTC on the 9th is midnight on the 10th.
    def at(day, hour, minute=0):
        return datetime(2026, 3, day, hour, minute, tzinfo=UTC)

    before = make_published_article(headline="植树甲", published_at=at(9, 15, 59))
    first = make_published_article(headline="植树乙", published_at=at(9, 16))
    last = make_published_article(headline="植树丙", published_at=at(12, 15, 59))
    make_published_article(headline="植树丁", published_at=at(12, 16))

    response = client.get(
        SEARCH_URL, {"q": "植树", "since": "2026-03-10", "until": "2026-03-12"}
    )
    assert {a.pk for a in response.context["object_list"]} == {first.pk, last.pk}

    response = search(client, {"q": "植树", "until": "2026-03-09"})
    assert [a.pk for a in response.context["object_list"]] == [before.pk]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"since": "2026-13-45"}, "Enter a valid date"),
        ({"since": "1066-10-14"}, "Enter a date between"),
        ({"until": "9999-12-31"}, "Enter a date between"),
        ({"since": "2026-03-12", "until": "2026-03-10"}, "start date is after"),
        ({"department": "no-such-desk"}, "Select a valid choice"),
    ],
)
def test_bad_filters_are_explained_not_searched(client, params, message):
    make_published_article(headline="植树")

    response = search(client, {"q": "植树", **params})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert list(response.context["object_list"]) == []


@pytest.mark.parametrize(
    "raw",
    [
        '"植树',
        "植树\"'",
        "植树 AND 巡察",
        "植树 OR 巡察",
        "NOT 植树",
        "NEAR(植树 巡察)",
        "植树*",
        "^植树",
        "headline:植树",
        "(植树",
        "植树)",
        '"',
        "'; DROP TABLE articles_article; --",
        "植树' OR '1'='1",
        "植树 & 巡察 | !绿化 <-> :*",
        "\\",
        "%_%",
        "🌳🌳",
        "，。、",
        "",
        " ",
    ],
)
def test_hostile_or_odd_queries_never_fail(client, raw):
    make_published_article(headline="植树节", body="<p>巡察</p>")

    response = search(client, {"q": raw})

    assert response.status_code == 200


def test_operator_words_are_searched_as_words(client):
    make_published_article(headline="植树 and 巡察")
    make_published_article(headline="植树和巡察")

    response = search(client, {"q": "植树 AND 巡察"})

    assert headlines(response) == ["植树 and 巡察"]


def test_punctuation_only_gets_a_hint(client):
    content = search(client, {"q": "，。🎉"}).content.decode()
    assert "punctuation and emoji are ignored" in content


def test_a_long_query_is_cut_with_a_note(client):
    make_published_article(headline="植树")
    raw = "植树" + "。" * 9_998

    response = search(client, {"q": raw})

    assert response.status_code == 200
    content = response.content.decode()
    assert f"longer than {MAX_QUERY_LENGTH} characters" in content
    assert headlines(response) == ["植树"]
    assert response.context["query"].text == raw[:MAX_QUERY_LENGTH]


def test_a_query_at_the_limit_has_no_note(client):
    content = search(client, {"q": "植" * MAX_QUERY_LENGTH}).content.decode()
    assert "longer than" not in content


def test_ten_thousand_chinese_characters_are_cut_and_searched(client):
    response = search(client, {"q": "植树" * 5_000})
    assert response.status_code == 200
    assert response.context["query"].cut


@pytest.mark.parametrize(
    "query_string",
    ["q=%FF%FE%FD", "q=%E6%A4", "q=%E6%A4%8D%00%E6%A0%91", "q=%C0%AF&page=%FF"],
)
def test_invalid_utf8_and_nul_bytes_are_harmless(client, query_string):
    make_published_article(headline="植树")

    response = client.generic("GET", SEARCH_URL, QUERY_STRING=query_string)

    # A NUL character is refused for the whole site with a clear 400.
    assert response.status_code in (200, 400, 404)


def test_nul_inside_a_query_gets_a_clear_refusal(client):
    make_published_article(headline="植树")
    response = client.generic("GET", SEARCH_URL, QUERY_STRING="q=%E6%A4%8D%00%E6%A0%91")
    assert response.status_code == 400
    assert "NUL" in response.text or "空字符" in response.text


@pytest.mark.parametrize("count", [5, 40])
def test_search_runs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, count
):
    desk = make_department()
    for n in range(count):
        article = make_published_article(
            headline=f"植树{n}",
            department=desk,
            bylines=[(make_reporter(), "text"), (make_reporter(), "photo")],
        )
        if n % 2:
            make_photo(article)

    # The page cache's generation, headline ids, rest ids, the page's
    # articles (bylines and photos in their rows) and the desks for the
    # filter and the navigation; PostgreSQL finds the ids in one query.
    with django_assert_max_num_queries(6 if connection.vendor == "sqlite" else 5):
        response = search(client, {"q": "植树"})
    assert response.status_code == 200


def test_english_and_chinese_interfaces(client):
    make_published_article(headline="植树")
    zh = client.get(SEARCH_URL, {"q": "植树"}).content.decode()
    en = search(client, {"q": "植树"}).content.decode()
    assert "找到 1 条新闻" in zh
    assert "1 story found" in en


def test_an_empty_search_asks_for_words(client):
    make_published_article(headline="植树")

    response = search(client, headers={"accept-language": "en"})

    assert response.status_code == 200
    assert list(response.context["object_list"]) == []
    assert "Type a word or a name" in response.content.decode()


def test_a_repeated_search_is_answered_from_the_cache(
    client, django_assert_num_queries
):
    make_published_article(headline="植树", department=make_department())
    first = search(client, {"q": "植树"})
    assert "X-Page-Cache" not in first

    with django_assert_num_queries(0):
        again = search(client, {"q": "植树", "utm_source": "wechat"})
    assert again["X-Page-Cache"] == "hit"
    assert again.content == first.content
    # Another query, desk or page is another page.
    assert "X-Page-Cache" not in search(client, {"q": "护林"})
    assert "X-Page-Cache" not in search(client, {"q": "植树", "since": "2026-01-01"})


def test_a_retracted_story_leaves_cached_results_at_once(
    client, django_capture_on_commit_callbacks
):
    editor = make_user(groups=["editors"])
    story = make_published_article(
        headline="植树造林成果", department=make_department()
    )
    # The match is highlighted: <mark>植树</mark>造林成果.
    assert "造林成果" in search(client, {"q": "植树"}).text

    with django_capture_on_commit_callbacks(execute=True):
        story.unpublish(editor, "核实有误")

    again = search(client, {"q": "植树"})
    assert "X-Page-Cache" not in again
    assert "造林成果" not in again.text


def test_signed_in_staff_search_afresh(client):
    make_published_article(headline="植树", department=make_department())
    search(client, {"q": "植树"})
    client.force_login(make_user(groups=["editors"]))
    assert "X-Page-Cache" not in search(client, {"q": "植树"})
