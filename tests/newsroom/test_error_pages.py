"""Refusals in the site's own look, and logins that land somewhere real."""

import pytest
from django.urls import reverse

from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_a_refused_page_is_a_styled_403(client):
    client.force_login(make_user(groups=["reporters"]))
    response = client.get(reverse("admin:articles_article_import_edition"))

    assert response.status_code == 403
    assert '<link rel="stylesheet"' in response.text
    assert '<header class="masthead">' in response.text
    assert reverse("articles:front-page") in response.text


def test_a_form_sent_without_its_csrf_token_is_a_styled_403():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("admin:login"), {"username": "x"})
    assert response.status_code == 403
    assert '<link rel="stylesheet"' in response.text


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example.com/", "//evil.example.com/", "javascript:alert(1)"],
)
def test_a_login_with_an_unsafe_next_lands_on_the_desk(client, next_url):
    make_user(username="editor", password="a-long-safe-passphrase")
    response = client.post(
        reverse("admin:login") + "?next=" + next_url,
        {
            "username": "editor",
            "password": "a-long-safe-passphrase",
            "next": next_url,
        },
    )
    assert response.status_code == 302
    location = response["Location"]
    if location.startswith(("http", "//")):
        pytest.fail(f"sent off the site to {location}")
    assert client.get(location, follow=True).status_code == 200
