"""The paper's pages: the standing lineup, a day's edition, and its page plans.

A ``Page`` is a standing page of the paper (要闻, 经济…) with its 字数
capacity, the setting per page name. An ``Edition`` is one day's paper; when
it is opened its ``PagePlan`` rows are made from the active lineup, and the
desk may then change a day's pages (an advertisement takes half of one).
"""

from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

DEFAULT_EDITION = "日报"


class Page(models.Model):
    number = models.PositiveSmallIntegerField(
        _("page number (版次)"), help_text=_("Where the page usually runs.")
    )
    name = models.CharField(_("page name"), max_length=30)
    capacity = models.PositiveIntegerField(
        _("capacity (字数)"),
        help_text=_("How many characters of copy the page holds without photos."),
    )
    department = models.ForeignKey(
        "staff.Department",
        verbose_name=_("desk"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The desk that usually fills the page."),
    )
    is_active = models.BooleanField(
        _("in the lineup"),
        default=True,
        help_text=_("New editions get a page plan for every page in the lineup."),
    )

    class Meta:
        ordering = ["number", "pk"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        constraints = [
            models.UniqueConstraint(
                fields=["number"],
                condition=models.Q(is_active=True),
                name="page_one_active_per_number",
                violation_error_message=_(
                    "Another page of the lineup already has this number."
                ),
            )
        ]

    def __str__(self):
        return f"{self.number} {self.name}"


class EditionQuerySet(models.QuerySet):
    def open(self, date, name=DEFAULT_EDITION):
        """Return the edition of ``date``, made with the lineup's pages if new."""
        edition = self.filter(date=date, name=name).first()
        if edition is not None:
            return edition
        try:
            with transaction.atomic():
                edition = self.create(date=date, name=name)
                PagePlan.objects.bulk_create(
                    PagePlan(edition=edition, number=page.number, page=page)
                    for page in Page.objects.filter(is_active=True)
                )
        except IntegrityError:
            # Someone opened the same edition at the same moment.
            return self.get(date=date, name=name)
        return edition


class Edition(models.Model):
    date = models.DateField(_("date"))
    name = models.CharField(
        _("edition"),
        max_length=30,
        default=DEFAULT_EDITION,
        help_text=_("Most papers print one edition a day; a weekend edition…"),
    )
    note = models.TextField(_("note"), blank=True)

    objects = EditionQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "name"]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        constraints = [
            models.UniqueConstraint(fields=["date", "name"], name="edition_unique_day")
        ]
        permissions = [
            ("view_budget", _("Can see the budget and the planning calendar")),
            ("plan_all_desks", _("Can decide and assign for every desk")),
        ]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}"


class PagePlan(models.Model):
    edition = models.ForeignKey(
        Edition,
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        related_name="page_plans",
    )
    number = models.PositiveSmallIntegerField(_("page number (版次)"))
    page = models.ForeignKey(
        Page,
        verbose_name=_("page"),
        # The lineup may change; a day that used a page keeps its name.
        on_delete=models.PROTECT,
        related_name="plans",
    )
    capacity_override = models.PositiveIntegerField(
        _("capacity this day (字数)"),
        null=True,
        blank=True,
        help_text=_("Leave empty for the page's usual capacity."),
    )
    note = models.CharField(
        _("note"), max_length=100, blank=True, help_text=_("e.g. half-page advert")
    )

    class Meta:
        ordering = ["edition", "number"]
        verbose_name = _("page plan")
        verbose_name_plural = _("page plans")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "number"], name="page_plan_unique_number"
            )
        ]

    def __str__(self):
        return f"{self.number}版 {self.page.name}"

    @property
    def capacity(self):
        if self.capacity_override is not None:
            return self.capacity_override
        return self.page.capacity

    @property
    def name(self):
        return self.page.name
