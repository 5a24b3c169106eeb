"""Emails about an article's workflow, queued in the outbox with the change.

The verbs decide who is told; this module only words the message. The outbox
sends it once the transaction commits, and again later if that fails.

A scheduled story's "published" email is held in the outbox until the
scheduled time, like the page cache's generation that ends then: nothing
runs at that moment; the first sending after it (after any staff request,
at most a minute apart, or ``send_pending_mail``) delivers it. Moving the
time or retracting the story first withdraws it.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from newsroom.clock import local_minute
from outbox.sending import queue_mail, withdraw_mail
from staff.models import staff_name

from .policy import required_proofreads


def _admin_url(article):
    path = reverse("admin:articles_article_change", args=[article.pk])
    return settings.NEWSROOM_BASE_URL.rstrip("/") + path


def _send_on_commit(users, subject, body, exclude=None, **held):
    queue_mail(
        [u.email for u in users if exclude is None or u.pk != exclude.pk],
        subject,
        body,
        **held,
    )


def _publication_topic(article):
    return f"article:{article.pk}:published"


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


def notify_proofreading_due(*, article, proofreaders, by):
    """Tell ``proofreaders`` that the story's passes are due before 签发."""
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = _compose(
            article,
            _("[Proofreading] Passes due: %(headline)s"),
            [
                _(
                    "“%(headline)s” is in review; its proofreading passes "
                    "(%(count)d) are due before 签发."
                )
                % {"headline": article.headline, "count": required_proofreads()},
            ],
        )
    _send_on_commit(proofreaders, subject, body, exclude=by)


def notify_changes_requested(*, article, by, comment, recipients):
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = _compose(
            article,
            _("Changes requested: %(headline)s"),
            [
                _("%(editor)s sent “%(headline)s” back for changes:")
                % {"editor": staff_name(by), "headline": article.headline},
                comment,
            ],
        )
    _send_on_commit(recipients, subject, body, exclude=by)


def notify_published(*, article, by, recipients):
    """Tell ``recipients`` the story is public, or when it will be.

    A scheduled story gets two emails: "scheduled" now, and "published"
    held until its time. Any earlier held one is withdrawn first.
    """
    withdraw_mail(_publication_topic(article))
    public_url = settings.NEWSROOM_BASE_URL.rstrip("/") + article.get_absolute_url()
    when = {"headline": article.headline, "time": local_minute(article.published_at)}
    with translation.override(settings.LANGUAGE_CODE):
        published = _compose(
            article,
            _("Published: %(headline)s"),
            [_("“%(headline)s” was published at %(time)s.") % when, public_url],
        )
        if not article.is_published():
            scheduled = _compose(
                article,
                _("Scheduled: %(headline)s"),
                [
                    _("“%(headline)s” will be published at %(time)s.") % when,
                    public_url,
                ],
            )
    if article.is_published():
        _send_on_commit(recipients, *published, exclude=by)
        return
    _send_on_commit(recipients, *scheduled, exclude=by)
    _send_on_commit(
        recipients,
        *published,
        exclude=by,
        send_at=article.published_at,
        topic=_publication_topic(article),
    )


def notify_unpublished(*, article, by, reason, recipients):
    withdraw_mail(_publication_topic(article))
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = _compose(
            article,
            _("Unpublished: %(headline)s"),
            [
                _("%(editor)s unpublished “%(headline)s”. Reason:")
                % {"editor": staff_name(by), "headline": article.headline},
                reason,
            ],
        )
    _send_on_commit(recipients, subject, body, exclude=by)


def notify_republished(*, article, by, reason, recipients):
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = _compose(
            article,
            _("Republished: %(headline)s"),
            [
                _("%(editor)s republished “%(headline)s”. Reason:")
                % {"editor": staff_name(by), "headline": article.headline},
                reason,
                settings.NEWSROOM_BASE_URL.rstrip("/") + article.get_absolute_url(),
            ],
        )
    _send_on_commit(recipients, subject, body, exclude=by)
