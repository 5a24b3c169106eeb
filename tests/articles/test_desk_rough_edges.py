"""The desk's rough edges: counts that agree with the list, bulk actions a
person may take, a readable read-only story, "view on site" for drafts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    make_newsroom,
    make_published_article,
    make_story,
)

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:articles_article_changelist"


@pytest.fixture
def people():
    return make_newsroom()


def desk_counts(client):
    response = client.get(reverse("admin:index"))
    return {value: n for value, _label, n in response.context["desk"]["counts"]}


def listed(client, state):
    response = client.get(reverse(CHANGELIST), {"state": state})
    return set(response.context["cl"].result_list)


class TestCounts:
    def test_scheduled_stories_are_not_counted_as_published(self, client, people):
        live = make_published_article(headline="已见报")
        soon = make_published_article(
            headline="明早见报", published_at=timezone.now() + timedelta(hours=9)
        )
        client.force_login(people.editor)

        counts = desk_counts(client)

        assert (counts["published"], counts["scheduled"]) == (1, 1)
        assert listed(client, "published") == {live}
        assert listed(client, "scheduled") == {soon}

    def test_counts_follow_the_list_at_once(self, client, people):
        client.force_login(people.editor)
        story = make_story(people)
        assert desk_counts(client)["draft"] == 1

        story.submit(people.reporter)

        counts = desk_counts(client)
        assert (counts["draft"], counts["submitted"]) == (0, 1)
        assert listed(client, "submitted") == {story}

    def test_every_count_matches_its_list(self, client, people):
        make_story(people)
        make_story(people).submit(people.reporter)
        make_published_article()
        make_published_article(published_at=timezone.now() + timedelta(hours=2))
        make_published_article(status="unpublished")
        client.force_login(people.chief)

        for state, count in desk_counts(client).items():
            assert len(listed(client, state)) == count, state


class TestBulkActions:
    def offered(self, client, user):
        client.force_login(user)
        response = client.get(reverse(CHANGELIST))
        return {
            name
            for name, _label in response.context["action_form"].fields["action"].choices
            if name
        }

    def test_a_reporter_is_offered_only_submission(self, client, people):
        make_story(people)
        assert self.offered(client, people.reporter) == {"submit_selected"}

    def test_reviewers_are_offered_what_their_role_does(self, client, people):
        assert "sign_selected" in self.offered(client, people.head)
        assert "publish_selected" not in self.offered(client, people.head)
        assert {"sign_selected", "publish_selected", "unpublish_selected"} <= (
            self.offered(client, people.chief)
        )
        assert "sign_selected" not in self.offered(client, people.proofreader)


def test_a_reporter_reads_a_story_in_review_as_text_not_html(client, people):
    story = make_story(people, body="<p>第一段。</p><p><strong>第二段</strong>。</p>")
    story.submit(people.reporter)
    client.force_login(people.reporter)

    page = client.get(reverse("admin:articles_article_change", args=[story.pk]))

    assert page.status_code == 200
    assert '<div class="rendered-body"><p>第一段。</p>' in page.text
    assert "&lt;p&gt;" not in page.text


@pytest.mark.parametrize("state", ["draft", "scheduled"])
def test_view_on_site_opens_the_signed_in_preview(client, people, state):
    if state == "draft":
        story = make_story(people)
    else:
        story = make_published_article(
            published_at=timezone.now() + timedelta(hours=3), department=people.desk
        )
    client.force_login(people.editor)

    page = client.get(reverse("admin:articles_article_change", args=[story.pk]))
    preview = reverse("admin:articles_article_preview", args=[story.pk])

    assert page.context["absolute_url"] == preview
    opened = client.get(preview)
    assert opened.status_code == 200
    assert story.headline in opened.text


def test_view_on_site_of_a_public_story_is_its_page(client, people):
    story = make_published_article()
    client.force_login(people.editor)

    page = client.get(reverse("admin:articles_article_change", args=[story.pk]))

    assert client.get(page.context["absolute_url"], follow=True).status_code == 200
    assert page.context["absolute_url"] != reverse(
        "admin:articles_article_preview", args=[story.pk]
    )
