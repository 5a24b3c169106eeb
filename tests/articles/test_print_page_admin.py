"""Editors keep the print pages' names and editors right in the admin."""

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from articles.models import PrintPage
from tests.factories import (
    make_article,
    make_placement,
    make_print_page,
    make_user,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_printpage_changelist")


@pytest.fixture
def page():
    page = make_print_page(label="3", name="要闻", editors=[["责任编辑", "周海波"]])
    for _ in range(2):
        make_placement(make_article(), page)
    return page


def test_editors_see_each_page_with_its_editors_and_stories(client, page):
    client.force_login(make_user(groups=["editors"]))
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    html = response.text
    assert "第3版" in html and "责任编辑：周海波" in html
    assert response.context["cl"].result_list[0].stories == 2


def test_editors_correct_a_page_name_but_add_no_page(client, page):
    client.force_login(make_user(groups=["editors"]))
    url = reverse("admin:articles_printpage_change", args=[page.pk])
    response = client.post(
        url, {"name": "经济", "paper": "东湖日报", "editors": '[["责任编辑", "王磊"]]'}
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert (page.name, page.editors, page.label) == (
        "经济",
        [["责任编辑", "王磊"]],
        "3",
    )
    assert client.get(reverse("admin:articles_printpage_add")).status_code == 403


@pytest.mark.parametrize(("group", "status"), [("reporters", 403), ("editors", 200)])
def test_only_the_desk_may_open_the_pages(client, page, group, status):
    client.force_login(make_user(groups=[group]))
    assert client.get(CHANGELIST).status_code == status


def test_a_page_with_stories_cannot_be_deleted(page):
    with pytest.raises(ProtectedError):
        PrintPage.objects.filter(pk=page.pk).delete()
