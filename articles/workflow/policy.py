"""The rules of the editorial workflow, independent of any one article.

A story's states, the names of the actions that move it, the configured review
stages (``NEWSROOM_REVIEW_STAGES``) and who may sign each of them. Everything
here is read from settings when asked, never at import.
"""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from staff.roles import role


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("In review")
    CHANGES_REQUESTED = "changes_requested", _("Changes requested")
    PUBLISHED = "published", _("Published")
    UNPUBLISHED = "unpublished", _("Unpublished")


# Where the authors may revise a story and (re)submit it; a retracted story
# goes back out through a new review round, or is republished as it was.
EDITABLE_BY_AUTHOR = frozenset(
    {Status.DRAFT, Status.CHANGES_REQUESTED, Status.UNPUBLISHED}
)


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


class Action:
    """Names of the transitions, as used in URLs, events and the permission matrix."""

    SUBMIT = "submit"
    WITHDRAW = "withdraw"
    SIGN = "sign"
    REQUEST_CHANGES = "request_changes"
    PUBLISH = "publish"
    UNPUBLISH = "unpublish"
    REPUBLISH = "republish"
    CORRECT = "correct"
    RESTORE = "restore"
    PROOFREAD = "proofread"
    IMPORT = "import"
    PROOFREAD_FIX = "proofread_fix"
    PREVIEW_LINK = "preview_link"
    REVOKE_PREVIEW_LINK = "revoke_preview_link"

    LABELS = {
        SUBMIT: _("Submit for review"),
        WITHDRAW: _("Withdraw submission"),
        SIGN: _("Sign this review stage"),
        REQUEST_CHANGES: _("Send back for changes"),
        PUBLISH: _("Publish or schedule"),
        UNPUBLISH: _("Unpublish"),
        REPUBLISH: _("Republish"),
        CORRECT: _("Add a correction"),
        RESTORE: _("Restore a revision"),
        PROOFREAD: _("Record a proofreading pass"),
        IMPORT: _("Imported from the print edition"),
        PROOFREAD_FIX: _("Applied a proofreading fix"),
        PREVIEW_LINK: _("Create a preview link"),
        REVOKE_PREVIEW_LINK: _("Revoke a preview link"),
    }


@dataclass(frozen=True)
class ReviewStage:
    index: int
    name: str
    group: str
    department_scoped: bool = False

    @property
    def number(self):
        return self.index + 1

    @property
    def is_last(self):
        return self.index == len(settings.NEWSROOM_REVIEW_STAGES) - 1


def review_stages():
    """Return the configured review stages."""
    return [
        ReviewStage(
            index=index,
            name=stage["name"],
            group=stage["group"],
            department_scoped=stage.get("department_scoped", False),
        )
        for index, stage in enumerate(settings.NEWSROOM_REVIEW_STAGES)
    ]


def required_proofreads():
    """How many proofreading passes must be recorded before 签发."""
    return settings.NEWSROOM_REQUIRED_PROOFREADS


def self_review_allowed():
    return settings.NEWSROOM_ALLOW_SELF_REVIEW


def user_group_names(user):
    """Return the user's group names, fetched once per user object."""
    if not hasattr(user, "_newsroom_groups"):
        user._newsroom_groups = set(user.groups.values_list("name", flat=True))
    return user._newsroom_groups


def user_in_stage_group(user, stage):
    """Whether ``user`` is a reviewer of ``stage`` for some story, if not all."""
    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.has_perm("articles.review_article") and (
        stage.group in user_group_names(user)
    )


def user_may_sign_stage(user, stage, department_id):
    """Whether ``user`` is one of the stage's reviewers, whatever the story's past."""
    if not user_in_stage_group(user, stage):
        return False
    if user.is_superuser:
        return True
    if stage.department_scoped:
        reporter = getattr(user, "reporter", None)
        return (
            reporter is not None
            and department_id is not None
            and reporter.department_id == department_id
        )
    return True


def proofreader_users():
    """The active members of the proofreaders' group, whom passes are due to."""
    return get_user_model().objects.filter(
        groups__name=role("proofreader").group, is_active=True
    )


def is_proofreader(user):
    return user.is_active and role("proofreader").group in user_group_names(user)


def has_perm(user, perm):
    """Whether an active ``user`` holds ``perm`` (superusers hold every one)."""
    return user.is_active and (user.is_superuser or user.has_perm(perm))


def import_refusal(user, mode):
    """Why ``user`` may not import print stories in state ``mode``, or None.

    An import never reaches a state its person could not reach by hand; an
    import run by no one (a script) is the operator's own decision.
    """
    if user is None or mode != Status.PUBLISHED:
        return None
    if has_perm(user, "articles.publish_article"):
        return None
    return gettext_now("Only editors who may publish can import stories as published.")
