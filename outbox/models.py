from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MessageQuerySet(models.QuerySet):
    def unsent(self):
        return self.filter(sent_at__isnull=True)

    def held(self):
        """Unsent messages waiting for a time still to come, never tried yet."""
        return self.unsent().filter(attempts=0, next_attempt_at__gt=timezone.now())

    def due(self):
        """Unsent messages whose next attempt has come and that may be tried."""
        return self.unsent().filter(
            next_attempt_at__lte=timezone.now(),
            attempts__lt=settings.NEWSROOM_MAIL_MAX_ATTEMPTS,
        )


class Message(models.Model):
    """One email to one address, sent or waiting to be."""

    recipient = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("body"))
    created_at = models.DateTimeField(_("queued"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(
        _("next attempt"), default=timezone.now, db_index=True
    )
    last_error = models.TextField(_("last error"), blank=True)
    # Names what a message held until later is about, so that it can be
    # withdrawn if what it announces no longer happens.
    topic = models.CharField(_("topic"), max_length=100, blank=True, db_index=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outgoing email")
        verbose_name_plural = _("outgoing emails")
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(sent_at__isnull=True),
                name="outbox_unsent_due_idx",
            )
        ]

    def __str__(self):
        return f"{self.recipient}: {self.subject}"

    def is_sent(self):
        return self.sent_at is not None

    is_sent.boolean = True
    is_sent.short_description = _("sent")

    def retry_delay(self):
        """How long to wait after a failed attempt: 1, 4, 16… minutes, a day at most."""
        return timedelta(minutes=min(4 ** max(self.attempts - 1, 0), 24 * 60))


def claim(message_id, lease):
    """Take ``message_id`` for sending, unless another process has it; True if taken.

    The claim moves its next attempt ``lease`` into the future, so of several
    app servers trying at once exactly one sends it.
    """
    now = timezone.now()
    return bool(
        Message.objects.due()
        .filter(pk=message_id, next_attempt_at__lte=now)
        .update(next_attempt_at=now + lease, attempts=F("attempts") + 1)
    )
