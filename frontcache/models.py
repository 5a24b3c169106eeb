from datetime import timedelta

from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Tries before a purge is given up (its pages then age out of the cache).
MAX_ATTEMPTS = 12


class PendingPurgeQuerySet(models.QuerySet):
    def due(self):
        return self.filter(
            next_attempt_at__lte=timezone.now(), attempts__lt=MAX_ATTEMPTS
        )


class PendingPurge(models.Model):
    """A purge a front cache did not take, waiting to be tried again."""

    backend = models.CharField(_("front cache"), max_length=100)
    keys = models.TextField(_("surrogate keys"), blank=True)
    urls = models.TextField(_("addresses"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=1)
    next_attempt_at = models.DateTimeField(
        _("next attempt"), default=timezone.now, db_index=True
    )
    last_error = models.TextField(_("last error"), blank=True)

    objects = PendingPurgeQuerySet.as_manager()

    class Meta:
        ordering = ["next_attempt_at", "pk"]
        verbose_name = _("pending purge")
        verbose_name_plural = _("pending purges")

    def __str__(self):
        return f"{self.backend}: {self.keys or self.urls}"[:200]

    def key_list(self):
        return self.keys.split()

    def url_list(self):
        return self.urls.split()

    @staticmethod
    def retry_delay(attempts):
        """2, 4, 8… seconds after each failed try, five minutes at most."""
        return timedelta(seconds=min(2**attempts, 300))

    def claim(self, lease):
        """Take this row for a retry unless another process has; True if taken."""
        now = timezone.now()
        return bool(
            PendingPurge.objects.due()
            .filter(pk=self.pk, next_attempt_at__lte=now)
            .update(next_attempt_at=now + lease, attempts=F("attempts") + 1)
        )
