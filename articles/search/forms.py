from datetime import date, datetime, time, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from staff.models import Department

from .tokens import parse_query

# Dates outside the paper's lifetime only come from crafted URLs, and the far
# ends would overflow when turned into times.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2999, 12, 31)


class QueryField(forms.Field):
    """A search box that cleans what readers type instead of rejecting it."""

    widget = forms.TextInput(attrs={"type": "search", "enterkeyhint": "search"})

    def to_python(self, value):
        return parse_query(value if isinstance(value, str) else "")


class SearchForm(forms.Form):
    q = QueryField(label=_("Search"), required=False)
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All departments"),
    )
    since = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    until = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean_since(self):
        return self._clean_date("since")

    def clean_until(self):
        return self._clean_date("until")

    def _clean_date(self, name):
        day = self.cleaned_data[name]
        if day and not EARLIEST_DATE <= day <= LATEST_DATE:
            raise forms.ValidationError(
                _("Enter a date between %(earliest)s and %(latest)s."),
                code="out_of_range",
                params={"earliest": EARLIEST_DATE, "latest": LATEST_DATE},
            )
        return day

    def clean(self):
        cleaned_data = super().clean()
        since, until = cleaned_data.get("since"), cleaned_data.get("until")
        if since and until and since > until:
            raise forms.ValidationError(
                _("The start date is after the end date."), code="date_range"
            )
        return cleaned_data

    def time_range(self):
        """Return (since, before): the chosen days as times in the site's zone."""
        since = self.cleaned_data.get("since")
        until = self.cleaned_data.get("until")
        return (
            _start_of_day(since) if since else None,
            _start_of_day(until + timedelta(days=1)) if until else None,
        )


def _start_of_day(day):
    return timezone.make_aware(datetime.combine(day, time.min))
