"""Guessing passwords is stopped, per username and per address, with a clear
page, and an administrator can unlock."""

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from tests.factories import make_user

pytestmark = pytest.mark.django_db

LOGIN = reverse("admin:login")
PASSWORD = "a-long-safe-passphrase"


def sign_in(client, username, password, address="203.0.113.7"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def test_twenty_five_wrong_passwords_in_a_row_lock_the_account(client, settings):
    settings.AXES_FAILURE_LIMIT = 10
    make_user(username="editor", password=PASSWORD)

    answers = [sign_in(client, "editor", f"guess-{n}").status_code for n in range(25)]

    assert answers[:9] == [200] * 9  # the form again, with an error
    assert set(answers[10:]) == {429}
    locked = sign_in(client, "editor", PASSWORD)
    assert locked.status_code == 429
    assert "15" in locked.text  # minutes to wait
    assert "_auth_user_id" not in client.session


def test_an_address_guessing_many_usernames_is_locked(settings):
    settings.AXES_FAILURE_LIMIT = 10
    make_user(username="chief", password=PASSWORD)
    attacker = Client()
    for n in range(10):
        sign_in(attacker, f"user{n}", "guess", address="198.51.100.9")

    assert sign_in(attacker, "chief", PASSWORD, address="198.51.100.9").status_code == (
        429
    )
    # Someone else, elsewhere, still signs in.
    assert sign_in(Client(), "chief", PASSWORD, address="192.0.2.1").status_code == 302


def test_behind_a_proxy_the_forwarded_address_is_counted(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.NEWSROOM_PROXY_COUNT = 1
    make_user(username="chief", password=PASSWORD)
    proxy = "127.0.0.1"
    for n in range(3):
        Client().post(
            LOGIN,
            {"username": f"user{n}", "password": "guess"},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR="198.51.100.9",
        )
    # Another reader behind the same proxy is not locked out with the guesser.
    response = Client().post(
        LOGIN,
        {"username": "chief", "password": PASSWORD, "next": "/admin/"},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR="192.0.2.1",
    )
    assert response.status_code == 302


def test_an_administrator_unlocks_by_deleting_the_attempts(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    make_user(username="editor", password=PASSWORD)
    for n in range(3):
        sign_in(client, "editor", f"guess-{n}")
    assert sign_in(client, "editor", PASSWORD).status_code == 429

    admin = Client()
    admin.force_login(make_user(is_superuser=True))
    attempt = AccessAttempt.objects.get(username="editor")
    changelist = reverse("admin:axes_accessattempt_changelist")
    assert "editor" in admin.get(changelist).text
    admin.post(
        reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"}
    )

    assert sign_in(client, "editor", PASSWORD).status_code == 302
