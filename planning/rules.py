"""Who may pitch, decide and assign for which desk, independent of any one story.

A desk head plans for their own desk: the one their reporter profile names,
as they sign 复审 only for it (``articles.workflow.user_may_sign_stage``).
Whoever holds ``planning.plan_all_desks`` (the chief, the editors) plans for
every desk. Deciding a pitch never gives review rights over its story.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.workflow.policy import has_perm


class PlanningError(PermissionDenied):
    """A planning step refused; the message says why, for the person who tried."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message

    def __str__(self):
        return str(self.message)


class Action(models.TextChoices):
    """The steps of a story's plan, as recorded in its timeline."""

    PITCH = "pitch", _("Pitched")
    REVISE = "revise", _("Revised the pitch")
    WITHDRAW = "withdraw", _("Withdrew the pitch")
    ASK_MORE = "ask_more", _("Asked for more")
    REJECT = "reject", _("Rejected")
    MERGE = "merge", _("Merged")
    ACCEPT = "accept", _("Accepted")
    ASSIGN = "assign", _("Assigned")
    CHANGE = "change", _("Changed the assignment")
    PEOPLE = "people", _("Changed who works on it")
    MOVE = "move", _("Moved")
    KILL = "kill", _("Killed (弃用)")
    REVIVE = "revive", _("Brought back")
    PRINT_MATCH = "print_match", _("Matched to the printed page")


def user_department_id(user):
    reporter = getattr(user, "reporter", None)
    return reporter.department_id if reporter is not None else None


def plans_for_desk(user, department_id):
    """Whether ``user`` plans for the desk ``department_id``: theirs, or all."""
    if not user.is_active:
        return False
    if has_perm(user, "planning.plan_all_desks"):
        return True
    return department_id is not None and user_department_id(user) == department_id


def may_decide(user, department_id):
    """Whether ``user`` may accept, reject, merge or question the desk's pitches."""
    return has_perm(user, "planning.decide_pitch") and plans_for_desk(
        user, department_id
    )


def may_assign(user, department_id):
    return has_perm(user, "planning.add_assignment") and plans_for_desk(
        user, department_id
    )


def may_change(user, department_id):
    return has_perm(user, "planning.change_assignment") and plans_for_desk(
        user, department_id
    )


def may_kill(user, department_id):
    return has_perm(user, "planning.kill_assignment") and plans_for_desk(
        user, department_id
    )


def self_decision_allowed():
    """A one-person newsroom may decide its own pitches, as it reviews its stories."""
    return settings.NEWSROOM_ALLOW_SELF_REVIEW
