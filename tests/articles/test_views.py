from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import (
    make_article,
    make_department,
    make_photo,
    make_published_article,
    make_reporter,
)

pytestmark = pytest.mark.django_db


def test_front_page_lists_published_articles_newest_first(client):
    now = timezone.now()
    older = make_published_article(
        headline="旧闻", published_at=now - timedelta(days=2)
    )
    newer = make_published_article(
        headline="新闻", published_at=now - timedelta(hours=1)
    )
    make_article(headline="草稿不该出现")
    make_published_article(
        headline="定时稿不该出现", published_at=now + timedelta(hours=1)
    )

    response = client.get(reverse("articles:front-page"))

    assert response.status_code == 200
    assert list(response.context["object_list"]) == [newer, older]
    content = response.content.decode()
    assert "草稿不该出现" not in content
    assert "定时稿不该出现" not in content
    assert 'lang="zh-Hans"' in content


def test_front_page_is_paginated(client):
    for _ in range(21):
        make_published_article()

    first = client.get(reverse("articles:front-page"))
    second = client.get(reverse("articles:front-page"), {"page": 2})

    assert len(first.context["object_list"]) == 20
    assert len(second.context["object_list"]) == 1
    assert client.get(reverse("articles:front-page"), {"page": 9}).status_code == 404
    assert client.get(reverse("articles:front-page"), {"page": "x"}).status_code == 404


def test_article_page_shows_the_story(client):
    reporter = make_reporter(name="罗晓")
    article = make_published_article(
        headline="经开区召开安全生产会",
        dek="部署冬季安全生产工作。",
        body="<p>本报讯 11月20日，会议召开。</p>",
        department=make_department(name="时政"),
        bylines=[(reporter, "text"), (reporter, "photo")],
    )
    make_photo(article, caption="会议现场", alt_text="会场全景")
    article.tags.add("安全生产")

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    content = response.content.decode()
    for text in (
        "经开区召开安全生产会",
        "部署冬季安全生产工作。",
        "本报讯 11月20日",
        "记者 罗晓 文/图",
        "会议现场",
        'alt="会场全景"',
        "安全生产",
        "时政",
    ):
        assert text in content


@pytest.mark.parametrize(
    "state",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.SUBMITTED},
        {"status": Article.Status.UNPUBLISHED},
        {
            "status": Article.Status.PUBLISHED,
            "published_at": timezone.now() + timedelta(days=1),
        },
    ],
    ids=["draft", "submitted", "unpublished", "scheduled"],
)
def test_anything_not_published_is_404(client, state):
    article = make_article(**state)

    response = client.get(article.get_absolute_url())

    assert response.status_code == 404
    assert article.headline not in response.content.decode()


def test_wrong_date_in_the_url_redirects_permanently_to_the_canonical_one(client):
    article = make_published_article()
    wrong = reverse(
        "articles:article-detail",
        kwargs={"year": 2001, "month": 1, "day": 1, "slug": article.slug},
    )

    response = client.get(wrong)

    assert response.status_code == 301
    assert response["Location"] == article.get_absolute_url()


def test_url_date_is_the_local_publication_date():
    # 2026-11-20 17:30 UTC is already the 21st in Shanghai.
    when = datetime(2026, 11, 20, 17, 30, tzinfo=UTC)
    article = make_published_article(slug="late-night", published_at=when)

    assert article.get_absolute_url() == "/2026/11/21/late-night/"


@pytest.mark.parametrize("count", [10, 60])
def test_front_page_runs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, count
):
    desk = make_department()
    for n in range(count):
        article = make_published_article(
            department=desk,
            bylines=[(make_reporter(), "text"), (make_reporter(), "photo")],
        )
        if n % 2:
            make_photo(article)
        article.tags.add("植树", f"标签{n}")

    with django_assert_max_num_queries(5):
        response = client.get(reverse("articles:front-page"))
    assert response.status_code == 200


@pytest.mark.parametrize("photos", [1, 6])
def test_article_page_runs_a_fixed_number_of_queries(
    client, django_assert_max_num_queries, photos
):
    reporters = [make_reporter() for _ in range(photos)]
    article = make_published_article(bylines=[(r, "text") for r in reporters])
    for _ in range(photos):
        make_photo(article)
    article.tags.add(*[f"标签{n}" for n in range(photos)])

    with django_assert_max_num_queries(6):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200


def test_english_is_served_to_browsers_that_ask_for_it(client):
    response = client.get(
        reverse("articles:front-page"), headers={"accept-language": "en"}
    )
    assert 'lang="en"' in response.content.decode()
    assert "No stories have been published yet." in response.content.decode()


def test_chinese_is_the_default_language(client):
    response = client.get(reverse("articles:front-page"))
    assert "暂无已发布的新闻。" in response.content.decode()
