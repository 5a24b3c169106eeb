"""Presence (who has a story open) and autosave (unsaved text kept apart)."""

from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from articles import presence
from articles.models import Article, AutosavedDraft
from articles.page_cache import GENERATION_KEY, current_generation
from outbox.models import Message
from tests.articles.test_admin import article_form_data
from tests.factories import make_newsroom, make_published_article, make_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return make_newsroom()


def report(client, user, story, **data):
    client.force_login(user)
    url = reverse("admin:articles_article_presence", args=[story.pk])
    return client.post(url, {"version": story.version, **data})


def autosave(client, user, story=None, **data):
    client.force_login(user)
    if story is None:
        url = reverse("admin:articles_article_autosave_new")
    else:
        url = reverse("admin:articles_article_autosave", args=[story.pk])
    return client.post(url, data)


class TestPresence:
    def test_two_people_with_a_story_open_see_each_other(self, client, people):
        story = make_story(people)
        opened = timezone.localtime().strftime("%H:%M")
        report(client, people.reporter, story, dirty="1")

        answer = report(client, people.editor, story).json()

        (other,) = answer["others"]
        assert other["name"] == "顾晓岚"
        assert other["dirty"] is True
        assert other["text"] == f"顾晓岚 正在编辑，{opened} 起，有未保存的修改"
        back = report(client, people.reporter, story).json()
        assert [o["text"] for o in back["others"]] == [f"沈怡 正在编辑，{opened} 起"]

    def test_someone_who_may_only_read_is_viewing(self, client, people):
        story = make_story(people)
        story.submit(people.reporter)
        report(client, people.reporter, story, dirty="1")

        (other,) = report(client, people.editor, story).json()["others"]

        assert other["editing"] is False and other["dirty"] is False
        assert "正在查看" in other["text"]

    def test_since_is_when_the_form_was_opened(self, client, people):
        story = make_story(people)
        start = timezone.now().replace(hour=2, minute=2, second=0)
        with time_machine.travel(start, tick=False):
            report(client, people.reporter, story)
        with time_machine.travel(start + timedelta(seconds=30), tick=False):
            report(client, people.reporter, story)
            (other,) = report(client, people.editor, story).json()["others"]
        local = timezone.localtime(start).strftime("%H:%M")
        assert other["text"].endswith(f"{local} 起")

    def test_a_closed_form_or_a_silent_one_drops_out(self, client, people, settings):
        story = make_story(people)
        report(client, people.reporter, story)
        report(client, people.reporter, story, leave="1")
        assert report(client, people.editor, story).json()["others"] == []

        report(client, people.head, story)
        later = timezone.now() + timedelta(
            seconds=settings.NEWSROOM_PRESENCE_TIMEOUT + 5
        )
        with time_machine.travel(later):
            assert presence.present([story.pk], exclude_user=people.editor) == {}

    def test_a_newer_save_is_announced_with_who_saved_it(self, client, people):
        story = make_story(people)
        client.force_login(people.reporter)
        opened_at = story.version
        data = article_form_data(
            headline="临水路管网改造提前完工",
            body=story.body,
            department=story.department_id,
            expected_version=opened_at,
        )
        data.update({"bylines-TOTAL_FORMS": "0", "photos-TOTAL_FORMS": "0"})
        url = reverse("admin:articles_article_change", args=[story.pk])
        assert client.post(url, data).status_code == 302

        client.force_login(people.editor)
        answer = client.post(
            reverse("admin:articles_article_presence", args=[story.pk]),
            {"version": opened_at},
        ).json()

        assert "顾晓岚" in answer["newer"]
        assert answer["version"] == opened_at + 1

    def test_lists_show_who_has_a_story_open(self, client, people):
        story = make_story(people)
        story.submit(people.reporter)
        report(client, people.head, story)

        client.force_login(people.editor)
        listing = client.get(reverse("admin:articles_article_changelist"))
        desk = client.get(reverse("admin:index"))

        assert "温知行 正在查看" in listing.text or "温知行 正在编辑" in listing.text
        (queued,) = desk.context["desk"]["queue"]
        assert queued.editing_now and queued.editing_now[0].startswith("温知行")
        assert "温知行 正在" in desk.text

    def test_a_list_asks_the_cache_twice_however_long_it_is(self, people):
        stories = [make_story(people) for _ in range(12)]
        for story in stories:
            presence.report(story.pk, people.editor, editing=True, dirty=False)

        with mock.patch.object(cache, "get_many", wraps=cache.get_many) as reads:
            found = presence.present([s.pk for s in stories])

        assert reads.call_count == 2
        assert len(found) == 12

    def test_a_stranger_learns_nothing(self, client, people):
        story = make_story(people)
        other = make_newsroom().reporter

        response = report(client, other, story)

        assert response.status_code == 404


class TestAutosave:
    def test_autosave_keeps_a_draft_apart_from_the_story(self, client, people):
        story = make_published_article(
            department=people.desk,
            created_by=people.reporter,
            bylines=[(people.reporter.reporter, "text")],
        )
        Message.objects.all().delete()
        version = story.version
        generation, _until = current_generation()
        public = client.get(story.get_absolute_url()).text

        response = autosave(
            client,
            people.chief,
            story,
            headline="未保存的新标题",
            dek="",
            body="<p>还没保存的正文。</p>",
            base_version=version,
        )

        assert response.status_code == 200
        draft = AutosavedDraft.objects.get()
        assert (draft.article, draft.user, draft.headline) == (
            story,
            people.chief,
            "未保存的新标题",
        )
        story.refresh_from_db()
        assert story.version == version
        assert story.headline != "未保存的新标题"
        assert not Message.objects.exists()
        assert cache.get(GENERATION_KEY)["id"] == generation
        client.logout()
        assert "未保存的新标题" not in client.get(story.get_absolute_url()).text
        assert client.get(story.get_absolute_url()).text == public

    def test_reopening_the_story_offers_the_draft(self, client, people):
        story = make_story(people)
        autosave(
            client, people.reporter, story, headline="改了一半的标题", body=story.body
        )

        page = client.get(reverse("admin:articles_article_change", args=[story.pk]))

        config = page.context["live_config"]
        assert config["draft"]["headline"] == "改了一半的标题"
        assert config["draft"]["baseVersion"] is None
        assert 'id="story-live-config"' in page.text
        assert 'id="draft-offer"' in page.text
        # Someone else opening the story is offered nothing of it.
        client.force_login(people.editor)
        page = client.get(reverse("admin:articles_article_change", args=[story.pk]))
        assert page.context["live_config"]["draft"] is None

    def test_saving_or_discarding_ends_the_draft(self, client, people):
        story = make_story(people)
        autosave(client, people.reporter, story, headline="草稿一", body=story.body)
        data = article_form_data(
            headline="草稿一",
            body=story.body,
            department=story.department_id,
            expected_version=story.version,
        )
        data.update({"bylines-TOTAL_FORMS": "0", "photos-TOTAL_FORMS": "0"})
        change = reverse("admin:articles_article_change", args=[story.pk])
        assert client.post(change, data).status_code == 302
        assert not AutosavedDraft.objects.exists()

        autosave(client, people.reporter, story, headline="草稿二", body=story.body)
        assert autosave(client, people.reporter, story, discard="1").json()
        assert not AutosavedDraft.objects.exists()

    def test_a_new_story_is_autosaved_and_offered_on_the_add_page(self, client, people):
        autosave(
            client, people.reporter, headline="还没存过的新稿", body="<p>开头。</p>"
        )

        page = client.get(reverse("admin:articles_article_add"))

        assert page.context["live_config"]["draft"]["headline"] == "还没存过的新稿"
        assert AutosavedDraft.objects.get().article is None
        assert not Article.objects.exists()

    def test_an_autosave_is_refused_what_a_save_would_be(self, client, people):
        story = make_story(people)
        bad = autosave(client, people.reporter, story, headline="标题\x1b", body="")
        assert bad.status_code == 400
        assert "U+001B" in bad.json()["error"]

        story.submit(people.reporter)
        refused = autosave(client, people.reporter, story, headline="x", body="")
        assert refused.status_code == 403
        assert not AutosavedDraft.objects.exists()

    def test_a_draft_body_is_sanitized(self, client, people):
        story = make_story(people)
        autosave(
            client,
            people.reporter,
            story,
            headline="标题",
            body='<p onclick="x()">正文</p><script>alert(1)</script>',
        )
        assert AutosavedDraft.objects.get().body == "<p>正文</p>"


def test_a_reader_who_may_not_edit_reports_presence_but_keeps_no_draft(client, people):
    story = make_story(people)
    story.submit(people.reporter)
    client.force_login(people.reporter)

    page = client.get(reverse("admin:articles_article_change", args=[story.pk]))

    config = page.context["live_config"]
    assert config["presenceUrl"] and config["autosaveUrl"] is None
    assert 'id="draft-offer"' not in page.text
    assert "newsroom/admin/presence.js" in page.text


def test_a_presence_report_runs_a_fixed_number_of_queries(
    client, people, django_assert_max_num_queries
):
    story = make_story(people)
    for user in (people.head, people.chief, people.proofreader):
        presence.report(story.pk, user, editing=True, dirty=False)
    client.force_login(people.editor)
    url = reverse("admin:articles_article_presence", args=[story.pk])

    # Session, user, permissions, the story with its bylines, your own name,
    # and the outbox's once-a-minute look: never one per person present.
    with django_assert_max_num_queries(9):
        answer = client.post(url, {"version": story.version}).json()

    assert len(answer["others"]) == 3
