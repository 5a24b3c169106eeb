"""Emails about an article's workflow, queued in the outbox with the change.

The verbs decide who is told; this module only words the message. The outbox
sends it once the transaction commits, and again later if that fails.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from outbox.sending import queue_mail


def _admin_url(article):
    path = reverse("admin:articles_article_change", args=[article.pk])
    return settings.NEWSROOM_BASE_URL.rstrip("/") + path


def _send_on_commit(users, subject, body, exclude=None):
    queue_mail(
        [u.email for u in users if exclude is None or u.pk != exclude.pk],
        subject,
        body,
    )


def _compose(article, subject, lines, **extra):
    with translation.override(settings.LANGUAGE_CODE):
        subject = str(subject) % {"headline": article.headline, **extra}
        body = "\n\n".join([*(str(line) for line in lines), _admin_url(article)])
    return subject, body


def notify_submitted(*, article, stage, reviewers, by):
    """Tell ``reviewers`` that the story waits for ``stage``."""
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = _compose(
            article,
            _("[%(stage)s] Waiting for review: %(headline)s"),
            [
                _("“%(headline)s” waits for %(stage)s.")
                % {"headline": article.headline, "stage": stage.name},
            ],
            stage=stage.name,
        )
    _send_on_commit(reviewers, subject, body, exclude=by)


def notify_changes_requested(*, article, by, comment, recipients):
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = _compose(
            article,
            _("Changes requested: %(headline)s"),
            [
                _("%(editor)s sent “%(headline)s” back for changes:")
                % {"editor": by.get_username(), "headline": article.headline},
                comment,
            ],
        )
    _send_on_commit(recipients, subject, body, exclude=by)


def notify_published(*, article, by, recipients):
    with translation.override(settings.LANGUAGE_CODE):
        if article.is_published():
            headline_line = _("“%(headline)s” is now public.")
        else:
            headline_line = _("“%(headline)s” is scheduled for %(time)s.")
        subject, body = _compose(
            article,
            _("Published: %(headline)s"),
            [
                headline_line
                % {
                    "headline": article.headline,
                    "time": timezone.localtime(article.published_at).strftime(
                        "%Y-%m-%d %H:%M"
                    ),
                },
                settings.NEWSROOM_BASE_URL.rstrip("/") + article.get_absolute_url(),
            ],
        )
    _send_on_commit(recipients, subject, body, exclude=by)


def notify_unpublished(*, article, by, reason, recipients):
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = _compose(
            article,
            _("Unpublished: %(headline)s"),
            [
                _("%(editor)s unpublished “%(headline)s”. Reason:")
                % {"editor": by.get_username(), "headline": article.headline},
                reason,
            ],
        )
    _send_on_commit(recipients, subject, body, exclude=by)
