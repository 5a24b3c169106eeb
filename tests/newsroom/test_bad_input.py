"""Query strings and addresses no database can answer get a clear answer, not a 500."""

import pytest
from django.contrib.messages import get_messages

from tests.factories import (
    make_department,
    make_published_article,
    make_reporter,
    make_user,
)

pytestmark = pytest.mark.django_db

BIG = "99999999999999999999"


@pytest.fixture
def signed_in(client):
    make_published_article(
        department=make_department(), bylines=[(make_reporter(), "text")]
    )
    client.force_login(make_user(is_superuser=True))
    return client


@pytest.mark.parametrize(
    "query",
    [
        f"reporter={BIG}",
        f"department__id__exact={BIG}",
        f"pk__in=1,{BIG}",
        f"id={BIG}",
        f"department__id__exact=-{BIG}",
    ],
)
def test_an_overflowing_admin_filter_is_removed_with_a_message(signed_in, query):
    url = "/admin/articles/article/"
    response = signed_in.get(f"{url}?{query}&state=published")

    assert response.status_code == 302
    assert response["Location"] == f"{url}?state=published"
    (message,) = get_messages(response.wsgi_request)
    assert "out of range" in str(message) or "超出" in str(message)
    assert signed_in.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        f"/admin/staff/reporter/?department__id__exact={BIG}",
        f"/admin/outbox/message/?id={BIG}",
        f"/admin/articles/bannedword/?id={BIG}",
    ],
)
def test_every_admin_list_refuses_overflowing_filters(signed_in, url):
    assert signed_in.get(url).status_code == 302


@pytest.mark.parametrize(
    "url",
    [
        f"/admin/articles/article/{BIG}/change/",
        f"/admin/articles/article/{BIG}/workflow/submit/",
        f"/admin/articles/article/1/revisions/compare/?a={BIG}&b=1",
        f"/admin/articles/article/1/revisions/{BIG}/restore/",
        f"/admin/articles/article/1/preview-links/{BIG}/revoke/",
        f"/admin/staff/reporter/{BIG}/change/",
        "/admin/articles/article/?q=%22",
        "/admin/articles/article/?q=%27",
        f"/latest/?before=1_{BIG}",
        f"/latest/?after=1_{BIG}",
        f"/search/?q=会议&page={BIG}",
        f"/search/?q=会议&department={BIG}",
        "/search/?q=会议&since=99999-01-01",
        f"/2026/12/{BIG}/",
        f"/{BIG}/1/1/",
        f"/{BIG}/1/1/x/",
        f"/sitemap-articles.xml?p={BIG}",
        f"/reporter/{BIG}/",
    ],
)
def test_bad_numbers_in_addresses_never_give_a_500(signed_in, url):
    assert signed_in.get(url).status_code < 500


@pytest.mark.parametrize("url", [f"/2026/12/{BIG}/", f"/{BIG}/1/1/"])
def test_an_impossible_day_is_not_found(client, url):
    assert client.get(url).status_code == 404
