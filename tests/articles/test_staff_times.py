"""Every time staff read is local (Asia/Shanghai) and to the minute."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from reversion.models import Version

from newsroom.clock import local_minute
from tests.articles.test_revisions_and_previews import save_via_admin
from tests.factories import make_article, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("one_stage")]

# 06:55:45.364669 UTC is 14:55 in Shanghai.
SAVED_AT = dt.datetime(2026, 12, 1, 6, 55, 45, 364669, tzinfo=dt.UTC)


def test_local_minute_is_shanghai_time_without_seconds():
    assert local_minute(SAVED_AT) == "2026-12-01 14:55"
    assert local_minute(None) == ""


def test_restoring_a_revision_says_when_in_local_minutes(client):
    editor = make_user(groups=["editors"])
    client.force_login(editor)
    article = make_article(headline="原标题")
    with time_machine.travel(SAVED_AT, tick=False):
        save_via_admin(client, article)
    save_via_admin(client, article, headline="改后的标题")
    oldest = Version.objects.get_for_object(article).last()

    url = reverse("admin:articles_article_restore", args=[article.pk, oldest.pk])
    confirm = client.get(url)
    response = client.post(url, follow=True)

    said = [str(m) for m in response.context["messages"]]
    assert any("2026-12-01 14:55" in m for m in said), said
    assert not any("+00:00" in m or "06:55" in m or ":45" in m for m in said)
    assert "2026-12-01 14:55" in confirm.text
    assert "14:55:45" not in confirm.text
    event = article.events.get(action="restore")
    assert event.comment == "2026-12-01 14:55"
    newest = Version.objects.get_for_object(article).first()
    assert "2026-12-01 14:55" in newest.revision.get_comment()
    listing = client.get(reverse("admin:articles_article_revisions", args=[article.pk]))
    assert "14:55:45" not in listing.text
