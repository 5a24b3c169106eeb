"""派稿: an assignment, the draft article made for it, and what the desk does to it.

Accepting a pitch or assigning without one creates the assignment and a draft
``Article`` with the desk and the bylines filled in, through the ORM and in
the article's first state (``Status.DRAFT``): the story then goes through the
workflow like any other, and nobody gains review rights over it by planning
it. The assignment never writes the article's state; the budget reads it.
"""

import reversion
from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models import Article, ArticleEvent, Byline
from articles.workflow import Status

from .. import notifications
from ..rules import (
    Action,
    PlanningError,
    may_assign,
    may_change,
    may_kill,
    plans_for_desk,
    user_department_id,
)
from .events import Placement, PlanningEvent, describe_place

# Bylines the plan keeps in step with its people; editors' own credits stay.
PLANNED_ROLES = {"reporters": Byline.Role.TEXT, "photographers": Byline.Role.PHOTO}
# A story in these states has its words fixed; its credits are the editors'.
CREDITS_FIXED = {Status.PUBLISHED, Status.UNPUBLISHED}


class AssignmentQuerySet(models.QuerySet):
    def live(self):
        return self.filter(killed_at__isnull=True)

    def of_person(self, user):
        named = Q(reporters__user=user) | Q(photographers__user=user)
        return self.filter(
            Q(created_by=user) | Q(pk__in=Assignment.objects.filter(named).values("pk"))
        )

    def of_reporter(self, reporter):
        named = Q(reporters=reporter) | Q(photographers=reporter)
        return self.filter(pk__in=Assignment.objects.filter(named).values("pk"))

    def visible_to(self, user):
        """Their own for reporters; their desk's for desk heads; all for the chief."""
        if not user.is_active:
            return self.none()
        if user.is_superuser or user.has_perm("planning.plan_all_desks"):
            return self
        own = self.of_person(user)
        department_id = user_department_id(user)
        if user.has_perm("planning.change_assignment") and department_id is not None:
            return self.filter(department_id=department_id) | own
        return own


class Assignment(Placement):
    pitch = models.OneToOneField(
        "planning.Pitch",
        verbose_name=_("pitch"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="assignment",
    )
    due_at = models.DateTimeField(_("due"), help_text=_("When the copy is due."))
    embargo_until = models.DateTimeField(
        _("embargo until (禁发)"),
        null=True,
        blank=True,
        help_text=_("The story may not run before this time."),
    )
    note = models.TextField(
        _("instructions"), blank=True, help_text=_("What the desk asks for.")
    )
    article = models.OneToOneField(
        "articles.Article",
        verbose_name=_("draft article"),
        # Deleting a draft leaves the plan; deleting a plan never deletes a story.
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="assignment",
    )
    printed_article = models.OneToOneField(
        "articles.Article",
        verbose_name=_("printed story"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="printed_assignment",
        help_text=_("The story imported from the printed page that ran this plan."),
    )
    print_similarity = models.FloatField(
        _("headline similarity"), null=True, blank=True, editable=False
    )
    killed_at = models.DateTimeField(_("killed"), null=True, blank=True, editable=False)
    killed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("killed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    kill_reason = models.TextField(_("reason for killing"), blank=True, editable=False)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "pk"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        permissions = [("kill_assignment", _("Can kill (弃用) and revive stories"))]
        indexes = [
            models.Index(
                fields=["edition", "page", "position"], name="assign_page_idx"
            ),
            models.Index(fields=["due_at"], name="assign_due_idx"),
        ]

    # -- questions --------------------------------------------------------------

    def is_killed(self):
        return self.killed_at is not None

    is_killed.boolean = True

    def available_actions(self, user):
        """The steps worth offering ``user`` as buttons; the verbs still decide."""
        if self.is_killed():
            return ["revive"] if may_kill(user, self.department_id) else []
        actions = []
        if may_change(user, self.department_id):
            actions += ["change", "people", "move"]
        if may_kill(user, self.department_id):
            actions.append("kill")
        return actions

    def timeline(self):
        """The story's plan and its article's workflow, oldest first."""
        plan = PlanningEvent.objects.filter(
            Q(assignment=self) | Q(pitch_id=self.pitch_id, pitch__isnull=False)
        ).select_related("actor")
        entries = list(plan)
        if self.article_id is not None:
            entries += list(
                ArticleEvent.objects.filter(article_id=self.article_id).select_related(
                    "actor"
                )
            )
        return sorted(entries, key=lambda e: (e.created_at, e.pk))

    # -- the verbs --------------------------------------------------------------

    @classmethod
    @transaction.atomic
    def assign(cls, by, *, department, **plan):
        """派稿 without a pitch: an editor or the desk head commissions a story."""
        if not may_assign(by, department.pk):
            raise PlanningError(
                gettext("You may not assign stories for %(desk)s.")
                % {"desk": department.name}
            )
        return cls.create(by, department=department, **plan)

    @classmethod
    def create(
        cls,
        by,
        *,
        title,
        department,
        edition,
        planned_length,
        due_at,
        reporters,
        photographers=(),
        page=None,
        pitch=None,
        note="",
        embargo_until=None,
        event_at=None,
        event_place="",
        position=None,
    ):
        """Make the assignment and its draft; the caller has checked ``by``."""
        assignment = cls(
            pitch=pitch,
            title=(title or "").strip(),
            department=department,
            edition=edition,
            page=page,
            planned_length=planned_length,
            due_at=due_at,
            note=note,
            embargo_until=embargo_until,
            event_at=event_at,
            event_place=event_place,
            created_by=by,
        )
        reporters, photographers = list(reporters), list(photographers)
        assignment._check_plan(reporters, photographers)
        if page is None:
            assignment.position = 0
        elif position is not None:
            assignment.position = position
        else:
            assignment.position = assignment._next_position(page)
        assignment.article = assignment._create_draft(by, reporters, photographers)
        assignment.save()
        assignment.reporters.set(reporters)
        assignment.photographers.set(photographers)
        assignment._event(
            by,
            Action.ACCEPT if pitch is not None else Action.ASSIGN,
            to_place=assignment.place_label(),
            pitch=pitch,
        )
        notifications.notify_assigned(
            assignment=assignment, by=by, recipients=assignment.people_users()
        )
        return assignment

    @transaction.atomic
    def change(self, by, **changes):
        """Change the due time, length, title, embargo, event or instructions."""
        self._locked()
        self._require(may_change(by, self.department_id), by)
        self._require_live()
        allowed = {
            "title": _("working title"),
            "due_at": _("due"),
            "planned_length": _("planned length (字数)"),
            "embargo_until": _("embargo until (禁发)"),
            "note": _("instructions"),
            "event_at": _("event time"),
            "event_place": _("event place"),
        }
        unknown = set(changes) - set(allowed)
        if unknown:
            raise ValueError(f"Cannot change {sorted(unknown)}")
        previous_due = self.due_at
        changed = []
        for name, value in changes.items():
            if getattr(self, name) != value:
                setattr(self, name, value)
                changed.append(str(allowed[name]))
        if not changed:
            return self
        self._check_plan(self.reporters.all(), self.photographers.all())
        self.save()
        self._event(by, Action.CHANGE, comment="、".join(changed))
        if self.due_at != previous_due:
            notifications.notify_due_changed(
                assignment=self,
                by=by,
                previous=previous_due,
                recipients=self.people_users(),
            )
        return self

    @transaction.atomic
    def set_people(self, by, *, reporters, photographers):
        """Name the story's reporters and photographers; the draft's bylines follow."""
        self._locked()
        self._require(may_change(by, self.department_id), by)
        self._require_live()
        reporters, photographers = list(reporters), list(photographers)
        self._check_plan(reporters, photographers)
        before = {r.pk for r in self.people()}
        self.reporters.set(reporters)
        self.photographers.set(photographers)
        self._sync_bylines()
        names = "、".join(r.name for r in self.people())
        self._event(by, Action.PEOPLE, comment=names)
        added = [
            r.user
            for r in self.people()
            if r.pk not in before and r.user_id is not None and r.user.is_active
        ]
        notifications.notify_assigned(assignment=self, by=by, recipients=added)
        return self

    def add_people(self, by, *, reporters=(), photographers=()):
        """Add people to the story, keeping those it has."""
        return self.set_people(
            by,
            reporters=[*self.reporters.all(), *reporters],
            photographers=[*self.photographers.all(), *photographers],
        )

    @transaction.atomic
    def move(self, by, *, edition, page=None, position=None):
        """Move the story to another page or day; the timeline keeps where it was."""
        self._locked()
        self._require(may_change(by, self.department_id), by)
        self._require_live()
        if page is not None and page.edition_id != edition.pk:
            raise PlanningError(gettext("The page belongs to another edition."))
        before = self.place_label()
        same_page = self.page_id == (page.pk if page else None)
        self.edition = edition
        self.page = page
        if page is None:
            self.position = 0
        elif position is not None:
            self._reorder(page, position)
        elif not same_page:
            self.position = self._next_position(page)
        self.save()
        self._event(by, Action.MOVE, from_place=before, to_place=self.place_label())
        return self

    @transaction.atomic
    def kill(self, by, reason):
        """弃用: take the story off the budget, keeping it and the reason."""
        self._locked()
        self._require(may_kill(by, self.department_id), by)
        if self.is_killed():
            raise PlanningError(gettext("The story is already killed."))
        reason = (reason or "").strip()
        if not reason:
            raise PlanningError(gettext("A reason is required to kill a story."))
        self.killed_at = timezone.now()
        self.killed_by = by
        self.kill_reason = reason
        self.save(update_fields=["killed_at", "killed_by", "kill_reason", "updated_at"])
        self._event(by, Action.KILL, comment=reason)
        notifications.notify_killed(
            assignment=self, by=by, recipients=self.people_users()
        )
        return self

    @transaction.atomic
    def revive(self, by):
        self._locked()
        self._require(may_kill(by, self.department_id), by)
        if not self.is_killed():
            raise PlanningError(gettext("The story is not killed."))
        self.killed_at = None
        self.killed_by = None
        self.save(update_fields=["killed_at", "killed_by", "updated_at"])
        self._event(by, Action.REVIVE, comment=self.kill_reason)
        return self

    def record_print(self, article, similarity, by=None):
        """Link the story imported from the printed page that ran this plan."""
        self.printed_article = article
        self.print_similarity = similarity
        self.save(update_fields=["printed_article", "print_similarity", "updated_at"])
        ran = describe_place(self.edition, f"{article.print_page}版")
        self._event(
            by,
            Action.PRINT_MATCH,
            comment=f"《{article.headline}》 {similarity:.0%}",
            to_place=ran,
        )
        return self

    # -- the machinery ------------------------------------------------------------

    def _locked(self):
        fresh = type(self).objects.select_for_update().get(pk=self.pk)
        for name in ("killed_at", "killed_by_id", "edition_id", "page_id", "due_at"):
            setattr(self, name, getattr(fresh, name))
        return self

    def _require(self, allowed, by):
        if not allowed:
            if plans_for_desk(by, self.department_id):
                raise PlanningError(
                    gettext("Your role may not do this to assignments.")
                )
            raise PlanningError(
                gettext("Only the desk of %(desk)s or the chief may change this story.")
                % {"desk": self.department.name}
            )

    def _require_live(self):
        if self.is_killed():
            raise PlanningError(
                gettext("The story is killed; bring it back before changing it.")
            )

    def _check_plan(self, reporters, photographers):
        if not (self.title or "").strip():
            raise PlanningError(gettext("The working title is empty."))
        if not self.planned_length or self.planned_length <= 0:
            raise PlanningError(
                gettext("Give the planned length in characters (字数).")
            )
        if self.due_at is None:
            raise PlanningError(gettext("Give the time the copy is due."))
        if not list(reporters) and not list(photographers):
            raise PlanningError(
                gettext("Name who will report or photograph the story.")
            )
        if self.page is not None and self.page.edition_id != self.edition_id:
            raise PlanningError(gettext("The page belongs to another edition."))

    def _create_draft(self, by, reporters, photographers):
        """Create the story's draft with its desk and bylines, as its first version."""
        writer = next((r.user for r in reporters if r.user_id is not None), None)
        with reversion.create_revision():
            article = Article.objects.create(
                headline=self.title,
                department=self.department,
                status=Status.DRAFT,
                created_by=writer,
            )
            Byline.objects.bulk_create(
                Byline(article=article, reporter=reporter, role=role, order=order)
                for order, (reporter, role) in enumerate(
                    [(r, Byline.Role.TEXT) for r in reporters]
                    + [(r, Byline.Role.PHOTO) for r in photographers]
                )
            )
            # bulk_create sends no post_save: the story's copy is written here.
            Article.objects.filter(pk=article.pk).refresh_parts()
            reversion.set_user(by)
            reversion.set_comment(
                gettext("Created for the assignment “%(title)s”")
                % {"title": self.title}
            )
        return article

    def _sync_bylines(self):
        if self.article_id is None:
            return
        # The article's own row, not the copy this assignment was loaded with.
        article = Article.objects.only("status").get(pk=self.article_id)
        if article.status in CREDITS_FIXED:
            return
        wanted = {
            (reporter.pk, role)
            for field, role in PLANNED_ROLES.items()
            for reporter in getattr(self, field).all()
        }
        bylines = list(article.bylines.filter(role__in=PLANNED_ROLES.values()))
        have = {(b.reporter_id, b.role) for b in bylines}
        Byline.objects.filter(
            pk__in=[b.pk for b in bylines if (b.reporter_id, b.role) not in wanted]
        ).delete()
        start = max((b.order for b in article.bylines.all()), default=-1) + 1
        Byline.objects.bulk_create(
            Byline(article=article, reporter_id=pk, role=role, order=start + n)
            for n, (pk, role) in enumerate(sorted(wanted - have))
        )
        # bulk_create sends no post_save: the story's copy is written here.
        Article.objects.filter(pk=article.pk).refresh_parts()

    def _reorder(self, page, position):
        """Put this story at ``position`` (1 = first) on ``page``, renumbering it."""
        Pitch = self._meta.apps.get_model("planning", "Pitch")
        rows = [
            *Pitch.objects.open().filter(page=page),
            *Assignment.objects.filter(page=page).exclude(pk=self.pk),
        ]
        rows.sort(key=lambda r: (r.position, r.pk))
        index = max(0, min(position - 1, len(rows)))
        rows.insert(index, self)
        for number, row in enumerate(rows, start=1):
            row.position = number
        Pitch.objects.bulk_update(
            [r for r in rows if isinstance(r, Pitch)], ["position"]
        )
        Assignment.objects.bulk_update(
            [r for r in rows if isinstance(r, Assignment) and r.pk != self.pk],
            ["position"],
        )

    def _event(self, by, action, *, comment="", from_place="", to_place="", pitch=None):
        return PlanningEvent.objects.create(
            assignment=self,
            pitch=pitch,
            actor=by,
            action=action,
            comment=comment,
            from_place=from_place,
            to_place=to_place,
        )
