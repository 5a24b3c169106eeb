"""报题: a reporter's pitch, and the desk's decision on it (选题会).

Every step is a verb on ``Pitch`` that locks the row, checks the state and
the person against ``planning.rules``, records an event in the story's
timeline and queues its emails, which are sent after commit.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.workflow.policy import has_perm

from .. import notifications
from ..rules import (
    Action,
    PlanningError,
    may_decide,
    self_decision_allowed,
    user_department_id,
)
from .assignments import Assignment
from .events import Placement, PlanningEvent


class PitchQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=Pitch.OPEN)

    def of_person(self, user):
        """Pitches ``user`` made or is named on."""
        named = Q(reporters__user=user) | Q(photographers__user=user)
        return self.filter(
            Q(created_by=user) | Q(pk__in=Pitch.objects.filter(named).values("pk"))
        )

    def visible_to(self, user):
        """Their own for reporters; their desk's too for those who decide."""
        if not user.is_active:
            return self.none()
        if user.is_superuser or (
            user.has_perm("planning.decide_pitch")
            and user.has_perm("planning.plan_all_desks")
        ):
            return self
        own = self.of_person(user)
        department_id = user_department_id(user)
        if user.has_perm("planning.decide_pitch") and department_id is not None:
            return self.filter(department_id=department_id) | own
        return own

    def decidable_by(self, user):
        """Open pitches ``user`` may decide on."""
        pitches = self.open()
        if user.is_superuser or user.has_perm("planning.plan_all_desks"):
            return pitches if has_perm(user, "planning.decide_pitch") else self.none()
        if not has_perm(user, "planning.decide_pitch"):
            return self.none()
        return pitches.filter(department_id=user_department_id(user))


class Pitch(Placement):
    class Status(models.TextChoices):
        PITCHED = "pitched", _("Pitched")
        NEEDS_MORE = "needs_more", _("More asked for")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        MERGED = "merged", _("Merged")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    OPEN = frozenset({Status.PITCHED, Status.NEEDS_MORE})

    description = models.TextField(
        _("description"), help_text=_("What the story is, and why now.")
    )
    sources = models.TextField(
        _("sources"), blank=True, help_text=_("Who to talk to, documents, contacts.")
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status,
        default=Status.PITCHED,
        editable=False,
    )
    decision_note = models.TextField(
        _("decision note"),
        blank=True,
        editable=False,
        help_text=_("The reason for a rejection, or what more the desk asks for."),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    decided_at = models.DateTimeField(
        _("decided"), null=True, blank=True, editable=False
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="merged_pitches",
    )

    objects = PitchQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("pitch")
        verbose_name_plural = _("pitches")
        permissions = [("decide_pitch", _("Can decide pitches for their desk"))]
        indexes = [
            models.Index(fields=["edition", "status"], name="pitch_edition_idx"),
        ]

    # -- questions --------------------------------------------------------------

    def is_open(self):
        return self.status in self.OPEN

    is_open.boolean = True

    def decision_refusal(self, user):
        """Why ``user`` may not decide this pitch now, or None."""
        if not self.is_open():
            return gettext("The pitch is %(status)s; it is no longer open.") % {
                "status": self.get_status_display()
            }
        if not may_decide(user, self.department_id):
            return gettext(
                "Only the desk head of %(desk)s or the chief may decide."
            ) % {"desk": self.department.name}
        if self.is_person(user) and not self_decision_allowed():
            return gettext("Nobody decides on their own pitch.")
        return None

    def may_revise(self, user):
        return (
            self.is_open()
            and has_perm(user, "planning.change_pitch")
            and self.is_person(user)
        )

    def deciders(self):
        """The active logins that may decide this pitch, the desk's own first."""
        users = (
            get_user_model()
            .objects.filter(is_active=True)
            .filter(
                groups__permissions__codename="decide_pitch",
                groups__permissions__content_type__app_label="planning",
            )
            .select_related("reporter")
            .distinct()
        )
        deciding = [u for u in users if may_decide(u, self.department_id)]
        own_desk = [u for u in deciding if user_department_id(u) == self.department_id]
        return own_desk or deciding

    # -- the verbs --------------------------------------------------------------

    @classmethod
    @transaction.atomic
    def propose(
        cls,
        by,
        *,
        title,
        description,
        department,
        edition,
        planned_length,
        page=None,
        reporters=None,
        photographers=(),
        sources="",
        event_at=None,
        event_place="",
    ):
        """报题: create a pitch and tell the desk."""
        if not has_perm(by, "planning.add_pitch"):
            raise PlanningError(gettext("You may not pitch stories."))
        if reporters is None:
            own = getattr(by, "reporter", None)
            reporters = [own] if own is not None else []
        pitch = cls(
            title=title,
            description=description,
            department=department,
            edition=edition,
            page=page,
            planned_length=planned_length,
            sources=sources,
            event_at=event_at,
            event_place=event_place,
            created_by=by,
        )
        pitch._check_plan(reporters, photographers)
        pitch.position = pitch._next_position(page) if page is not None else 0
        pitch.save()
        pitch.reporters.set(reporters)
        pitch.photographers.set(photographers)
        pitch._event(by, Action.PITCH, to_place=pitch.place_label())
        notifications.notify_pitch_arrived(
            pitch=pitch, recipients=pitch.deciders(), by=by
        )
        return pitch

    @transaction.atomic
    def revise(self, by, *, reporters=None, photographers=None, **changes):
        """Change one's own open pitch; a pitch asked for more goes back to the desk."""
        self._locked()
        if not self.may_revise(by):
            raise PlanningError(
                gettext("Only the story's own people may change an open pitch.")
            )
        allowed = {
            "title",
            "description",
            "department",
            "edition",
            "page",
            "planned_length",
            "sources",
            "event_at",
            "event_place",
        }
        unknown = set(changes) - allowed
        if unknown:
            raise ValueError(f"Cannot revise {sorted(unknown)}")
        before = self.place_label()
        old_page = self.page_id
        for name, value in changes.items():
            setattr(self, name, value)
        people = reporters if reporters is not None else list(self.reporters.all())
        photos = (
            photographers
            if photographers is not None
            else list(self.photographers.all())
        )
        self._check_plan(people, photos)
        if self.page_id != old_page:
            self.position = self._next_position(self.page) if self.page else 0
        came_back = self.status == self.Status.NEEDS_MORE
        self.status = self.Status.PITCHED
        self.save()
        self.reporters.set(people)
        self.photographers.set(photos)
        after = self.place_label()
        self._event(
            by,
            Action.REVISE,
            from_place=before if before != after else "",
            to_place=after if before != after else "",
        )
        if came_back:
            notifications.notify_pitch_arrived(
                pitch=self, recipients=self.deciders(), by=by
            )
        return self

    @transaction.atomic
    def withdraw(self, by):
        self._locked()
        if not (self.is_open() and self.is_person(by)):
            raise PlanningError(gettext("Only the story's own people may withdraw it."))
        self.status = self.Status.WITHDRAWN
        self.save(update_fields=["status", "updated_at"])
        self._event(by, Action.WITHDRAW)
        return self

    @transaction.atomic
    def ask_more(self, by, comment):
        """Send the pitch back to its people with a question (补充)."""
        self._locked()
        self._require_decider(by)
        comment = (comment or "").strip()
        if not comment:
            raise PlanningError(gettext("Say what more the desk needs to know."))
        self._decide(by, self.Status.NEEDS_MORE, comment, Action.ASK_MORE)
        return self

    @transaction.atomic
    def reject(self, by, reason):
        self._locked()
        self._require_decider(by)
        reason = (reason or "").strip()
        if not reason:
            raise PlanningError(gettext("A reason is required to reject a pitch."))
        self._decide(by, self.Status.REJECTED, reason, Action.REJECT)
        return self

    @transaction.atomic
    def merge_into(self, by, other, comment=""):
        """Fold this pitch into ``other``: its people join the other story."""
        if other.pk == self.pk:
            raise PlanningError(gettext("A pitch cannot be merged into itself."))
        first, second = sorted([self, other], key=lambda p: p.pk)
        first._locked()
        second._locked()
        self._require_decider(by)
        if other.status not in {*self.OPEN, self.Status.ACCEPTED}:
            raise PlanningError(
                gettext(
                    "“%(title)s” is %(status)s; merge into an open or accepted pitch."
                )
                % {"title": other.title, "status": other.get_status_display()}
            )
        if not may_decide(by, other.department_id):
            raise PlanningError(
                gettext("You may not decide for the desk of “%(title)s”.")
                % {"title": other.title}
            )
        comment = (comment or "").strip()
        self.merged_into = other
        self._decide(
            by,
            self.Status.MERGED,
            comment,
            Action.MERGE,
            extra_fields=["merged_into"],
        )
        reporters = self.reporters.all()
        photographers = self.photographers.all()
        other.reporters.add(*reporters)
        other.photographers.add(*photographers)
        if other.sources or self.sources:
            other.sources = "\n".join(s for s in (other.sources, self.sources) if s)
            other.save(update_fields=["sources", "updated_at"])
        assignment = getattr(other, "assignment", None)
        if assignment is not None:
            assignment.add_people(by, reporters=reporters, photographers=photographers)
        other._event(
            by,
            Action.MERGE,
            comment=gettext("Merged “%(title)s” into this story.")
            % {"title": self.title}
            + (f"\n{comment}" if comment else ""),
        )
        return self

    @transaction.atomic
    def accept(
        self,
        by,
        *,
        due_at,
        title=None,
        edition=None,
        page=None,
        planned_length=None,
        reporters=None,
        photographers=None,
        note="",
        embargo_until=None,
    ):
        """采用: accept the pitch; return its assignment, with its draft article."""
        self._locked()
        self._require_decider(by)
        edition = edition or self.edition
        if page is None and edition.pk == self.edition_id:
            page = self.page
        assignment = Assignment.create(
            by,
            pitch=self,
            title=title or self.title,
            department=self.department,
            edition=edition,
            page=page,
            planned_length=planned_length or self.planned_length,
            due_at=due_at,
            reporters=(
                list(self.reporters.all()) if reporters is None else list(reporters)
            ),
            photographers=(
                list(self.photographers.all())
                if photographers is None
                else list(photographers)
            ),
            note=note,
            embargo_until=embargo_until,
            event_at=self.event_at,
            event_place=self.event_place,
            position=self.position if page is not None and page == self.page else None,
        )
        # Assignment.create recorded the acceptance, in both timelines.
        self._decide(
            by, self.Status.ACCEPTED, "", Action.ACCEPT, notify=False, event=False
        )
        return assignment

    # -- the machinery ------------------------------------------------------------

    def _locked(self):
        fresh = type(self).objects.select_for_update().get(pk=self.pk)
        for name in ("status", "decided_by_id", "decided_at", "merged_into_id"):
            setattr(self, name, getattr(fresh, name))
        return self

    def _require_decider(self, by):
        refusal = self.decision_refusal(by)
        if refusal:
            raise PlanningError(refusal)

    def _check_plan(self, reporters, photographers):
        if not (self.title or "").strip():
            raise PlanningError(gettext("The working title is empty."))
        if not self.planned_length or self.planned_length <= 0:
            raise PlanningError(
                gettext("Give the planned length in characters (字数).")
            )
        if self.page is not None and self.page.edition_id != self.edition_id:
            raise PlanningError(gettext("The page belongs to another edition."))
        if not list(reporters) and not list(photographers):
            raise PlanningError(
                gettext("Name who will report or photograph the story.")
            )

    def _decide(
        self, by, status, note, action, *, extra_fields=(), notify=True, event=True
    ):
        self.status = status
        self.decision_note = note
        self.decided_by = by
        self.decided_at = timezone.now()
        self.save(
            update_fields=[
                "status",
                "decision_note",
                "decided_by",
                "decided_at",
                "updated_at",
                *extra_fields,
            ]
        )
        if event:
            self._event(by, action, comment=note)
        if notify:
            recipients = [
                u for u in [self.created_by, *self.people_users()] if u is not None
            ]
            notifications.notify_pitch_decided(pitch=self, by=by, recipients=recipients)

    def _event(self, by, action, *, comment="", from_place="", to_place=""):
        return PlanningEvent.objects.create(
            pitch=self,
            actor=by,
            action=action,
            comment=comment,
            from_place=from_place,
            to_place=to_place,
        )


__all__ = ["Pitch", "PitchQuerySet"]
