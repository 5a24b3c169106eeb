"""The editorial workflow: review stages, who may move an article, and how.

A newsroom configures its review as an ordered list of stages
(``NEWSROOM_REVIEW_STAGES``): one stage is the classic "an editor approves",
three stages are 三审 (初审, 复审, 终审). Signing the last stage publishes
(签发). The verb methods here are mixed into ``Article`` so every entry point,
admin form, bulk action, crafted POST or command, goes through the same rules.
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class WorkflowError(PermissionDenied):
    """A transition refused; the message says why, for the person who tried."""

    def __init__(self, message, reasons=None):
        super().__init__(message)
        self.message = message
        self.reasons = list(reasons or [])

    def __str__(self):
        if self.reasons:
            return f"{self.message} " + " ".join(str(r) for r in self.reasons)
        return str(self.message)


@dataclass(frozen=True)
class ReviewStage:
    index: int
    name: str
    group: str
    department_scoped: bool = False

    @property
    def number(self):
        return self.index + 1


DEFAULT_REVIEW_STAGES = [{"name": "审核", "group": "editors"}]


def review_stages():
    """Return the configured review stages, read when asked, never at import."""
    configured = getattr(settings, "NEWSROOM_REVIEW_STAGES", None)
    return [
        ReviewStage(
            index=index,
            name=stage["name"],
            group=stage["group"],
            department_scoped=stage.get("department_scoped", False),
        )
        for index, stage in enumerate(configured or DEFAULT_REVIEW_STAGES)
    ]


def self_review_allowed():
    return getattr(settings, "NEWSROOM_ALLOW_SELF_REVIEW", False)


def user_group_names(user):
    """Return the user's group names, fetched once per user object."""
    if not hasattr(user, "_newsroom_groups"):
        user._newsroom_groups = set(user.groups.values_list("name", flat=True))
    return user._newsroom_groups


def user_may_sign_stage(user, stage, department_id):
    """Whether ``user`` is one of the stage's reviewers, whatever the story's past."""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    if not user.has_perm("articles.review_article"):
        return False
    if stage.group not in user_group_names(user):
        return False
    if stage.department_scoped:
        reporter = getattr(user, "reporter", None)
        return (
            reporter is not None
            and department_id is not None
            and reporter.department_id == department_id
        )
    return True


def finding_key(finding):
    """Name one finding stably enough to ask for its fix in a later request."""
    return f"{finding.code}:{finding.start}:{finding.end}"


class Action:
    """Names of the transitions, as used in URLs, events and the permission matrix."""

    SUBMIT = "submit"
    WITHDRAW = "withdraw"
    SIGN = "sign"
    REQUEST_CHANGES = "request_changes"
    PUBLISH = "publish"
    UNPUBLISH = "unpublish"
    CORRECT = "correct"
    RESTORE = "restore"
    PROOFREAD = "proofread"
    IMPORT = "import"
    PROOFREAD_FIX = "proofread_fix"
    PREVIEW_LINK = "preview_link"
    REVOKE_PREVIEW_LINK = "revoke_preview_link"

    LABELS = {
        SUBMIT: gettext_lazy("Submit for review"),
        WITHDRAW: gettext_lazy("Withdraw submission"),
        SIGN: gettext_lazy("Sign this review stage"),
        REQUEST_CHANGES: gettext_lazy("Send back for changes"),
        PUBLISH: gettext_lazy("Publish or schedule"),
        UNPUBLISH: gettext_lazy("Unpublish"),
        CORRECT: gettext_lazy("Add a correction"),
        RESTORE: gettext_lazy("Restore a revision"),
        PROOFREAD: gettext_lazy("Record a proofreading pass"),
        IMPORT: gettext_lazy("Imported from the print edition"),
        PROOFREAD_FIX: gettext_lazy("Applied a proofreading fix"),
        PREVIEW_LINK: gettext_lazy("Create a preview link"),
        REVOKE_PREVIEW_LINK: gettext_lazy("Revoke a preview link"),
    }


class ArticleWorkflowMixin:
    """Verb methods of ``Article``: each checks state and actor, then records itself."""

    # -- who may see and touch an article -------------------------------------

    def is_author(self, user):
        if self.created_by_id is not None and self.created_by_id == user.pk:
            return True
        if "bylines" in getattr(self, "_prefetched_objects_cache", {}):
            return any(b.reporter.user_id == user.pk for b in self.bylines.all())
        return self.bylines.filter(reporter__user=user).exists()

    def can_view(self, user):
        if not (user.is_active and user.is_staff):
            return False
        if user.is_superuser or user.has_perm("articles.review_article"):
            return True
        return user.has_perm("articles.view_article") and self.is_author(user)

    def can_edit(self, user):
        if not (user.is_active and user.is_staff):
            return False
        if user.is_superuser:
            return True
        if not user.has_perm("articles.change_article"):
            return False
        if user.has_perm("articles.review_article"):
            return True
        return self.status in self.EDITABLE_BY_AUTHOR and self.is_author(user)

    def can_delete(self, user):
        if not (user.is_active and user.is_staff):
            return False
        # A story that has been public is part of the record, with its review
        # record, for everyone, superusers included: unpublish it instead.
        if self.first_published_at is not None or self.status == self.Status.PUBLISHED:
            return False
        return user.is_superuser or user.has_perm("articles.delete_article")

    # -- the review sequence ---------------------------------------------------

    @property
    def current_stage(self):
        if self.status != self.Status.SUBMITTED:
            return None
        stages = review_stages()
        return stages[min(self.review_stage, len(stages) - 1)]

    def signers_this_round(self):
        """Users who signed a stage since the story was last submitted."""
        from .models import ArticleEvent

        prefetched = getattr(self, "signature_events", None)
        if prefetched is not None:
            return {e.actor_id for e in prefetched if e.round == self.review_round}
        return set(
            ArticleEvent.objects.filter(
                article=self, action=Action.SIGN, round=self.review_round
            ).values_list("actor_id", flat=True)
        )

    def review_refusal(self, user, stage):
        """Return why ``user`` may not act on ``stage`` of this story, or None."""
        if not user_may_sign_stage(user, stage, self.department_id):
            if stage.department_scoped:
                return _(
                    "Only reviewers of this story's department may sign %(stage)s."
                ) % {"stage": stage.name}
            return _("You are not a reviewer for %(stage)s.") % {"stage": stage.name}
        if self_review_allowed():
            return None
        if self.is_author(user):
            return _("Nobody may review their own story.")
        if user.pk in self.signers_this_round():
            return _(
                "You have already signed a stage of this story; another "
                "person must sign %(stage)s."
            ) % {"stage": stage.name}
        return None

    def may_review(self, user):
        stage = self.current_stage
        return stage is not None and self.review_refusal(user, stage) is None

    def available_actions(self, user):
        """Actions worth offering ``user`` as buttons; the verbs still decide."""
        stages = review_stages()
        single_stage = len(stages) == 1
        status = self.status
        actions = []
        can_submit = user.is_superuser or user.has_perm("articles.submit_article")
        can_publish = user.is_superuser or user.has_perm("articles.publish_article")
        if status in self.EDITABLE_BY_AUTHOR and can_submit and self.can_edit(user):
            actions.append(Action.SUBMIT)
        if status == self.Status.SUBMITTED:
            if can_submit and (self.is_author(user) or user.is_superuser):
                actions.append(Action.WITHDRAW)
            if self.may_review(user):
                if self.current_stage.index < len(stages) - 1:
                    actions.append(Action.SIGN)
                elif can_publish:
                    actions.append(Action.PUBLISH)
                actions.append(Action.REQUEST_CHANGES)
        elif status == self.Status.PUBLISHED:
            if can_publish and not self.is_published():
                actions.append(Action.PUBLISH)
            if user.is_superuser or user.has_perm("articles.unpublish_article"):
                actions.append(Action.UNPUBLISH)
            if user.is_superuser or user.has_perm("articles.correct_article"):
                actions.append(Action.CORRECT)
        elif (
            single_stage
            and can_publish
            and self.review_refusal(user, stages[0]) is None
        ):
            actions.append(Action.PUBLISH)
        if status in (
            self.Status.DRAFT,
            self.Status.SUBMITTED,
            self.Status.CHANGES_REQUESTED,
        ) and (user.is_superuser or user.has_perm("articles.proofread_article")):
            actions.append(Action.PROOFREAD)
        if user.is_superuser or user.has_perm("articles.preview_article"):
            actions.append(Action.PREVIEW_LINK)
        return actions

    # -- pre-publish checks ----------------------------------------------------

    def publish_problems(self):
        """Return every reason this story may not be published yet."""
        problems = []
        if not self.headline.strip():
            problems.append(_("The headline is empty."))
        limit = getattr(settings, "NEWSROOM_HEADLINE_MAX_LENGTH", 48)
        if len(self.headline) > limit:
            problems.append(
                _("The headline has %(length)d characters; the limit is %(limit)d.")
                % {"length": len(self.headline), "limit": limit}
            )
        if not self.body.strip():
            problems.append(_("The body is empty."))
        if not self.bylines.exists():
            problems.append(_("The story has no byline."))
        if self.department_id is None:
            problems.append(_("The story has no department."))
        required = getattr(settings, "NEWSROOM_REQUIRED_PROOFREADS", 0)
        done = self.proofreading_passes.filter(round=self.review_round).count()
        if done < required:
            problems.append(
                _("%(done)d of %(required)d proofreading passes are recorded.")
                % {"done": done, "required": required}
            )
        missing_alt = self.photos.filter(alt_text="").count()
        if missing_alt:
            problems.append(
                _("%(count)d photo(s) have no alt text.") % {"count": missing_alt}
            )
        return problems

    def publish_warnings(self):
        warnings = []
        if self.bylines.filter(role="photo").exists() and not self.photos.exists():
            warnings.append(_("A photo (图) is credited but no photo is attached."))
        return warnings

    # -- transitions -----------------------------------------------------------

    def _locked(self):
        """Lock this article's row and reload its workflow state from it."""
        fresh = type(self).objects.select_for_update().get(pk=self.pk)
        for field in self.WORKFLOW_FIELDS:
            setattr(self, field, getattr(fresh, field))
        return self

    def _require_perm(self, user, perm, message):
        if not (user.is_active and (user.is_superuser or user.has_perm(perm))):
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

    def _move(self, by, action, to_status, *, comment="", stage=None, fields=()):
        from .models import ArticleEvent

        from_status = self.status
        fields = {"status", *fields}
        if to_status != from_status:
            self.status = to_status
            self.status_changed_at = timezone.now()
            fields.add("status_changed_at")
        self.save(update_fields=fields)
        return ArticleEvent.objects.create(
            article=self,
            actor=by,
            action=action,
            from_status=from_status,
            to_status=to_status,
            stage=stage.index if stage else None,
            stage_name=stage.name if stage else "",
            round=self.review_round,
            comment=comment,
        )

    @transaction.atomic
    def submit(self, by):
        self._locked()
        self._require_status(self.EDITABLE_BY_AUTHOR, Action.SUBMIT)
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
            self.Status.SUBMITTED,
            fields=("review_stage", "review_round", "submitted_at"),
        )
        from .notifications import notify_submitted

        notify_submitted(article=self, by=by)
        return self

    @transaction.atomic
    def withdraw(self, by):
        self._locked()
        self._require_status({self.Status.SUBMITTED}, Action.WITHDRAW)
        self._require_perm(
            by, "articles.submit_article", _("You may not withdraw stories.")
        )
        if not (self.is_author(by) or by.is_superuser):
            raise WorkflowError(_("Only the story's authors may withdraw it."))
        self._move(by, Action.WITHDRAW, self.Status.DRAFT)
        return self

    @transaction.atomic
    def request_changes(self, by, comment):
        self._locked()
        self._require_status({self.Status.SUBMITTED}, Action.REQUEST_CHANGES)
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
            self.Status.CHANGES_REQUESTED,
            comment=comment,
            stage=stage,
        )
        from .notifications import notify_changes_requested

        notify_changes_requested(
            article=self, by=by, comment=comment, signer_ids=previous_signers
        )
        return self

    @transaction.atomic
    def sign(self, by, opinion="", publish_at=None):
        """Sign the current review stage; signing the last one publishes (签发)."""
        self._locked()
        self._require_status({self.Status.SUBMITTED}, Action.SIGN)
        stages = review_stages()
        stage = self.current_stage
        refusal = self.review_refusal(by, stage)
        if refusal:
            raise WorkflowError(refusal)
        if stage.index == len(stages) - 1:
            return self._publish(by, publish_at, opinion=opinion, stage=stage)
        self._record_signature(by, stage, opinion)
        self.review_stage = stage.index + 1
        self.save(update_fields={"review_stage"})
        from .notifications import notify_submitted

        notify_submitted(article=self, by=by)
        return self

    def _record_signature(self, by, stage, opinion):
        return self._record(by, Action.SIGN, (opinion or "").strip(), stage=stage)

    @transaction.atomic
    def publish(self, by, at=None, opinion=""):
        """Publish now, or at ``at`` (a schedule or an embargo)."""
        self._locked()
        stages = review_stages()
        if self.status == self.Status.SUBMITTED:
            stage = self.current_stage
            if stage.index != len(stages) - 1:
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
        if self.status == self.Status.PUBLISHED:
            if self.is_published():
                raise WorkflowError(_("The story is already public."))
            # Still scheduled: the editor is moving the time.
            self._require_perm(
                by, "articles.publish_article", _("You may not publish stories.")
            )
            return self._publish(by, at, opinion=opinion, stage=None)
        self._require_status(
            {self.Status.DRAFT, self.Status.CHANGES_REQUESTED, self.Status.UNPUBLISHED},
            Action.PUBLISH,
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
        if stage is not None:
            self._record_signature(by, stage, opinion)
        self.published_at = when
        if self.first_published_at is None:
            self.first_published_at = when
        self.review_stage = 0
        action = Action.PUBLISH
        self._move(
            by,
            action,
            self.Status.PUBLISHED,
            comment=(
                _("Scheduled for %(time)s")
                % {"time": timezone.localtime(when).strftime("%Y-%m-%d %H:%M")}
                if when > now
                else ""
            ),
            fields=("published_at", "first_published_at", "review_stage"),
        )
        from .notifications import notify_published

        notify_published(article=self, by=by)
        return self

    @transaction.atomic
    def unpublish(self, by, reason):
        self._locked()
        self._require_status({self.Status.PUBLISHED}, Action.UNPUBLISH)
        self._require_perm(
            by, "articles.unpublish_article", _("You may not unpublish stories.")
        )
        reason = (reason or "").strip()
        if not reason:
            raise WorkflowError(_("A reason is required to unpublish a story."))
        self._move(by, Action.UNPUBLISH, self.Status.UNPUBLISHED, comment=reason)
        from .notifications import notify_unpublished

        notify_unpublished(article=self, by=by, reason=reason)
        return self

    @transaction.atomic
    def create_preview_link(self, by, note="", hours=None):
        from .models import PreviewLink

        self._require_perm(
            by, "articles.preview_article", _("You may not create preview links.")
        )
        if not self.can_view(by):
            raise WorkflowError(_("You may not see this story."))
        hours = hours or getattr(settings, "NEWSROOM_PREVIEW_LINK_HOURS", 48)
        if not 0 < hours <= 24 * 30:
            raise WorkflowError(_("A preview link lasts between 1 hour and 30 days."))
        link = PreviewLink.objects.create(
            article=self,
            token=secrets.token_urlsafe(32),
            note=(note or "").strip()[:100],
            created_by=by,
            expires_at=timezone.now() + timedelta(hours=hours),
        )
        self._record(by, Action.PREVIEW_LINK, link.note or _("preview link"))
        return link

    @transaction.atomic
    def revoke_preview_link(self, by, link):
        self._require_perm(
            by, "articles.preview_article", _("You may not revoke preview links.")
        )
        if link.article_id != self.pk:
            raise WorkflowError(_("That preview link belongs to another story."))
        if link.revoked_at is None:
            link.revoked_at = timezone.now()
            link.save(update_fields=["revoked_at"])
            self._record(by, Action.REVOKE_PREVIEW_LINK, link.note)
        return link

    def _record(self, by, action, comment="", stage=None):
        """Record an event that does not change the article's state."""
        from .cache import bump_generation
        from .models import ArticleEvent

        # A correction shows on the public page; other events are cheap to cover.
        bump_generation()
        return ArticleEvent.objects.create(
            article=self,
            actor=by,
            action=action,
            from_status=self.status,
            to_status=self.status,
            stage=stage.index if stage else None,
            stage_name=stage.name if stage else "",
            round=self.review_round,
            comment=comment,
        )

    @transaction.atomic
    def restore_revision(self, by, version):
        """Bring back the words, placement, bylines and tags of an earlier revision.

        Workflow state (status, times, review) is never rolled back: a restored
        draft is still a draft, a published story stays published.
        """
        import reversion
        from reversion.models import Version

        from .models import Article, Byline, Photo, TaggedArticle

        self._locked()
        if not self.can_edit(by):
            raise WorkflowError(_("You may not edit this story now."))
        if (
            version.object_id != str(self.pk)
            or version.content_type.model_class() is not Article
        ):
            raise WorkflowError(_("That revision belongs to another story."))
        data = version.field_dict
        for field in self.RESTORABLE_FIELDS:
            if field in data:
                setattr(self, field, data[field])
        self.department_id = data.get("department_id")
        siblings = Version.objects.filter(revision=version.revision)
        bylines = [v.field_dict for v in siblings.get_for_model(Byline)]
        tag_ids = [
            v.field_dict["tag_id"] for v in siblings.get_for_model(TaggedArticle)
        ]
        photos = {v.object_id: v.field_dict for v in siblings.get_for_model(Photo)}
        with reversion.create_revision():
            reversion.set_user(by)
            reversion.set_comment(
                _("Restored the revision of %(date)s")
                % {"date": timezone.localtime(version.revision.date_created)}
            )
            self.save()
            self.bylines.all().delete()
            Byline.objects.bulk_create(
                Byline(
                    article=self,
                    reporter_id=row["reporter_id"],
                    role=row["role"],
                    order=row["order"],
                )
                for row in bylines
            )
            TaggedArticle.objects.filter(content_object=self).delete()
            TaggedArticle.objects.bulk_create(
                TaggedArticle(content_object=self, tag_id=tag_id) for tag_id in tag_ids
            )
            # Photos' files are not versioned; their words are, where the photo remains.
            for photo in self.photos.filter(pk__in=[int(pk) for pk in photos]):
                row = photos[str(photo.pk)]
                for field in ("caption", "alt_text", "credit_text", "order"):
                    setattr(photo, field, row.get(field, getattr(photo, field)))
                photo.credit_reporter_id = row.get("credit_reporter_id")
                photo.save()
        self._record(
            by, Action.RESTORE, str(timezone.localtime(version.revision.date_created))
        )
        return self

    @transaction.atomic
    def record_proofreading(self, by, note=""):
        """Record the next proofreading pass (一校, 二校, 三校) of this round."""
        from .models import ProofreadingPass

        self._locked()
        self._require_perm(
            by, "articles.proofread_article", _("You may not record proofreading.")
        )
        if not self.can_view(by):
            raise WorkflowError(_("You may not see this story."))
        self._require_status(
            {self.Status.DRAFT, self.Status.SUBMITTED, self.Status.CHANGES_REQUESTED},
            Action.PROOFREAD,
        )
        done = self.proofreading_passes.filter(round=self.review_round).count()
        if done >= 3:
            raise WorkflowError(_("All three proofreading passes are recorded."))
        proofreading = ProofreadingPass.objects.create(
            article=self,
            number=done + 1,
            round=self.review_round,
            proofreader=by,
            note=(note or "").strip(),
        )
        self._record(by, Action.PROOFREAD, f"{proofreading.name} {proofreading.note}")
        return proofreading

    # -- proofreading aids ------------------------------------------------------

    def proofreading_findings(self):
        """Return ``{field: [Finding, …]}`` for the headline, summary and body."""
        from .models import BannedWord
        from .proofreading import check_html, check_text

        banned = list(
            BannedWord.objects.filter(is_active=True).values_list("word", flat=True)
        )
        limits = {
            "headline": getattr(settings, "NEWSROOM_HEADLINE_MAX_LENGTH", 48),
            "dek": getattr(settings, "NEWSROOM_DEK_MAX_LENGTH", 120),
        }
        return {
            "headline": check_text(
                self.headline,
                field="headline",
                banned_words=banned,
                max_length=limits["headline"],
            ),
            "dek": check_text(
                self.dek, field="dek", banned_words=banned, max_length=limits["dek"]
            ),
            "body": check_html(self.body, field="body", banned_words=banned),
        }

    @transaction.atomic
    def apply_proofreading_fix(self, by, field, key=None):
        """Apply one suggested fix (``key`` from ``Finding``), or all of a field's.

        The findings are computed again from the saved text, so only a fix the
        server itself suggests now is ever applied.
        """
        import reversion

        from .proofreading import apply_fix, apply_fixes, fix_html, fix_html_all

        self._locked()
        fresh = type(self).objects.get(pk=self.pk)
        for name in ("headline", "dek", "body"):
            setattr(self, name, getattr(fresh, name))
        if not self.can_edit(by):
            raise WorkflowError(_("You may not edit this story now."))
        refusal = self.text_edit_refusal(by)
        if refusal:
            raise WorkflowError(refusal)
        findings = self.proofreading_findings().get(field)
        if findings is None:
            raise WorkflowError(_("There is no such field to proofread."))
        fixable = [f for f in findings if f.fix is not None]
        if key is not None:
            fixable = [f for f in fixable if finding_key(f) == key]
            if not fixable:
                raise WorkflowError(
                    _(
                        "That suggestion no longer applies: the text has changed. "
                        "Look at the current suggestions."
                    )
                )
        if not fixable:
            raise WorkflowError(_("Nothing here can be fixed automatically."))
        text = getattr(self, field)
        if field == "body":
            fixed = fix_html(text, fixable[0]) if key else fix_html_all(text, fixable)
        else:
            fixed = apply_fix(text, fixable[0]) if key else apply_fixes(text, fixable)
        setattr(self, field, fixed)
        with reversion.create_revision():
            reversion.set_user(by)
            reversion.set_comment(_("Applied proofreading fixes"))
            self.save()
        self._record(
            by,
            Action.PROOFREAD_FIX,
            "; ".join(str(f.message) for f in (fixable[:1] if key else fixable))[:500],
        )
        return self

    # -- edits after 签发 --------------------------------------------------------

    def text_edit_refusal(self, user):
        """Why ``user`` may not change this story's words now, or None.

        Once a story is signed off (签发) in a multi-stage review, a change to its
        headline, summary or body is a fresh 终审: only a final-stage reviewer
        may make it, and the change is recorded as their sign-off.
        """
        stages = review_stages()
        if self.status != self.Status.PUBLISHED or len(stages) == 1:
            return None
        if user_may_sign_stage(user, stages[-1], self.department_id):
            return None
        return _(
            "The story has been signed off; a change to its headline, summary or "
            "body needs a fresh %(stage)s sign-off. Ask a %(stage)s reviewer, or "
            "add a correction."
        ) % {"stage": stages[-1].name}

    def record_text_signoff(self, by):
        stage = review_stages()[-1]
        return self._record(
            by,
            Action.SIGN,
            _("Signed off an edit of the published text"),
            stage=stage,
        )

    @transaction.atomic
    def add_correction(self, by, text):
        from .models import Correction

        self._locked()
        self._require_status({self.Status.PUBLISHED}, Action.CORRECT)
        self._require_perm(
            by, "articles.correct_article", _("You may not add corrections.")
        )
        text = (text or "").strip()
        if not text:
            raise WorkflowError(_("The correction note is empty."))
        correction = Correction.objects.create(article=self, text=text, created_by=by)
        self._record(by, Action.CORRECT, text)
        return correction
