"""The article list's filters: state (as the desk counts it), reporter, warnings."""

from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from newsroom.admin import LARGEST_INTEGER
from staff.models import Reporter

from .models import Article, Byline


class StateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            *Article.Status.choices,
            ("scheduled", _("Scheduled")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        # As the desk counts them: published means public now.
        if value == "scheduled":
            return queryset.scheduled()
        if value == Article.Status.PUBLISHED:
            return queryset.published()
        if value in Article.Status.values:
            return queryset.filter(status=value)
        return queryset


class ReporterFilter(admin.SimpleListFilter):
    title = _("reporter")
    parameter_name = "reporter"

    def lookups(self, request, model_admin):
        return [(r.pk, r.name) for r in Reporter.objects.active()]

    def queryset(self, request, queryset):
        value = self.value()
        if value and value.isdigit() and int(value) <= LARGEST_INTEGER:
            return queryset.filter(
                pk__in=Byline.objects.filter(reporter_id=value).values("article_id")
            )
        return queryset


class ImportWarningsFilter(admin.SimpleListFilter):
    title = _("import warnings")
    parameter_name = "import_warnings"

    def lookups(self, request, model_admin):
        return [("yes", _("To check")), ("no", _("No warnings"))]

    def queryset(self, request, queryset):
        flagged = ~Q(import_warnings=[])
        if self.value() == "yes":
            return queryset.filter(flagged)
        if self.value() == "no":
            return queryset.exclude(flagged)
        return queryset
