"""What one article allows whom: seeing, editing, signing, and what blocks 签发.

Mixed into ``Article``. Nothing here changes the article; the verbs
(``verbs.py``) ask these questions before they act, and the admin asks them to
decide which buttons to offer.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .policy import (
    EDITABLE_BY_AUTHOR,
    Action,
    Status,
    has_perm,
    required_proofreads,
    review_stages,
    self_review_allowed,
    user_may_sign_stage,
)


class ArticleAccessMixin:
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
        return self.status in EDITABLE_BY_AUTHOR and self.is_author(user)

    def can_delete(self, user):
        if not (user.is_active and user.is_staff):
            return False
        # A story that has been public is part of the record, with its review
        # record, for everyone, superusers included: unpublish it instead.
        if self.first_published_at is not None or self.status == Status.PUBLISHED:
            return False
        return user.is_superuser or user.has_perm("articles.delete_article")

    # -- the review sequence ---------------------------------------------------

    @property
    def current_stage(self):
        if self.status != Status.SUBMITTED:
            return None
        stages = review_stages()
        return stages[min(self.review_stage, len(stages) - 1)]

    def signers_this_round(self):
        """Users who signed a stage since the story was last submitted."""
        prefetched = getattr(self, "signature_events", None)
        if prefetched is not None:
            return {e.actor_id for e in prefetched if e.round == self.review_round}
        return set(
            self.events.filter(action=Action.SIGN, round=self.review_round).values_list(
                "actor_id", flat=True
            )
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

    def stage_reviewers(self, stage):
        """Return the active users who may sign ``stage`` of this story."""
        candidates = get_user_model().objects.filter(
            Q(groups__name=stage.group) | Q(is_superuser=True), is_active=True
        )
        return [
            user
            for user in candidates.distinct()
            if user_may_sign_stage(user, stage, self.department_id)
            and not self.is_author(user)
        ]

    def author_users(self):
        """Return the active logins of the story's creator and bylined reporters."""
        return (
            get_user_model()
            .objects.filter(
                Q(pk=self.created_by_id) | Q(reporter__bylines__article=self),
                is_active=True,
            )
            .distinct()
        )

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
        if status in EDITABLE_BY_AUTHOR and can_submit and self.can_edit(user):
            actions.append(Action.SUBMIT)
        if status == Status.SUBMITTED:
            if can_submit and (self.is_author(user) or user.is_superuser):
                actions.append(Action.WITHDRAW)
            if self.may_review(user):
                if not self.current_stage.is_last:
                    actions.append(Action.SIGN)
                elif can_publish:
                    actions.append(Action.PUBLISH)
                actions.append(Action.REQUEST_CHANGES)
        elif status == Status.PUBLISHED:
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
        if status == Status.UNPUBLISHED and self.republish_refusal(user) is None:
            actions.append(Action.REPUBLISH)
        if status in (
            Status.DRAFT,
            Status.SUBMITTED,
            Status.CHANGES_REQUESTED,
        ) and (user.is_superuser or user.has_perm("articles.proofread_article")):
            actions.append(Action.PROOFREAD)
        if user.is_superuser or user.has_perm("articles.preview_article"):
            actions.append(Action.PREVIEW_LINK)
        return actions

    def republish_refusal(self, user):
        """Why ``user`` may not put this retracted story back out as it was, or None.

        Republication reinstates what was signed off: a final-stage reviewer
        does it, and only while the words are those that were retracted.
        """
        if self.status != Status.UNPUBLISHED:
            return _("Only a retracted story can be republished.")
        if not has_perm(user, "articles.publish_article"):
            return _("You may not publish stories.")
        final = review_stages()[-1]
        if not user_may_sign_stage(user, final, self.department_id):
            return _(
                "Only a %(stage)s reviewer may republish a retracted story; "
                "anyone else may submit it for a new review round."
            ) % {"stage": final.name}
        if not self_review_allowed() and self.is_author(user):
            return _("Nobody may review their own story.")
        retracted = self.version_at_retraction()
        if retracted is not None and retracted != self.version:
            return _(
                "The story has been edited since it was retracted; submit it "
                "for a new review round."
            )
        return None

    def version_at_retraction(self):
        """The version the story had when it was last unpublished, if known."""
        return (
            self.events.filter(action=Action.UNPUBLISH)
            .order_by("-created_at", "-pk")
            .values_list("version", flat=True)
            .first()
        )

    # -- pre-publish checks ----------------------------------------------------

    def publish_problems(self, proofreading=True):
        """Return every reason this story may not be published yet.

        ``proofreading=False`` leaves out the passes, for republishing words
        that were proofread when they were first signed off.
        """
        problems = []
        if not self.headline.strip():
            problems.append(_("The headline is empty."))
        limit = settings.NEWSROOM_HEADLINE_MAX_LENGTH
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
        required = required_proofreads() if proofreading else 0
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
        if settings.NEWSROOM_PROOFREADING_FINDINGS_BLOCK:
            problems.extend(self._findings_notice())
        return problems

    def publish_warnings(self):
        warnings = []
        if self.bylines.filter(role="photo").exists() and not self.photos.exists():
            warnings.append(_("A photo (图) is credited but no photo is attached."))
        if not settings.NEWSROOM_PROOFREADING_FINDINGS_BLOCK:
            warnings.extend(self._findings_notice())
        return warnings

    def _findings_notice(self):
        count = sum(len(found) for found in self.proofreading_findings().values())
        if not count:
            return []
        return [
            ngettext(
                "The proofreading aids find %(count)d unfixed problem in the text.",
                "The proofreading aids find %(count)d unfixed problems in the text.",
                count,
            )
            % {"count": count}
        ]

    def action_blocks(self, user):
        """``{action: reasons}`` for offered actions that would be refused now.

        The admin shows these buttons disabled, with the reasons, instead of
        letting someone fill in a form the verb will refuse.
        """
        blocks = {}
        offered = self.available_actions(user)
        if Action.PROOFREAD in offered:
            refusal = self.proofreading_refusal(user)
            if refusal:
                blocks[Action.PROOFREAD] = [refusal]
        if Action.PUBLISH in offered and self.status != Status.PUBLISHED:
            problems = self.publish_problems()
            if problems:
                blocks[Action.PUBLISH] = problems
        return blocks

    # -- edits after 签发 --------------------------------------------------------

    def text_edit_refusal(self, user):
        """Why ``user`` may not change this story's words now, or None.

        Once a story is signed off (签发) in a multi-stage review, a change to its
        headline, summary or body is a fresh 终审: only a final-stage reviewer
        may make it, and the change is recorded as their sign-off.
        """
        stages = review_stages()
        if self.status != Status.PUBLISHED or len(stages) == 1:
            return None
        if user_may_sign_stage(user, stages[-1], self.department_id):
            return None
        return _(
            "The story has been signed off; a change to its headline, summary or "
            "body needs a fresh %(stage)s sign-off. Ask a %(stage)s reviewer, or "
            "add a correction."
        ) % {"stage": stages[-1].name}
