"""Queue mail inside a transaction, and send what is due after it commits.

``queue_mail`` is what the rest of the newsroom calls. Sending happens once
the queuing transaction commits, again after later requests of signed-in
staff (at most once a minute across all app servers, through the shared
cache; readers' requests never wait for the outbox) and from
``manage.py send_pending_mail``. A failure is logged on the message and never
raised to whoever changed something.
"""

import contextvars
import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMessage, get_connection
from django.core.signals import request_finished
from django.db import DatabaseError, transaction
from django.utils import timezone

from newsroom.text import one_line

from .models import Message, claim

logger = logging.getLogger(__name__)

# How long a claimed message is left to the process that claimed it.
LEASE = timedelta(minutes=5)
# The shared cache key that spaces out sending at the end of requests.
FLUSH_KEY = "outbox:last-flush"
FLUSH_EVERY = 60
BATCH = 50

# What sending can raise for a message that may go through later: the server
# is down, refuses the address, or the connection breaks.
SEND_ERRORS = (OSError, smtplib.SMTPException, UnicodeError, ValueError)

# Set by RetryQueuedMailMiddleware for requests after which queued mail may
# be sent.
_retry_after_request = contextvars.ContextVar("outbox_retry", default=False)


def queue_mail(recipients, subject, body, *, send_at=None, topic=""):
    """Queue one message per address; they are sent once the transaction commits.

    With a future ``send_at`` the messages are held until then, and go with
    the first sending after that time (after a staff request, or
    ``send_pending_mail``); ``topic`` lets ``withdraw_mail`` take them back
    before. Return the queued messages. Addresses are deduplicated and empty
    ones dropped. The subject is always one line.
    """
    addresses = sorted({address for address in recipients if address})
    if not addresses:
        return []
    now = timezone.now()
    held = send_at is not None and send_at > now
    messages = Message.objects.bulk_create(
        Message(
            recipient=address,
            subject=one_line(subject)[:255],
            body=str(body),
            created_at=now,
            next_attempt_at=send_at if held else now,
            topic=topic[:100],
        )
        for address in addresses
    )
    if not held:
        ids = [message.pk for message in messages]
        transaction.on_commit(lambda: send_messages(ids), robust=True)
    return messages


def withdraw_mail(topic):
    """Delete the unsent messages about ``topic``; return how many there were.

    Only messages never tried are withdrawn, held or due: one being sent
    right now has been claimed (its attempt counted) and goes out.
    """
    if not topic:
        return 0
    unsent = Message.objects.unsent().filter(topic=topic, attempts=0)
    deleted, _by_model = unsent.delete()
    return deleted


def send_messages(ids):
    """Send the messages ``ids`` that are still due; return how many went."""
    sent = 0
    connection = None
    try:
        for message_id in ids:
            if not claim(message_id, LEASE):
                continue
            message = Message.objects.get(pk=message_id)
            if connection is None:
                connection = get_connection(fail_silently=False)
            if _send(connection, message):
                sent += 1
    finally:
        if connection is not None:
            try:
                connection.close()
            except SEND_ERRORS:
                logger.warning("Closing the mail connection failed", exc_info=True)
    return sent


def _send(connection, message):
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.recipient],
        connection=connection,
    )
    try:
        email.send()
    except SEND_ERRORS as exc:
        message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        message.next_attempt_at = timezone.now() + message.retry_delay()
        message.save(update_fields=["last_error", "next_attempt_at"])
        logger.warning(
            "Could not send mail %s to %s (attempt %s): %s",
            message.pk,
            message.recipient,
            message.attempts,
            message.last_error,
        )
        return False
    message.sent_at = timezone.now()
    message.last_error = ""
    message.save(update_fields=["sent_at", "last_error"])
    return True


def send_due(limit=BATCH):
    """Send up to ``limit`` messages whose next attempt has come."""
    ids = list(
        Message.objects.due()
        .order_by("next_attempt_at", "pk")[:limit]
        .values_list("pk", flat=True)
    )
    return send_messages(ids) if ids else 0


def send_due_after_request(**kwargs):
    """Once a staff request's answer is out, send what is due (once a minute)."""
    if not _retry_after_request.get():
        return
    _retry_after_request.set(False)
    try:
        if not cache.add(FLUSH_KEY, timezone.now().isoformat(), FLUSH_EVERY):
            return
        send_due()
    except DatabaseError:
        # The request is over; its answer must not depend on the outbox.
        logger.warning("Sending queued mail failed", exc_info=True)


def connect_receivers():
    request_finished.connect(send_due_after_request, dispatch_uid="outbox:send-due")


class RetryQueuedMailMiddleware:
    """Mark signed-in staff requests: after them, queued mail is tried again."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_staff:
            _retry_after_request.set(True)
        return response
