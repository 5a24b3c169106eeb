"""The planning desk's forms: what people type, checked, before a verb acts.

A form never changes anything itself; the views hand its cleaned data to a
model verb, which applies the rules.
"""

from datetime import datetime, time, timedelta

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsroom.cleaning import CheckedModelForm, RejectControlCharactersMixin
from staff.models import Department, Reporter

from .models import DEFAULT_EDITION, Assignment, Edition, Page, Pitch

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(
    attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
)
TEXT = forms.Textarea(attrs={"rows": 3, "cols": 60})
PEOPLE = forms.SelectMultiple(attrs={"size": 6})


def next_edition_date():
    """The paper a desk plans today is tomorrow's."""
    return timezone.localdate() + timedelta(days=1)


def default_due(edition_date):
    """Copy for an edition is due the evening before, at the desk's usual hour."""
    hour, minute = (int(p) for p in settings.NEWSROOM_PLANNING_DUE_TIME.split(":"))
    day = edition_date - timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def people_field(label, required=False):
    return forms.ModelMultipleChoiceField(
        Reporter.objects.active(), label=label, required=required, widget=PEOPLE
    )


class PlacementFields(forms.Form):
    """The day, edition and page a story is planned for."""

    date = forms.DateField(label=_("date"), widget=DATE)
    edition_name = forms.ChoiceField(label=_("edition"))
    page_number = forms.TypedChoiceField(
        label=_("page"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = {DEFAULT_EDITION, *Edition.objects.values_list("name", flat=True)}
        self.fields["edition_name"].choices = [(n, n) for n in sorted(names)]
        self.fields["edition_name"].initial = DEFAULT_EDITION
        pages = {p.number: p.name for p in Page.objects.filter(is_active=True)}
        self.fields["page_number"].choices = [("", _("— not placed yet"))] + [
            (number, f"{number}版 {name}") for number, name in sorted(pages.items())
        ]

    def clean(self):
        cleaned = super().clean()
        date, name = cleaned.get("date"), cleaned.get("edition_name")
        number = cleaned.get("page_number")
        if date and name and number is not None:
            edition = Edition.objects.filter(date=date, name=name).first()
            if (
                edition is not None
                and not edition.page_plans.filter(number=number).exists()
            ):
                self.add_error(
                    "page_number",
                    forms.ValidationError(
                        _("The edition of %(date)s has no page %(number)d."),
                        code="no_such_page",
                        params={"date": date, "number": number},
                    ),
                )
        return cleaned

    def placement(self):
        """Return ``(edition, page plan or None)``, opening the edition if new."""
        edition = Edition.objects.open(
            self.cleaned_data["date"], self.cleaned_data["edition_name"]
        )
        number = self.cleaned_data.get("page_number")
        page = None
        if number is not None:
            page = edition.page_plans.filter(number=number).first()
        return edition, page


class PitchForm(PlacementFields, CheckedModelForm):
    reporters = people_field(_("reporters (文)"))
    photographers = people_field(_("photographers (图)"))
    field_order = [
        "title",
        "description",
        "department",
        "date",
        "edition_name",
        "page_number",
    ]

    class Meta:
        model = Pitch
        fields = [
            "title",
            "description",
            "department",
            "planned_length",
            "reporters",
            "photographers",
            "sources",
            "event_at",
            "event_place",
        ]
        widgets = {
            "description": TEXT,
            "sources": forms.Textarea(attrs={"rows": 2, "cols": 60}),
            "event_at": DATETIME,
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.all()
        reporter = getattr(user, "reporter", None) if user is not None else None
        if self.instance.pk is None:
            self.fields["date"].initial = next_edition_date()
            if reporter is not None:
                self.fields["department"].initial = reporter.department_id
                self.fields["reporters"].initial = [reporter.pk]
        else:
            self.fields["date"].initial = self.instance.edition.date
            self.fields["edition_name"].initial = self.instance.edition.name
            if self.instance.page is not None:
                self.fields["page_number"].initial = self.instance.page.number

    def plan(self):
        """The verb's keyword arguments."""
        edition, page = self.placement()
        data = self.cleaned_data
        return {
            "title": data["title"],
            "description": data["description"],
            "department": data["department"],
            "edition": edition,
            "page": page,
            "planned_length": data["planned_length"],
            "reporters": list(data["reporters"]),
            "photographers": list(data["photographers"]),
            "sources": data["sources"],
            "event_at": data["event_at"],
            "event_place": data["event_place"],
        }


class QuickPitchForm(PitchForm):
    """The admin index's 报题 box: what a pitch needs, the rest from the reporter."""

    class Meta(PitchForm.Meta):
        fields = ["title", "description", "department", "planned_length", "sources"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2, "cols": 40}),
            "sources": forms.Textarea(attrs={"rows": 1, "cols": 40}),
        }

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.user = user
        self.fields["sources"].required = False
        for name in ("reporters", "photographers", "edition_name"):
            self.fields.pop(name, None)

    def plan(self):
        edition = Edition.objects.open(self.cleaned_data["date"], DEFAULT_EDITION)
        number = self.cleaned_data.get("page_number")
        page = edition.page_plans.filter(number=number).first() if number else None
        data = self.cleaned_data
        reporter = getattr(self.user, "reporter", None)
        return {
            "title": data["title"],
            "description": data["description"],
            "department": data["department"],
            "edition": edition,
            "page": page,
            "planned_length": data["planned_length"],
            "reporters": [reporter] if reporter is not None else [],
            "photographers": [],
            "sources": data["sources"],
        }

    def clean(self):
        self.cleaned_data["edition_name"] = DEFAULT_EDITION
        return super().clean()


class AssignmentForm(PlacementFields, CheckedModelForm):
    """派稿: accepting a pitch, or assigning without one."""

    reporters = people_field(_("reporters (文)"))
    photographers = people_field(_("photographers (图)"))
    field_order = ["title", "department", "date", "edition_name", "page_number"]

    class Meta:
        model = Assignment
        fields = [
            "title",
            "department",
            "planned_length",
            "due_at",
            "reporters",
            "photographers",
            "embargo_until",
            "note",
            "event_at",
            "event_place",
        ]
        widgets = {
            "due_at": DATETIME,
            "embargo_until": DATETIME,
            "event_at": DATETIME,
            "note": TEXT,
        }

    def __init__(self, *args, pitch=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.pitch = pitch
        date = pitch.edition.date if pitch is not None else next_edition_date()
        self.fields["date"].initial = date
        self.fields["due_at"].initial = default_due(date)
        if pitch is not None:
            self.fields.pop("department")
            self.fields.pop("event_at")
            self.fields.pop("event_place")
            self.fields["edition_name"].initial = pitch.edition.name
            self.fields["title"].initial = pitch.title
            self.fields["planned_length"].initial = pitch.planned_length
            self.fields["reporters"].initial = [r.pk for r in pitch.reporters.all()]
            self.fields["photographers"].initial = [
                r.pk for r in pitch.photographers.all()
            ]
            if pitch.page is not None:
                self.fields["page_number"].initial = pitch.page.number

    def plan(self):
        edition, page = self.placement()
        data = self.cleaned_data
        plan = {
            "title": data["title"],
            "edition": edition,
            "page": page,
            "planned_length": data["planned_length"],
            "due_at": data["due_at"],
            "reporters": list(data["reporters"]),
            "photographers": list(data["photographers"]),
            "note": data["note"],
            "embargo_until": data["embargo_until"],
        }
        if self.pitch is None:
            plan["department"] = data["department"]
            plan["event_at"] = data["event_at"]
            plan["event_place"] = data["event_place"]
        return plan


class ReasonForm(RejectControlCharactersMixin, forms.Form):
    comment = forms.CharField(label=_("reason"), widget=TEXT)

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label is not None:
            self.fields["comment"].label = label


class MergeForm(RejectControlCharactersMixin, forms.Form):
    into = forms.ModelChoiceField(Pitch.objects.none(), label=_("merge into"))
    comment = forms.CharField(label=_("comment"), widget=TEXT, required=False)

    def __init__(self, *args, pitch, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = (
            Pitch.objects.visible_to(user)
            .filter(
                edition__date=pitch.edition.date,
                status__in=[*Pitch.OPEN, Pitch.Status.ACCEPTED],
            )
            .exclude(pk=pitch.pk)
            .order_by("title")
        )


class ChangeForm(CheckedModelForm):
    class Meta:
        model = Assignment
        fields = ["title", "due_at", "planned_length", "embargo_until", "note"]
        widgets = {"due_at": DATETIME, "embargo_until": DATETIME, "note": TEXT}


class PeopleForm(forms.Form):
    reporters = people_field(_("reporters (文)"))
    photographers = people_field(_("photographers (图)"))


class MoveForm(PlacementFields):
    position = forms.IntegerField(
        label=_("place on the page"),
        min_value=1,
        required=False,
        help_text=_("1 is the lead; empty puts it last."),
    )

    def __init__(self, *args, assignment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = assignment.edition.date
        self.fields["edition_name"].initial = assignment.edition.name
        if assignment.page is not None:
            self.fields["page_number"].initial = assignment.page.number


class ConfirmForm(forms.Form):
    """A step that needs nothing but a click."""
