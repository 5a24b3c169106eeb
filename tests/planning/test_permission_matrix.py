"""Every role × every action × every state, for pitches and for assignments.

The verbs decide; each case asks one verb of one person in one state and
checks it either happens or is refused with nothing changed.
"""

import pytest

from planning.models import Assignment, Pitch, PlanningEvent
from planning.rules import PlanningError
from tests.factories import due_tomorrow, make_pitch

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

ROLES = [
    "reporter",  # the pitcher, named on the story
    "colleague",  # a reporter of the same desk, not on it
    "editor",
    "desk_head",  # of the story's desk
    "other_head",  # of another desk
    "chief",
    "proofreader",
]
DECIDERS = {"desk_head", "chief"}

PITCH_STATES = ["pitched", "needs_more", "accepted", "rejected", "merged", "withdrawn"]
OPEN = {"pitched", "needs_more"}
PITCH_ACTIONS = ["accept", "reject", "ask_more", "merge", "revise", "withdraw"]


def pitch_in(state, people, edition):
    pitch = make_pitch(people["reporter"], edition=edition)
    chief = people["chief"]
    if state == "needs_more":
        pitch.ask_more(chief, "补充采访对象")
    elif state == "accepted":
        pitch.accept(chief, due_at=due_tomorrow())
    elif state == "rejected":
        pitch.reject(chief, "不做")
    elif state == "merged":
        pitch.merge_into(chief, make_pitch(people["colleague"], edition=edition))
    elif state == "withdrawn":
        pitch.withdraw(people["reporter"])
    return Pitch.objects.get(pk=pitch.pk)


def do_pitch(action, pitch, user, people, edition):
    if action == "accept":
        pitch.accept(user, due_at=due_tomorrow())
    elif action == "reject":
        pitch.reject(user, "选题重复")
    elif action == "ask_more":
        pitch.ask_more(user, "现场在哪里？")
    elif action == "merge":
        other = make_pitch(people["colleague"], edition=edition)
        pitch.merge_into(user, other)
    elif action == "revise":
        pitch.revise(user, title="改后的标题")
    elif action == "withdraw":
        pitch.withdraw(user)


def pitch_allowed(role, action, state):
    if state not in OPEN:
        return False
    if action in ("revise", "withdraw"):
        return role == "reporter"
    return role in DECIDERS


@pytest.mark.parametrize("state", PITCH_STATES)
@pytest.mark.parametrize("action", PITCH_ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_pitch_matrix(people, edition, role, action, state):
    pitch = pitch_in(state, people, edition)
    events = PlanningEvent.objects.filter(pitch=pitch).count()
    before = (pitch.status, pitch.title)
    if pitch_allowed(role, action, state):
        do_pitch(action, pitch, people[role], people, edition)
        assert PlanningEvent.objects.filter(pitch=pitch).count() > events
    else:
        with pytest.raises(PlanningError):
            do_pitch(action, pitch, people[role], people, edition)
        fresh = Pitch.objects.get(pk=pitch.pk)
        assert (fresh.status, fresh.title) == before
        assert PlanningEvent.objects.filter(pitch=pitch).count() == events


ASSIGNMENT_STATES = ["live", "killed"]
ASSIGNMENT_ACTIONS = ["change", "people", "move", "kill", "revive"]
CHANGERS = {"editor", "desk_head", "chief"}
KILLERS = {"desk_head", "chief"}


def assignment_in(state, people, edition):
    assignment = make_pitch(people["reporter"], edition=edition).accept(
        people["chief"], due_at=due_tomorrow()
    )
    if state == "killed":
        assignment.kill(people["chief"], "版面调整")
    return Assignment.objects.get(pk=assignment.pk)


def do_assignment(action, assignment, user, people, edition):
    if action == "change":
        assignment.change(user, planned_length=assignment.planned_length + 100)
    elif action == "people":
        assignment.set_people(
            user,
            reporters=[people["reporter"].reporter, people["colleague"].reporter],
            photographers=[],
        )
    elif action == "move":
        assignment.move(user, edition=edition, page=edition.page_plans.last())
    elif action == "kill":
        assignment.kill(user, "线索不实")
    elif action == "revive":
        assignment.revive(user)


def assignment_allowed(role, action, state):
    if action == "revive":
        return state == "killed" and role in KILLERS
    if state == "killed":
        return False
    if action == "kill":
        return role in KILLERS
    return role in CHANGERS


@pytest.mark.parametrize("state", ASSIGNMENT_STATES)
@pytest.mark.parametrize("action", ASSIGNMENT_ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_assignment_matrix(people, edition, role, action, state):
    assignment = assignment_in(state, people, edition)
    events = PlanningEvent.objects.filter(assignment=assignment).count()
    allowed = assignment_allowed(role, action, state)
    assert (action in assignment.available_actions(people[role])) == allowed
    if allowed:
        do_assignment(action, assignment, people[role], people, edition)
        assert PlanningEvent.objects.filter(assignment=assignment).count() > events
    else:
        with pytest.raises(PlanningError):
            do_assignment(action, assignment, people[role], people, edition)
        assert PlanningEvent.objects.filter(assignment=assignment).count() == events


@pytest.mark.parametrize(
    ("role", "own_ok", "other_ok"),
    [
        ("reporter", False, False),
        ("colleague", False, False),
        ("editor", True, True),
        ("desk_head", True, False),
        ("other_head", False, True),
        ("chief", True, True),
        ("proofreader", False, False),
    ],
)
def test_assigning_without_a_pitch(
    people, edition, desk, other_desk, role, own_ok, other_ok
):
    for department, allowed in ((desk, own_ok), (other_desk, other_ok)):
        plan = {
            "title": "区运会开幕式",
            "department": department,
            "edition": edition,
            "planned_length": 800,
            "due_at": due_tomorrow(),
            "reporters": [people["colleague"].reporter],
        }
        if allowed:
            assert Assignment.assign(people[role], **plan).article_id
        else:
            with pytest.raises(PlanningError):
                Assignment.assign(people[role], **plan)


@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("reporter", {"own"}),
        ("colleague", set()),
        ("editor", {"other"}),
        ("desk_head", {"own", "desk"}),
        ("other_head", {"other"}),
        ("chief", {"own", "desk", "other"}),
        ("proofreader", set()),
    ],
)
def test_who_sees_which_pitches(people, edition, other_desk, role, sees):
    pitches = {
        "own": make_pitch(people["reporter"], edition=edition),
        "desk": make_pitch(
            people["desk_head"],
            edition=edition,
            reporters=[people["desk_head"].reporter],
        ),
        "other": make_pitch(people["editor"], edition=edition, department=other_desk),
    }
    visible = set(Pitch.objects.visible_to(people[role]).values_list("pk", flat=True))
    assert visible == {pitches[name].pk for name in sees}
