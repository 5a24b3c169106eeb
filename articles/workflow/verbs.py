"""The transitions: every way a story moves through review, each a verb method.

Mixed into ``Article``. Each verb locks the row, checks the state and the
actor against ``access.py``, records an event in the story's timeline and
sends its emails after commit, so the admin's buttons, bulk actions, crafted
POSTs and management commands all meet the same rules.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from newsroom.clock import local_minute
from staff.models import staff_name

from . import notifications
from .policy import (
    EDITABLE_BY_AUTHOR,
    Action,
    Status,
    WorkflowError,
    has_perm,
    import_refusal,
    proofreader_users,
    required_proofreads,
    review_stages,
)

# The fields a transition reloads from the locked row before checking it.
WORKFLOW_FIELDS = [
    "status",
    "review_stage",
    "review_round",
    "submitted_at",
    "status_changed_at",
    "published_at",
    "first_published_at",
    "version",
]


class ArticleVerbsMixin:
    # -- the machinery every verb shares ----------------------------------------

    def _locked(self):
        """Lock this article's row and reload its workflow state from it."""
        fresh = type(self).objects.select_for_update().get(pk=self.pk)
        for field in WORKFLOW_FIELDS:
            setattr(self, field, getattr(fresh, field))
        return self

    def lock_for_edit(self):
        """Lock the row for a save of the words and fields; return its version.

        The workflow state is reloaded too: a signature made since the form
        was opened leaves the version alone, and the save must not undo it.
        """
        return self._locked().version

    def _require_perm(self, user, perm, message):
        if not has_perm(user, perm):
            raise WorkflowError(message)

    def _require_status(self, allowed, action):
        if self.status not in allowed:
            raise WorkflowError(
                _("“%(action)s” is not possible while the story is %(status)s.")
                % {
                    "action": Action.LABELS[action],
                    "status": self.get_status_display(),
                }
            )

    def _event(self, by, action, *, from_status, to_status, comment="", stage=None):
        # Through the field, not self.events: a story being imported has no
        # primary key yet, and its related managers refuse to work.
        event_model = self._meta.get_field("events").related_model
        return event_model(
            article=self,
            actor=by,
            action=action,
            from_status=from_status,
            to_status=to_status,
            stage=stage.index if stage else None,
            stage_name=stage.name if stage else "",
            round=self.review_round,
            version=self.version,
            comment=comment,
        )

    def _move(self, by, action, to_status, *, comment="", stage=None, fields=()):
        from_status = self.status
        fields = {"status", *fields}
        if to_status != from_status:
            self.status = to_status
            self.status_changed_at = timezone.now()
            fields.add("status_changed_at")
        self.save(update_fields=fields)
        event = self._event(
            by,
            action,
            from_status=from_status,
            to_status=to_status,
            comment=comment,
            stage=stage,
        )
        event.save()
        return event

    def _record(self, by, action, comment="", stage=None):
        """Record an event that does not change the article's state."""
        event = self._event(
            by,
            action,
            from_status=self.status,
            to_status=self.status,
            comment=comment,
            stage=stage,
        )
        event.save()
        return event

    def _notify_reviewers(self, by):
        stage = self.current_stage
        if stage is not None:
            notifications.notify_submitted(
                article=self, stage=stage, reviewers=self.stage_reviewers(stage), by=by
            )

    # -- review ---------------------------------------------------------------

    @transaction.atomic
    def submit(self, by):
        self._locked()
        self._require_status(EDITABLE_BY_AUTHOR, Action.SUBMIT)
        self._require_perm(
            by, "articles.submit_article", _("You may not submit stories.")
        )
        if not self.can_edit(by):
            raise WorkflowError(_("Only the story's authors or editors may submit it."))
        self.review_stage = 0
        self.review_round += 1
        self.submitted_at = timezone.now()
        self._move(
            by,
            Action.SUBMIT,
            Status.SUBMITTED,
            fields=("review_stage", "review_round", "submitted_at"),
        )
        self._notify_reviewers(by)
        if required_proofreads():
            # A new round needs its own passes: they are due from now.
            authors = {user.pk for user in self.author_users()}
            notifications.notify_proofreading_due(
                article=self,
                proofreaders=[
                    user for user in proofreader_users() if user.pk not in authors
                ],
                by=by,
            )
        return self

    @transaction.atomic
    def withdraw(self, by):
        self._locked()
        self._require_status({Status.SUBMITTED}, Action.WITHDRAW)
        self._require_perm(
            by, "articles.submit_article", _("You may not withdraw stories.")
        )
        if not (self.is_author(by) or by.is_superuser):
            raise WorkflowError(_("Only the story's authors may withdraw it."))
        self._move(by, Action.WITHDRAW, Status.DRAFT)
        return self

    @transaction.atomic
    def request_changes(self, by, comment):
        self._locked()
        self._require_status({Status.SUBMITTED}, Action.REQUEST_CHANGES)
        comment = (comment or "").strip()
        if not comment:
            raise WorkflowError(
                _(
                    "Say what needs to change: a comment is required to send a "
                    "story back."
                )
            )
        stage = self.current_stage
        refusal = self.review_refusal(by, stage)
        if refusal:
            raise WorkflowError(refusal)
        previous_signers = self.signers_this_round()
        self._move(
            by,
            Action.REQUEST_CHANGES,
            Status.CHANGES_REQUESTED,
            comment=comment,
            stage=stage,
        )
        signers = get_user_model().objects.filter(pk__in=previous_signers)
        notifications.notify_changes_requested(
            article=self,
            by=by,
            comment=comment,
            recipients=[*self.author_users(), *signers],
        )
        return self

    @transaction.atomic
    def sign(self, by, opinion="", publish_at=None):
        """Sign the current review stage; signing the last one publishes (签发)."""
        self._locked()
        self._require_status({Status.SUBMITTED}, Action.SIGN)
        stage = self.current_stage
        refusal = self.review_refusal(by, stage)
        if refusal:
            raise WorkflowError(refusal)
        if stage.is_last:
            return self._publish(by, publish_at, opinion=opinion, stage=stage)
        self._record_signature(by, stage, opinion)
        self.review_stage = stage.index + 1
        self.save(update_fields={"review_stage"})
        self._notify_reviewers(by)
        return self

    def _record_signature(self, by, stage, opinion):
        return self._record(by, Action.SIGN, (opinion or "").strip(), stage=stage)

    # -- publication ------------------------------------------------------------

    def _credit_responsible_editor(self):
        """Credit as 责任编辑 whoever signed the configured stage this round."""
        index = settings.NEWSROOM_RESPONSIBLE_EDITOR_STAGE
        signer = None
        if index >= 0:
            index = min(index, len(review_stages()) - 1)
            event = (
                self.events.filter(
                    action=Action.SIGN, round=self.review_round, stage=index
                )
                .select_related("actor")
                .order_by("-pk")
                .first()
            )
            signer = event.actor if event else None
        self.responsible_editor_user = signer
        self.responsible_editor = staff_name(signer)

    @transaction.atomic
    def publish(self, by, at=None, opinion=""):
        """Publish now, or at ``at`` (a schedule or an embargo)."""
        self._locked()
        stages = review_stages()
        if self.status == Status.SUBMITTED:
            stage = self.current_stage
            if not stage.is_last:
                raise WorkflowError(
                    _(
                        "%(stage)s has not been signed yet; the story can be published "
                        "only at the last review stage."
                    )
                    % {"stage": stage.name}
                )
            refusal = self.review_refusal(by, stage)
            if refusal:
                raise WorkflowError(refusal)
            return self._publish(by, at, opinion=opinion, stage=stage)
        if self.status == Status.PUBLISHED:
            if self.is_published():
                raise WorkflowError(_("The story is already public."))
            # Still scheduled: the editor is moving the time.
            self._require_perm(
                by, "articles.publish_article", _("You may not publish stories.")
            )
            return self._publish(by, at, opinion=opinion, stage=None)
        self._require_status(
            {Status.DRAFT, Status.CHANGES_REQUESTED, Status.UNPUBLISHED},
            Action.PUBLISH,
        )
        if len(stages) > 1 and self.status == Status.UNPUBLISHED:
            raise WorkflowError(
                _(
                    "A retracted story goes back out when a %(stage)s reviewer "
                    "republishes it with a reason, or after a new review round: "
                    "submit it."
                )
                % {"stage": stages[-1].name}
            )
        if len(stages) > 1:
            raise WorkflowError(
                _(
                    "This newsroom reviews stories in %(count)d stages; submit "
                    "the story and have each stage signed."
                )
                % {"count": len(stages)}
            )
        stage = stages[0]
        refusal = self.review_refusal(by, stage)
        if refusal:
            raise WorkflowError(refusal)
        return self._publish(by, at, opinion=opinion, stage=stage)

    def _publish(self, by, at, *, opinion, stage):
        self._require_perm(
            by, "articles.publish_article", _("You may not publish stories.")
        )
        problems = self.publish_problems()
        if problems:
            raise WorkflowError(_("The story cannot be published yet:"), problems)
        now = timezone.now()
        when = at or now
        if at is not None and at < now - timedelta(minutes=1):
            raise WorkflowError(_("A scheduled time must not lie in the past."))
        credit_fields = ()
        if stage is not None:
            self._record_signature(by, stage, opinion)
            self._credit_responsible_editor()
            credit_fields = ("responsible_editor", "responsible_editor_user")
        self.published_at = when
        if self.first_published_at is None:
            self.first_published_at = when
        self.review_stage = 0
        self._move(
            by,
            Action.PUBLISH,
            Status.PUBLISHED,
            comment=(
                _("Scheduled for %(time)s") % {"time": local_minute(when)}
                if when > now
                else ""
            ),
            fields=(
                "published_at",
                "first_published_at",
                "review_stage",
                *credit_fields,
            ),
        )
        notifications.notify_published(
            article=self, by=by, recipients=self.author_users()
        )
        return self

    @transaction.atomic
    def unpublish(self, by, reason):
        self._locked()
        self._require_status({Status.PUBLISHED}, Action.UNPUBLISH)
        self._require_perm(
            by, "articles.unpublish_article", _("You may not unpublish stories.")
        )
        reason = (reason or "").strip()
        if not reason:
            raise WorkflowError(_("A reason is required to unpublish a story."))
        self._move(by, Action.UNPUBLISH, Status.UNPUBLISHED, comment=reason)
        notifications.notify_unpublished(
            article=self, by=by, reason=reason, recipients=self.author_users()
        )
        return self

    @transaction.atomic
    def republish(self, by, reason):
        """Put a retracted story back out as it was, at its old address."""
        self._locked()
        self._require_status({Status.UNPUBLISHED}, Action.REPUBLISH)
        reason = (reason or "").strip()
        if not reason:
            raise WorkflowError(_("A reason is required to republish a story."))
        refusal = self.republish_refusal(by)
        if refusal:
            raise WorkflowError(refusal)
        problems = self.publish_problems(proofreading=False)
        if problems:
            raise WorkflowError(_("The story cannot be published yet:"), problems)
        # published_at is kept: the story's address is made from it.
        self._move(by, Action.REPUBLISH, Status.PUBLISHED, comment=reason)
        notifications.notify_republished(
            article=self, by=by, reason=reason, recipients=self.author_users()
        )
        if not self.is_published():
            # Retracted before its time, and put back: it is scheduled again.
            notifications.notify_published(
                article=self, by=by, recipients=self.author_users()
            )
        return self

    # -- after 签发: corrections and signed-off edits ----------------------------

    @transaction.atomic
    def add_correction(self, by, text):
        self._locked()
        self._require_status({Status.PUBLISHED}, Action.CORRECT)
        self._require_perm(
            by, "articles.correct_article", _("You may not add corrections.")
        )
        text = (text or "").strip()
        if not text:
            raise WorkflowError(_("The correction note is empty."))
        correction = self.corrections.create(text=text, created_by=by)
        self._record(by, Action.CORRECT, text)
        return correction

    def record_text_signoff(self, by):
        stage = review_stages()[-1]
        return self._record(
            by,
            Action.SIGN,
            _("Signed off an edit of the published text"),
            stage=stage,
        )

    # -- stories from the printed paper ---------------------------------------

    def enter_from_print(self, by, mode, *, published_at=None, source=""):
        """Give a new story from the print import its first state; return its event.

        ``mode`` is the state the importing person asked for: ``submitted``
        (the review queue's first stage, round 1, as a reporter's submission),
        ``published`` (an archive back-filled at ``published_at``) or ``draft``.
        The event is returned unsaved, for the importer to save in bulk.
        """
        refusal = import_refusal(by, mode)
        if refusal:
            raise WorkflowError(refusal)
        now = timezone.now()
        if mode == Status.PUBLISHED:
            self.status = Status.PUBLISHED
            self.published_at = published_at
            self.first_published_at = published_at
        elif mode == Status.DRAFT:
            self.status = Status.DRAFT
        elif mode == Status.SUBMITTED:
            self.status = Status.SUBMITTED
            self.submitted_at = now
            self.review_round = 1
            self.review_stage = 0
        else:
            raise ValueError(f"Unknown import mode {mode!r}")
        self.status_changed_at = now
        return self._event(
            by,
            Action.IMPORT,
            from_status=Status.DRAFT,
            to_status=self.status,
            comment=source,
        )
