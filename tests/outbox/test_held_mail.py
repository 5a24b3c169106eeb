"""Mail held until a time: not sent before it, sent with the first sending after."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from outbox.models import Message, claim
from outbox.sending import LEASE, queue_mail, send_due, withdraw_mail

pytestmark = pytest.mark.django_db


def test_held_mail_waits_for_its_time(django_capture_on_commit_callbacks):
    later = timezone.now() + timedelta(hours=2)

    with django_capture_on_commit_callbacks(execute=True):
        queue_mail(["a@example.com"], "已发布：稿件", "正文", send_at=later, topic="t")

    assert mail.outbox == []
    assert send_due() == 0
    assert list(Message.objects.held()) == list(Message.objects.all())
    with time_machine.travel(later + timedelta(seconds=1)):
        assert send_due() == 1
    assert [m.subject for m in mail.outbox] == ["已发布：稿件"]


def test_a_time_already_past_sends_at_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue_mail(["a@example.com"], "主题", "正文", send_at=timezone.now())

    assert len(mail.outbox) == 1


def test_withdrawn_mail_is_never_sent():
    later = timezone.now() + timedelta(hours=2)
    queue_mail(
        ["a@example.com", "b@example.com"], "主题", "正文", send_at=later, topic="x"
    )
    queue_mail(["a@example.com"], "别的", "正文", send_at=later, topic="y")

    assert withdraw_mail("x") == 2
    assert withdraw_mail("") == 0
    assert list(Message.objects.values_list("topic", flat=True)) == ["y"]


def test_a_message_being_sent_is_not_withdrawn():
    (message,) = queue_mail(["a@example.com"], "主题", "正文", topic="z")
    assert claim(message.pk, LEASE)

    assert withdraw_mail("z") == 0
    assert Message.objects.filter(pk=message.pk).exists()
