"""Feeds as feed readers see them: parsed without complaint, with photos."""

import feedparser
import pytest
from django.urls import reverse

from tests.factories import make_department, make_photo, make_published_article

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("one_stage")]


@pytest.fixture
def stories(settings):
    settings.NEWSROOM_BASE_URL = "https://news.example.cn"
    desk = make_department(slug="urban")
    with_photo = make_published_article(headline="有图的稿件", department=desk)
    make_photo(with_photo, alt_text="施工现场")
    without = make_published_article(headline="无图的稿件", department=desk)
    return desk, with_photo, without


@pytest.mark.parametrize(
    "url",
    [
        reverse("articles:feed-rss"),
        reverse("articles:feed-atom"),
        reverse("articles:department-feed", args=["urban"]),
    ],
)
def test_every_feed_parses_cleanly_and_carries_the_lead_photo(client, stories, url):
    _desk, with_photo, _without = stories
    parsed = feedparser.parse(client.get(url).content)

    assert not parsed.bozo, parsed.get("bozo_exception")
    entries = {entry.title: entry for entry in parsed.entries}
    assert set(entries) == {"有图的稿件", "无图的稿件"}
    (image,) = entries["有图的稿件"].media_content
    assert image["url"].startswith("https://news.example.cn/media/renditions/")
    assert image["url"].endswith(".jpg")
    assert image["medium"] == "image" and image["type"] == "image/jpeg"
    assert int(image["width"]) <= 1024
    assert "media_content" not in entries["无图的稿件"]
    assert (
        client.get(image["url"].removeprefix("https://news.example.cn")).status_code
        == 200
    )


def test_a_feed_costs_a_fixed_number_of_queries(
    client, stories, django_assert_max_num_queries
):
    for n in range(10):
        make_photo(make_published_article(department=stories[0]), alt_text=f"图{n}")
    with django_assert_max_num_queries(2):
        client.get(reverse("articles:feed-rss"))
