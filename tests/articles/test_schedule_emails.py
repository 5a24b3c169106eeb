"""A scheduled story: "已定时发布" now, "已发布" at its time, with no job runner."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from outbox.models import Message
from outbox.sending import send_due
from tests.factories import make_newsroom, make_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(settings):
    """A story with 初审 and 复审 signed, waiting for the chief's 签发."""
    settings.NEWSROOM_REQUIRED_PROOFREADS = 0
    people = make_newsroom()
    story = make_story(people)
    story.submit(people.reporter)
    story.sign(people.editor)
    story.sign(people.head)
    Message.objects.all().delete()
    return people, story


def at(hours):
    return timezone.now().replace(second=0, microsecond=0) + timedelta(hours=hours)


def test_scheduling_says_scheduled_now_and_holds_published(signed):
    people, story = signed
    when = at(3)

    story.sign(people.chief, "同意签发", publish_at=when)

    now, held = (
        list(Message.objects.filter(next_attempt_at__lte=timezone.now())),
        list(Message.objects.held()),
    )
    assert [m.subject for m in now] == [f"已定时发布：{story.headline}"]
    assert timezone.localtime(when).strftime("%Y-%m-%d %H:%M") in now[0].body
    assert "将于" in now[0].body
    assert [(m.subject, m.next_attempt_at) for m in held] == [
        (f"已发布：{story.headline}", when)
    ]
    assert {m.recipient for m in now + held} == {people.reporter.email}


def test_the_published_email_goes_with_the_first_sending_after_its_time(signed):
    people, story = signed
    when = at(3)
    story.sign(people.chief, publish_at=when)
    mail.outbox.clear()

    assert send_due() == 1  # the "scheduled" email only
    assert [m.subject for m in mail.outbox] == [f"已定时发布：{story.headline}"]

    with time_machine.travel(when + timedelta(seconds=30)):
        assert send_due() == 1
    assert mail.outbox[-1].subject == f"已发布：{story.headline}"
    assert mail.outbox[-1].to == [people.reporter.email]


def test_a_staff_request_after_the_time_sends_it(client, signed):
    people, story = signed
    when = at(1)
    story.sign(people.chief, publish_at=when)
    Message.objects.filter(next_attempt_at__lte=timezone.now()).delete()
    client.force_login(people.editor)

    with time_machine.travel(when + timedelta(minutes=1)):
        client.get(reverse("admin:index"))

    assert [m.subject for m in mail.outbox] == [f"已发布：{story.headline}"]


def test_moving_the_time_or_retracting_withdraws_the_held_email(signed):
    people, story = signed
    story.sign(people.chief, publish_at=at(3))

    story.publish(people.chief, at=at(5))
    assert [m.next_attempt_at for m in Message.objects.held()] == [at(5)]

    story.unpublish(people.chief, "暂缓发布")
    assert not Message.objects.held().exists()


def test_publishing_now_sends_one_published_email(signed):
    people, story = signed

    story.sign(people.chief)

    assert [m.subject for m in Message.objects.all()] == [f"已发布：{story.headline}"]
    assert not Message.objects.held().exists()


def test_a_story_retracted_before_its_email_went_out_sends_none(signed):
    people, story = signed
    when = at(1)
    story.sign(people.chief, publish_at=when)

    with time_machine.travel(when + timedelta(minutes=5)):
        story.unpublish(people.chief, "数据有误")
        send_due()

    assert f"已发布：{story.headline}" not in [m.subject for m in mail.outbox]


def test_the_chief_is_told_when_it_will_appear(client, signed):
    people, story = signed
    when = at(3)
    client.force_login(people.chief)
    url = reverse("admin:articles_article_transition", args=[story.pk, "sign"])

    response = client.post(
        url,
        {
            "comment": "同意",
            "publish_at": timezone.localtime(when).strftime("%Y-%m-%dT%H:%M"),
        },
        follow=True,
    )

    said = [str(m) for m in response.context["messages"]]
    assert any(
        timezone.localtime(when).strftime("%Y-%m-%d %H:%M") in m for m in said
    ), said
