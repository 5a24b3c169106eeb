"""Mail is queued with the change it reports, and a failed send loses nothing."""

import socket
from datetime import timedelta

import pytest
import time_machine
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from outbox.models import Message, claim
from outbox.sending import LEASE, queue_mail, send_due
from tests.factories import make_article, make_department, make_reporter, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("one_stage")]


def closed_port():
    """A loopback port nothing listens on: connecting to it is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def no_mail_server(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = closed_port()
    settings.EMAIL_TIMEOUT = 2


@pytest.fixture
def desk():
    desk = make_department()
    editor = make_user(groups=["editors"], email="editor@example.com")
    make_reporter(user=editor, department=desk)
    reporter = make_user(groups=["reporters"], email="reporter@example.com")
    make_reporter(user=reporter, department=desk)
    story = make_article(
        department=desk, created_by=reporter, bylines=[(reporter.reporter, "text")]
    )
    return editor, reporter, story


def test_a_submission_without_a_mail_server_is_saved_and_its_mail_kept(
    client, desk, no_mail_server, django_capture_on_commit_callbacks
):
    editor, reporter, story = desk
    client.force_login(reporter)
    url = reverse("admin:articles_article_transition", args=[story.pk, "submit"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)

    assert response.status_code == 302
    assert Article.objects.get(pk=story.pk).status == Article.Status.SUBMITTED
    (queued,) = Message.objects.all()
    assert queued.recipient == "editor@example.com"
    assert queued.sent_at is None
    assert queued.attempts == 1
    assert "ConnectionRefusedError" in queued.last_error
    assert queued.next_attempt_at > timezone.now()


def test_queued_mail_is_sent_after_a_later_staff_request(
    client, desk, settings, no_mail_server, django_capture_on_commit_callbacks
):
    editor, reporter, story = desk
    with django_capture_on_commit_callbacks(execute=True):
        story.submit(reporter)
    assert Message.objects.unsent().count() == 1

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client.force_login(editor)
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        client.get(reverse("admin:index"))

    assert Message.objects.unsent().count() == 0
    assert [m.to for m in mail.outbox] == [["editor@example.com"]]


def test_readers_requests_never_send_mail(client, desk, no_mail_server, settings):
    editor, reporter, story = desk
    queue_mail(["someone@example.com"], "标题", "正文")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    client.get("/")

    assert Message.objects.unsent().count() == 1
    assert mail.outbox == []


def test_send_pending_mail_sends_what_is_due(capsys):
    with transaction.atomic():
        queue_mail(
            ["a@example.com", "b@example.com", "a@example.com", ""], "主题", "正文"
        )
    assert Message.objects.unsent().count() == 2

    call_command("send_pending_mail")

    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.com", "b@example.com"]
    assert Message.objects.unsent().count() == 0
    assert "Sent 2 email(s); 0 still unsent." in capsys.readouterr().out


def test_failures_wait_longer_each_time_and_stop_after_the_limit(
    settings, no_mail_server
):
    settings.NEWSROOM_MAIL_MAX_ATTEMPTS = 3
    queue_mail(["a@example.com"], "主题", "正文")
    now = timezone.now()
    waits = []
    for _ in range(3):
        with time_machine.travel(now):
            send_due()
        message = Message.objects.get()
        waits.append(message.next_attempt_at - now)
        now = message.next_attempt_at + timedelta(seconds=1)

    assert waits[0] < waits[1] < waits[2]
    assert message.attempts == 3
    with time_machine.travel(now + timedelta(days=2)):
        assert not Message.objects.due().exists()


def test_a_claimed_message_is_sent_by_one_process_only():
    (message,) = queue_mail(["a@example.com"], "主题", "正文")
    assert claim(message.pk, LEASE) is True
    assert claim(message.pk, LEASE) is False


def test_a_headline_with_line_breaks_gives_a_one_line_subject(
    desk, django_capture_on_commit_callbacks
):
    editor, reporter, story = desk
    Article.objects.filter(pk=story.pk).update(headline="第一行\r\n第二行\n")
    story.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        story.submit(reporter)

    (sent,) = mail.outbox
    assert "\n" not in sent.subject and "\r" not in sent.subject
    assert "第一行 第二行" in sent.subject


def test_the_admin_lists_unsent_mail_and_sends_it_on_demand(
    client, settings, no_mail_server
):
    queue_mail(["a@example.com"], "待发邮件", "正文")
    send_due()
    admin = make_user(is_superuser=True)
    client.force_login(admin)
    changelist = reverse("admin:outbox_message_changelist")

    listed = client.get(changelist, {"sent": "no"})
    assert "待发邮件" in listed.text

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = client.post(
        changelist,
        {
            "action": "send_now",
            ACTION_CHECKBOX_NAME: [m.pk for m in Message.objects.all()],
        },
        follow=True,
    )

    assert response.status_code == 200
    assert Message.objects.unsent().count() == 0
    assert [m.subject for m in mail.outbox] == ["待发邮件"]
