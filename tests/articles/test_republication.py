"""A retracted story can go back out: republished as it was, or reviewed again."""

import pytest
from django.urls import reverse

from articles.models import Article
from outbox.models import Message
from tests.articles.test_admin import article_form_data
from tests.factories import make_newsroom, make_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def retracted(settings):
    """A story signed off through 三审, then retracted by the chief."""
    settings.NEWSROOM_REQUIRED_PROOFREADS = 0
    people = make_newsroom()
    story = make_story(people)
    story.submit(people.reporter)
    story.sign(people.editor)
    story.sign(people.head)
    story.sign(people.chief, "同意签发")
    story.unpublish(people.chief, "数据待核实")
    return people, story


def transition(client, user, story, action, data=None):
    client.force_login(user)
    url = reverse("admin:articles_article_transition", args=[story.pk, action])
    return client.post(url, data or {})


def offered(client, user, story):
    client.force_login(user)
    page = client.get(reverse("admin:articles_article_change", args=[story.pk]))
    return [action for action, *_rest in page.context["workflow_actions"]]


def test_a_final_stage_reviewer_republishes_with_a_reason(client, retracted):
    people, story = retracted
    address = story.get_absolute_url()
    assert client.get(address).status_code == 410
    assert "republish" in offered(client, people.chief, story)
    assert "republish" not in offered(client, people.editor, story)

    refused = transition(client, people.editor, story, "republish", {"comment": "x"})
    assert refused.status_code == 403
    assert transition(client, people.chief, story, "republish").status_code == 400
    Message.objects.all().delete()
    done = transition(
        client, people.chief, story, "republish", {"comment": "核实无误，恢复发布"}
    )

    assert done.status_code == 302
    story.refresh_from_db()
    assert story.is_published()
    assert story.get_absolute_url() == address
    client.logout()
    assert client.get(address).status_code == 200
    event = story.events.last()
    assert (event.action, event.actor, event.comment) == (
        "republish",
        people.chief,
        "核实无误，恢复发布",
    )
    told = Message.objects.get()
    assert told.recipient == people.reporter.email
    assert "核实无误，恢复发布" in told.body


def test_the_author_revises_and_resubmits_for_a_new_round(client, retracted):
    people, story = retracted
    round_before = story.review_round
    assert "submit" in offered(client, people.reporter, story)

    change = reverse("admin:articles_article_change", args=[story.pk])
    data = article_form_data(
        headline="临水路管网改造全面完工（更正后）",
        body=story.body,
        department=story.department_id,
        expected_version=Article.objects.get(pk=story.pk).version,
    )
    data.update({"bylines-TOTAL_FORMS": "0", "photos-TOTAL_FORMS": "0"})
    assert client.post(change, data).status_code == 302
    # Edited since the retraction: no longer the words that were signed off.
    story.refresh_from_db()
    assert story.republish_refusal(people.chief) is not None
    refused = transition(client, people.chief, story, "republish", {"comment": "x"})
    assert refused.status_code == 403

    assert transition(client, people.reporter, story, "submit").status_code == 302

    story.refresh_from_db()
    assert (story.status, story.review_stage) == ("submitted", 0)
    assert story.review_round == round_before + 1
    assert story.may_review(people.editor)
    story.sign(people.editor)
    story.sign(people.head)
    story.sign(people.chief)
    assert story.is_published()


def test_the_refusals_no_longer_contradict_each_other(client, retracted):
    people, story = retracted
    # Publishing directly names the two ways that do work …
    response = transition(client, people.chief, story, "publish")
    assert response.status_code == 403
    message = str(response.context["error"])
    assert "republish" in message.lower() or "重新发布" in message
    # … and the submission it points to is accepted.
    assert transition(client, people.reporter, story, "submit").status_code == 302
