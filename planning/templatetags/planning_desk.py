"""The planning desk's part of the admin index: 报题, the day's 选题, my assignments."""

from django import template
from django.utils import timezone

from articles.workflow.policy import has_perm

from ..budget import assignment_state, read_budget
from ..forms import QuickPitchForm, next_edition_date
from ..models import DEFAULT_EDITION, Assignment, Edition, Pitch

register = template.Library()

LIMIT = 20


@register.simple_tag(takes_context=True)
def planning_desk(context):
    """Return what the planning desk shows the signed-in person on the index."""
    user = context["request"].user
    now = timezone.now()
    desk = {
        "can_pitch": has_perm(user, "planning.add_pitch"),
        "can_see_budget": has_perm(user, "planning.view_budget"),
        "tomorrow": next_edition_date(),
    }
    if desk["can_pitch"]:
        desk["pitch_form"] = QuickPitchForm(user=user)
    decidable = Pitch.objects.decidable_by(user).filter(
        edition__date__gte=timezone.localdate()
    )
    desk["to_decide"] = list(
        decidable.select_related("department", "edition", "page__page").order_by(
            "edition__date", "department__order", "created_at"
        )[:LIMIT]
    )
    desk["my_pitches"] = list(
        Pitch.objects.of_person(user)
        .open()
        .select_related("edition")
        .order_by("edition__date")[:LIMIT]
    )
    reporter = getattr(user, "reporter", None)
    # The stories the person works on, not those they commissioned.
    named = (
        Assignment.objects.of_reporter(reporter)
        if reporter is not None
        else Assignment.objects.none()
    )
    mine = list(
        named.live()
        .filter(edition__date__gte=timezone.localdate())
        .select_related("article", "edition", "page__page")
        .order_by("due_at")[:LIMIT]
    )
    for assignment in mine:
        assignment.state, assignment.stage, _note = assignment_state(assignment, now)
        assignment.late = assignment.state in ("assigned", "drafting") and (
            assignment.due_at < now
        )
    desk["my_assignments"] = mine
    # Those who run the desk see the next edition's budget at a glance.
    if desk["can_see_budget"] and has_perm(user, "planning.add_assignment"):
        edition = Edition.objects.filter(
            date=desk["tomorrow"], name=DEFAULT_EDITION
        ).first()
        if edition is not None:
            desk["budget"] = read_budget(edition, user, now)
    return desk
