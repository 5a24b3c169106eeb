"""稿单: one edition's budget, read in a fixed number of queries.

For each page of the edition, its planned stories in order, each with its
planned and actual 字数 (the draft's ``char_count``, live), its state read
from its pitch, its assignment and its article, who holds it, its due time
and whether it is late, due soon or over length; then the page's totals
against its capacity. "Late" and "due soon" are decided here, when the page
is read, so no job has to run for them.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.workflow import Status, review_stages
from staff.models import Reporter
from staff.roles import role

from .models import Assignment, PagePlan, Pitch


class State:
    PITCHED = "pitched"
    ASSIGNED = "assigned"
    DRAFTING = "drafting"
    IN_REVIEW = "in_review"
    SIGNED = "signed"
    PUBLISHED = "published"
    RETRACTED = "retracted"
    KILLED = "killed"

    LABELS = {
        PITCHED: _("Pitched"),
        ASSIGNED: _("Assigned"),
        DRAFTING: _("Drafting"),
        IN_REVIEW: _("In review"),
        SIGNED: _("Signed (签发)"),
        PUBLISHED: _("Published"),
        RETRACTED: _("Retracted"),
        KILLED: _("Killed (弃用)"),
    }
    # Copy not yet filed: these are the states a due time can be missed in.
    NOT_FILED = frozenset({ASSIGNED, DRAFTING})


@dataclass
class Item:
    kind: str  # "pitch" or "assignment"
    obj: object
    title: str
    department: object
    reporters: list
    photographers: list
    planned: int
    actual: int | None
    state: str
    stage: str = ""
    note: str = ""
    holders: list = field(default_factory=list)
    due_at: object = None
    late: bool = False
    due_soon: bool = False
    over_length: bool = False
    embargo_until: object = None
    embargo_broken: bool = False
    printed: object = None

    @property
    def killed(self):
        return self.state == State.KILLED

    @property
    def state_label(self):
        label = str(State.LABELS[self.state])
        return f"{label} · {self.stage}" if self.stage else label

    @property
    def pk(self):
        return self.obj.pk


@dataclass
class BudgetPage:
    plan: PagePlan | None
    items: list = field(default_factory=list)

    @property
    def number(self):
        return self.plan.number if self.plan else None

    @property
    def capacity(self):
        return self.plan.capacity if self.plan else None

    def _counted(self):
        return [i for i in self.items if i.kind == "assignment" and not i.killed]

    @property
    def planned_total(self):
        return sum(i.planned for i in self._counted())

    @property
    def actual_total(self):
        return sum(i.actual or 0 for i in self._counted())

    @property
    def pitched_total(self):
        return sum(i.planned for i in self.items if i.kind == "pitch")

    @property
    def over_capacity(self):
        capacity = self.capacity
        return capacity is not None and (
            self.planned_total > capacity or self.actual_total > capacity
        )


@dataclass
class Budget:
    edition: object
    pages: list
    now: object

    def items(self):
        return [item for page in self.pages for item in page.items]

    def counts(self):
        """How many stories are in each state, in the order of the states."""
        items = self.items()
        return [
            (state, label, sum(1 for i in items if i.state == state))
            for state, label in State.LABELS.items()
        ]

    @property
    def late_count(self):
        return sum(1 for i in self.items() if i.late)

    @property
    def over_length_count(self):
        return sum(1 for i in self.items() if i.over_length)

    @property
    def planned_total(self):
        return sum(p.planned_total for p in self.pages)

    @property
    def actual_total(self):
        return sum(p.actual_total for p in self.pages)


# Plain lists (to_attr): a related manager's cache costs a queryset clone
# per story each time it is read, a third of the page's time at 200 stories.
PEOPLE = [
    Prefetch(
        "reporters",
        queryset=Reporter.objects.only("name", "user_id"),
        to_attr="listed_reporters",
    ),
    Prefetch(
        "photographers",
        queryset=Reporter.objects.only("name", "user_id"),
        to_attr="listed_photographers",
    ),
]


# What a budget row shows, and nothing else: every timestamp read costs a
# parse on SQLite, a tenth of the page's time at 200 stories.
ASSIGNMENT_FIELDS = [
    "title",
    "edition_id",
    "page_id",
    "position",
    "planned_length",
    "due_at",
    "embargo_until",
    "killed_at",
    "kill_reason",
    "department__name",
    "department__slug",
    "article__headline",
    "article__status",
    "article__char_count",
    "article__review_stage",
    "article__published_at",
    "article__department_id",
    "article__created_by_id",
    "printed_article__headline",
    "printed_article__print_page",
    "printed_article__char_count",
]
PITCH_FIELDS = [
    "title",
    "edition_id",
    "page_id",
    "position",
    "planned_length",
    "status",
    "department__name",
    "department__slug",
]


def read_budget(edition, user, now=None):
    """Return the ``Budget`` of ``edition`` as ``user`` may see it."""
    now = now or timezone.now()
    plans = list(
        PagePlan.objects.filter(edition=edition)
        .select_related("page")
        .order_by("number")
    )
    pages = {plan.pk: BudgetPage(plan) for plan in plans}
    unplaced = BudgetPage(None)
    assignments = list(
        Assignment.objects.filter(edition=edition)
        .select_related("department", "article", "printed_article")
        .only(*ASSIGNMENT_FIELDS)
        .prefetch_related(*PEOPLE)
    )
    pitches = list(
        Pitch.objects.visible_to(user)
        .open()
        .filter(edition=edition)
        .select_related("department")
        .only(*PITCH_FIELDS)
        .prefetch_related(*PEOPLE)
    )
    holders = Holders(
        needs_review=any(
            a.article is not None and a.article.status == Status.SUBMITTED
            for a in assignments
        ),
        needs_desk=bool(pitches),
    )
    rows = [assignment_item(a, now, holders) for a in assignments]
    rows += [pitch_item(p, holders) for p in pitches]
    placed = {a.pk: a.page_id for a in assignments}
    placed_pitches = {p.pk: p.page_id for p in pitches}
    for item in rows:
        page_id = (placed if item.kind == "assignment" else placed_pitches)[item.pk]
        pages.get(page_id, unplaced).items.append(item)
    ordered = list(pages.values())
    if unplaced.items:
        ordered.append(unplaced)
    for page in ordered:
        page.items.sort(
            key=lambda i: (i.killed, i.obj.position, i.kind != "assignment", i.pk)
        )
    return Budget(edition=edition, pages=ordered, now=now)


def assignment_item(assignment, now, holders):
    article = assignment.article
    reporters = assignment.listed_reporters
    photographers = assignment.listed_photographers
    state, stage, note = assignment_state(assignment, now)
    actual = article.char_count if article is not None else None
    item = Item(
        kind="assignment",
        obj=assignment,
        title=article.headline if article is not None else assignment.title,
        department=assignment.department,
        reporters=reporters,
        photographers=photographers,
        planned=assignment.planned_length,
        actual=actual,
        state=state,
        stage=stage,
        note=note,
        due_at=assignment.due_at,
        embargo_until=assignment.embargo_until,
        printed=assignment.printed_article,
    )
    if state in State.NOT_FILED:
        item.late = assignment.due_at < now
        soon = timedelta(hours=settings.NEWSROOM_PLANNING_DUE_SOON_HOURS)
        item.due_soon = not item.late and assignment.due_at < now + soon
    tolerance = 1 + settings.NEWSROOM_PLANNING_LENGTH_TOLERANCE / 100
    item.over_length = (
        state != State.KILLED
        and actual is not None
        and actual > assignment.planned_length * tolerance
    )
    item.embargo_broken = bool(
        assignment.embargo_until
        and article is not None
        and article.status == Status.PUBLISHED
        and article.published_at < assignment.embargo_until
    )
    item.holders = holders.of_assignment(assignment, state, reporters, photographers)
    return item


def assignment_state(assignment, now):
    """Return ``(state, stage name, note)`` of an assignment, read from its article."""
    if assignment.killed_at is not None:
        return State.KILLED, "", assignment.kill_reason
    article = assignment.article
    if article is None:
        return State.ASSIGNED, "", ""
    status = article.status
    if status == Status.DRAFT:
        if article.char_count == 0:
            return State.ASSIGNED, "", ""
        return State.DRAFTING, "", ""
    if status == Status.CHANGES_REQUESTED:
        return State.DRAFTING, "", str(_("Sent back for changes"))
    if status == Status.SUBMITTED:
        stage = article.current_stage
        return State.IN_REVIEW, stage.name if stage else "", ""
    if status == Status.PUBLISHED:
        if article.published_at > now:
            return State.SIGNED, "", ""
        return State.PUBLISHED, "", ""
    return State.RETRACTED, "", ""


def pitch_item(pitch, holders):
    note = ""
    if pitch.status == Pitch.Status.NEEDS_MORE:
        note = str(_("More asked for"))
    return Item(
        kind="pitch",
        obj=pitch,
        title=pitch.title,
        department=pitch.department,
        reporters=pitch.listed_reporters,
        photographers=pitch.listed_photographers,
        planned=pitch.planned_length,
        actual=None,
        state=State.PITCHED,
        note=note,
        holders=holders.of_pitch(pitch),
    )


class Holders:
    """Who holds a story: its people, the desk deciding, the stage's reviewers.

    The reviewers and desk heads are read once for the whole budget (two
    queries at most), whatever the number of stories.
    """

    def __init__(self, *, needs_review, needs_desk):
        self.by_group = {}
        wanted = set()
        if needs_review:
            wanted |= {stage.group for stage in review_stages()}
        if needs_desk:
            wanted.add(role("desk-head").group)
        if not wanted:
            return
        users = (
            get_user_model()
            .objects.filter(is_active=True, groups__name__in=wanted)
            .select_related("reporter")
            .prefetch_related("groups")
            .distinct()
        )
        for user in users:
            for group in user.groups.all():
                if group.name in wanted:
                    self.by_group.setdefault(group.name, []).append(user)

    @staticmethod
    def name(user):
        reporter = getattr(user, "reporter", None)
        return reporter.name if reporter is not None else user.get_username()

    def _members(self, group, department_id=None, exclude=()):
        return [
            self.name(u)
            for u in self.by_group.get(group, [])
            if u.pk not in exclude
            and (
                department_id is None
                or (
                    getattr(u, "reporter", None) is not None
                    and u.reporter.department_id == department_id
                )
            )
        ]

    def of_pitch(self, pitch):
        return self._members(role("desk-head").group, pitch.department_id) or [
            pitch.department.name
        ]

    def of_assignment(self, assignment, state, reporters, photographers):
        people = [r.name for r in [*reporters, *photographers]]
        if state in (State.ASSIGNED, State.DRAFTING, State.RETRACTED):
            return people
        if state == State.IN_REVIEW:
            article = assignment.article
            stage = article.current_stage
            authors = {r.user_id for r in reporters if r.user_id}
            authors.add(article.created_by_id)
            department = article.department_id if stage.department_scoped else None
            return self._members(stage.group, department, exclude=authors) or [
                stage.name
            ]
        return []
