from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from newsroom.cleaning import CheckedModelForm

from .models import Assignment, Edition, Page, PagePlan, Pitch
from .views import desk, steps


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    form = CheckedModelForm
    list_display = ["number", "name", "capacity", "department", "is_active"]
    list_filter = ["is_active", "department"]
    search_fields = ["name"]


class PagePlanInline(admin.TabularInline):
    model = PagePlan
    form = CheckedModelForm
    extra = 0
    fields = ["number", "page", "capacity_override", "note"]


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    form = CheckedModelForm
    list_display = ["date", "name", "budget_link"]
    date_hierarchy = "date"
    inlines = [PagePlanInline]

    @admin.display(description=_("budget"))
    def budget_link(self, obj):
        return format_html(
            '<a href="{}">{}</a>', desk.budget_url(obj.date, obj.name), _("budget")
        )

    def get_urls(self):
        view = self.admin_site.admin_view

        def page(cls, route, name):
            return path(route, view(cls.as_view(model_admin=self)), name=name)

        return [
            page(desk.BudgetView, "budget/", "planning_budget"),
            page(desk.BudgetCsvView, "budget.csv", "planning_budget_csv"),
            page(desk.OpenEditionView, "open/", "planning_open_edition"),
            page(desk.MatchPrintView, "match-print/", "planning_match_print"),
            page(desk.CalendarView, "calendar/", "planning_calendar"),
            *super().get_urls(),
        ]


class ReadOnlyPlanAdmin(admin.ModelAdmin):
    """Pitches and assignments change only through their verbs' pages."""

    list_per_page = 50

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # A plan is a record: reject, withdraw or kill it instead.
        return False


@admin.register(Pitch)
class PitchAdmin(ReadOnlyPlanAdmin):
    change_form_template = "admin/planning/pitch/change_form.html"
    change_list_template = "admin/planning/pitch/change_list.html"
    list_display = [
        "title",
        "department",
        "edition",
        "page",
        "planned_length",
        "status",
        "created_by",
        "created_at",
    ]
    list_filter = ["status", "department", "edition__date"]
    search_fields = ["title", "description"]
    fields = [
        "title",
        "description",
        "department",
        "edition",
        "page",
        "planned_length",
        "reporters",
        "photographers",
        "sources",
        "event_at",
        "event_place",
        "status",
        "decision_note",
        "decided_by",
        "decided_at",
        "merged_into",
        "created_by",
        "created_at",
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .visible_to(request.user)
            .select_related("department", "edition", "page__page", "created_by")
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        pitch = self.get_object(request, object_id) if object_id else None
        context = dict(extra_context or {})
        if pitch is not None:
            user = request.user
            context["decision_refusal"] = pitch.decision_refusal(user)
            context["may_revise"] = pitch.may_revise(user)
            context["timeline"] = pitch.events.select_related("actor")
            context["assignment"] = getattr(pitch, "assignment", None)
        return super().changeform_view(request, object_id, form_url, context)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "new/",
                view(steps.PitchCreateView.as_view(model_admin=self)),
                name="planning_pitch_new",
            ),
            path(
                "meeting/",
                view(desk.MeetingView.as_view(model_admin=self)),
                name="planning_meeting",
            ),
            path(
                "<int:pk>/decide/<str:action>/",
                view(steps.DecideView.as_view(model_admin=self)),
                name="planning_pitch_decide",
            ),
            path(
                "<int:pk>/own/<str:action>/",
                view(steps.OwnPitchView.as_view(model_admin=self)),
                name="planning_pitch_own",
            ),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        return HttpResponseRedirect(reverse("admin:planning_pitch_new"))


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyPlanAdmin):
    change_form_template = "admin/planning/assignment/change_form.html"
    change_list_template = "admin/planning/assignment/change_list.html"
    list_display = [
        "title",
        "department",
        "edition",
        "page",
        "planned_length",
        "due_at",
        "is_killed",
        "article",
    ]
    list_filter = [
        "department",
        "edition__date",
        ("killed_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["title"]
    fields = [
        "title",
        "department",
        "edition",
        "page",
        "position",
        "planned_length",
        "due_at",
        "embargo_until",
        "reporters",
        "photographers",
        "note",
        "event_at",
        "event_place",
        "pitch",
        "article",
        "printed_article",
        "print_similarity",
        "killed_at",
        "killed_by",
        "kill_reason",
        "created_by",
        "created_at",
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .visible_to(request.user)
            .select_related("department", "edition", "page__page", "article")
        )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        assignment = self.get_object(request, object_id) if object_id else None
        context = dict(extra_context or {})
        if assignment is not None:
            context["steps"] = [
                (
                    action,
                    steps.AssignmentStepView.ACTIONS[action],
                    reverse(
                        "admin:planning_assignment_act", args=[assignment.pk, action]
                    ),
                )
                for action in assignment.available_actions(request.user)
            ]
            context["timeline"] = assignment.timeline()
            article = assignment.article
            context["article_url"] = (
                reverse("admin:articles_article_change", args=[article.pk])
                if article is not None and article.can_view(request.user)
                else None
            )
        return super().changeform_view(request, object_id, form_url, context)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "new/",
                view(steps.AssignView.as_view(model_admin=self)),
                name="planning_assign",
            ),
            path(
                "<int:pk>/act/<str:action>/",
                view(steps.AssignmentStepView.as_view(model_admin=self)),
                name="planning_assignment_act",
            ),
            *super().get_urls(),
        ]

    def add_view(self, request, form_url="", extra_context=None):
        return HttpResponseRedirect(reverse("admin:planning_assign"))
