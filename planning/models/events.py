"""A story's plan as a timeline, and what pitches and assignments share.

``PlanningEvent`` is one step of a story's plan: a pitch's events and its
assignment's belong to one timeline (``Assignment.timeline()``), which also
shows the workflow events of the story's article. ``Placement`` is the part
of a pitch or an assignment that the budget reads: its edition, page, place
on the page, planned 字数 and the people on it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..rules import Action


class PlanningEvent(models.Model):
    pitch = models.ForeignKey(
        "planning.Pitch",
        verbose_name=_("pitch"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
    )
    assignment = models.ForeignKey(
        "planning.Assignment",
        verbose_name=_("assignment"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="events",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=20, choices=Action)
    comment = models.TextField(_("comment"), blank=True)
    from_place = models.CharField(_("from"), max_length=60, blank=True)
    to_place = models.CharField(_("to"), max_length=60, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("planning event")
        verbose_name_plural = _("planning events")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pitch__isnull=False)
                | models.Q(assignment__isnull=False),
                name="planning_event_has_story",
            )
        ]

    def __str__(self):
        return f"{self.get_action_display()} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def action_label(self):
        return self.get_action_display()


def describe_place(edition, page):
    """How a timeline names a place on the budget: date, edition, page."""
    if edition is None:
        return ""
    text = f"{edition.date:%m-%d} {edition.name}"
    return f"{text} {page}" if page is not None else f"{text} —"


class Placement(models.Model):
    """Where a story is planned to run and at what length, and who works on it."""

    title = models.CharField(
        _("working title"),
        max_length=100,
        help_text=_("What the desk calls the story; the headline comes later."),
    )
    department = models.ForeignKey(
        "staff.Department",
        verbose_name=_("desk"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    edition = models.ForeignKey(
        "planning.Edition",
        verbose_name=_("edition"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    page = models.ForeignKey(
        "planning.PagePlan",
        verbose_name=_("page"),
        # A page taken out of a day's plan leaves its stories unplaced.
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    position = models.PositiveIntegerField(
        _("order on the page"), default=0, help_text=_("Lowest first.")
    )
    planned_length = models.PositiveIntegerField(_("planned length (字数)"))
    reporters = models.ManyToManyField(
        "staff.Reporter",
        verbose_name=_("reporters (文)"),
        related_name="+",
        blank=True,
    )
    photographers = models.ManyToManyField(
        "staff.Reporter",
        verbose_name=_("photographers (图)"),
        related_name="+",
        blank=True,
    )
    event_at = models.DateTimeField(
        _("event time"),
        null=True,
        blank=True,
        help_text=_("When the event to cover takes place, if there is one."),
    )
    event_place = models.CharField(_("event place"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.title

    def place_label(self):
        return describe_place(self.edition, self.page)

    def people(self):
        """The reporters and photographers, each once, reporters first."""
        seen, people = set(), []
        for reporter in [*self.reporters.all(), *self.photographers.all()]:
            if reporter.pk not in seen:
                seen.add(reporter.pk)
                people.append(reporter)
        return people

    def people_users(self):
        """The active logins of the people on the story."""
        return [
            r.user for r in self.people() if r.user_id is not None and r.user.is_active
        ]

    def is_person(self, user):
        """Whether ``user`` pitched the story or is one of its people."""
        if self.created_by_id is not None and self.created_by_id == user.pk:
            return True
        return any(r.user_id == user.pk for r in self.people())

    def _next_position(self, page):
        """The place after the last story planned on ``page``."""
        last = 0
        # Pitches and assignments share the page's order.
        for name in ("Pitch", "Assignment"):
            model = self._meta.apps.get_model("planning", name)
            rows = model.objects.filter(page=page)
            if isinstance(self, model) and self.pk is not None:
                rows = rows.exclude(pk=self.pk)
            last = max(last, rows.aggregate(last=Max("position"))["last"] or 0)
        return last + 1
