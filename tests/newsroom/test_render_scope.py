import zoneinfo
from datetime import UTC, datetime

import pytest
from django.template.loader import get_template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from newsroom import render_scope
from newsroom.addresses import remembered_reverse

pytestmark = pytest.mark.django_db

AT = datetime(2026, 3, 1, 17, 30, tzinfo=UTC)


def test_inside_and_outside_a_render_the_answers_are_django_s():
    with translation.override("en"), timezone.override(zoneinfo.ZoneInfo("UTC")):
        outside = (
            render_scope.language(),
            render_scope.localtime(AT),
            render_scope.gettext("Search"),
            remembered_reverse("articles:latest"),
        )
        with render_scope.fixed():
            inside = (
                render_scope.language(),
                render_scope.localtime(AT),
                render_scope.gettext("Search"),
                remembered_reverse("articles:latest"),
            )
    assert inside == outside
    assert outside[0] == "en" and outside[1].hour == 17


def test_the_reading_is_of_the_request_that_renders():
    shanghai = zoneinfo.ZoneInfo("Asia/Shanghai")
    with translation.override("zh-hans"), timezone.override(shanghai):
        with render_scope.fixed():
            assert render_scope.language() == "zh-hans"
            assert render_scope.localtime(AT).hour == 1  # next day, 01:30
            assert render_scope.gettext("Search") == translation.gettext("Search")
            assert render_scope.gettext("Search") != "Search"
    with translation.override("en"), render_scope.fixed():
        assert render_scope.gettext("Search") == "Search"
    assert render_scope.current() is None


def test_an_empty_message_is_empty_not_the_catalogue_header():
    with translation.override("zh-hans"), render_scope.fixed():
        assert render_scope.gettext("") == ""


def test_naive_and_non_datetime_values_are_left_as_django_leaves_them():
    with render_scope.fixed():
        naive = datetime(2026, 3, 1, 9, 0)  # noqa: DTZ001 - naive on purpose
        assert render_scope.template_localtime(naive) is naive
        assert render_scope.template_localtime("x") == "x"


def test_a_public_page_renders_in_the_request_s_language_and_zone():
    template = get_template("404.html")
    request = RequestFactory().get("/nowhere/")
    with translation.override("en"):
        english = template.render({}, request)
    with translation.override("zh-hans"):
        chinese = template.render({}, request)
    assert 'lang="en"' in english and 'lang="zh-Hans"' in chinese
    assert reverse("search:search") in english
    assert render_scope.current() is None


def test_inside_a_render_addresses_and_times_do_not_ask_django_again(monkeypatch):
    with render_scope.fixed():

        def asked(*args):
            raise AssertionError("read the request's state again")

        monkeypatch.setattr("newsroom.addresses.get_language", asked)
        monkeypatch.setattr("newsroom.addresses.get_urlconf", asked)
        monkeypatch.setattr("newsroom.render_scope.get_language", asked)
        monkeypatch.setattr(timezone, "get_current_timezone", asked)
        assert remembered_reverse("articles:latest") == reverse("articles:latest")
        assert render_scope.language() == translation.get_language()
        assert render_scope.localtime(AT).tzinfo is not None
