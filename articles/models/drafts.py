"""Unsaved text of an open story form, kept while its writer types.

An autosaved draft is not the story: it has its own rows, never moves the
story's version, sends no email and is never shown to readers. It is offered
back to the same person when they open the form again, and deleted when
they save the story or discard it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AutosavedDraft(models.Model):
    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="autosaved_drafts",
        help_text=_("Empty for a story not saved yet."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    headline = models.CharField(_("headline"), max_length=200, blank=True)
    dek = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("body"), blank=True)
    # The story's version the form was opened at: restoring onto a newer
    # version makes the save a stale one, refused, never a silent overwrite.
    base_version = models.PositiveIntegerField(_("version"), null=True, blank=True)
    saved_at = models.DateTimeField(_("saved"), default=timezone.now)

    class Meta:
        verbose_name = _("autosaved draft")
        verbose_name_plural = _("autosaved drafts")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "user"], name="autosave_one_per_story"
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(article__isnull=True),
                name="autosave_one_new_story",
            ),
        ]

    def __str__(self):
        return f"{self.headline[:30]} ({self.saved_at:%Y-%m-%d %H:%M})"

    def differs_from(self, article):
        """Whether restoring this draft would change ``article``'s saved text."""
        if article is None:
            return bool(self.headline or self.dek or self.body)
        return (self.headline, self.dek, self.body) != (
            article.headline,
            article.dek,
            article.body,
        )
