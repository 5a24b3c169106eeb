"""A cached public page is answered whole, before the middleware runs again
(articles.page_cache.CachedPageMiddleware), and exactly as the stack would."""

import pytest
from django.core.cache import cache

from tests.factories import (
    make_department,
    make_published_article,
    make_reporter,
    make_user,
)

pytestmark = pytest.mark.django_db

# The headers a visit answered from the cache gives afresh each time.
PER_ANSWER = {"Content-Length", "Content-Encoding", "ETag", "Cache-Control"}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def story():
    return make_published_article(
        department=make_department(), bylines=[(make_reporter(), "text")]
    )


def answered_whole(response):
    # The middleware after CachedPageMiddleware never ran: no user was read.
    return not hasattr(response.wsgi_request, "user")


def test_a_second_visit_is_answered_whole_with_every_header(
    client, django_assert_num_queries
):
    article = story()
    first = client.get(article.get_absolute_url())
    assert not answered_whole(first)

    with django_assert_num_queries(0):
        second = client.get(article.get_absolute_url())

    assert answered_whole(second)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    for name, value in first.items():
        if name not in PER_ANSWER:
            assert second[name] == value, name
    assert second["ETag"] == first["ETag"]
    assert "X-Frame-Options" in second and "Content-Security-Policy" in second


def test_conditional_and_compressed_visits_are_kept(client):
    article = story()
    etag = client.get(article.get_absolute_url())["ETag"]

    again = client.get(article.get_absolute_url(), headers={"if-none-match": etag})
    assert again.status_code == 304 and answered_whole(again)

    packed = client.get(article.get_absolute_url(), headers={"accept-encoding": "br"})
    assert packed["Content-Encoding"] == "br" and answered_whole(packed)
    assert packed["ETag"] != etag


def test_languages_are_kept_apart(client):
    story()
    for _ in range(2):
        client.get("/")
        client.get("/", headers={"accept-language": "en"})

    chinese = client.get("/")
    english = client.get("/", headers={"accept-language": "en"})

    assert answered_whole(chinese) and answered_whole(english)
    assert 'lang="zh-Hans"' in chinese.text
    assert 'lang="en"' in english.text
    assert english["Content-Language"] == "en"


def test_a_session_goes_through_the_middleware(client):
    article = story()
    client.get(article.get_absolute_url())
    client.get(article.get_absolute_url())
    client.force_login(make_user())

    response = client.get(article.get_absolute_url())

    assert not answered_whole(response)
    assert "X-Page-Cache" not in response


def test_parameters_a_page_does_not_read_are_not_kept_apart(client):
    story()
    for _ in range(3):
        response = client.get("/?utm_source=wechat")

    assert not answered_whole(response)
    assert response["X-Page-Cache"] == "hit"


def test_a_change_is_seen_at_once(client, django_capture_on_commit_callbacks):
    article = story()
    client.get(article.get_absolute_url())
    client.get(article.get_absolute_url())

    with django_capture_on_commit_callbacks(execute=True):
        article.headline = "标题改过了"
        article.save()

    response = client.get(article.get_absolute_url())
    assert "标题改过了" in response.text
    assert not answered_whole(response)


def test_a_host_not_allowed_is_refused_as_before(client):
    article = story()
    client.get(article.get_absolute_url())
    client.get(article.get_absolute_url())

    response = client.get(article.get_absolute_url(), headers={"host": "evil.example"})

    assert response.status_code == 400
