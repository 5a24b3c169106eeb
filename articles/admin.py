from functools import partial

from django.contrib import admin
from django.db.models import Q
from django.urls import path
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .importing.service import describe_warning
from .importing.views import can_import_edition, import_edition
from .models import Article, Byline, Photo


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 1
    autocomplete_fields = ["reporter"]
    fields = ["reporter", "role", "order"]


class PhotoInline(admin.StackedInline):
    model = Photo
    extra = 0
    autocomplete_fields = ["credit_reporter"]
    fields = ["image", "caption", "alt_text", "credit_reporter", "credit_text", "order"]


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


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = [
        "headline",
        "department",
        "status",
        "credits",
        "char_count",
        "published_at",
        "is_published",
        "updated_at",
        "import_flag",
    ]
    list_filter = [
        "status",
        "department",
        "published_at",
        "print_edition",
        ImportWarningsFilter,
    ]
    search_fields = ["headline", "dek", "bylines__reporter__name"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["department"]
    readonly_fields = [
        "status",
        "char_count",
        "created_by",
        "created_at",
        "updated_at",
        "first_published_at",
        "import_warnings_list",
    ]
    actions = ["clear_import_warnings"]
    inlines = [BylineInline, PhotoInline]
    show_full_result_count = False
    fieldsets = [
        (None, {"fields": ["headline", "dek", "body", "char_count"]}),
        (
            _("Placement"),
            {"fields": ["department", "tags", "dateline", "published_at", "status"]},
        ),
        (
            _("Advanced"),
            {
                "classes": ["collapse"],
                "fields": [
                    "slug",
                    "print_edition",
                    "print_page",
                    "created_by",
                    "created_at",
                    "updated_at",
                    "first_published_at",
                ],
            },
        ),
    ]

    def get_urls(self):
        view = self.admin_site.admin_view(partial(import_edition, model_admin=self))
        own = [
            path("import-edition/", view, name="articles_article_import_edition"),
        ]
        return own + super().get_urls()

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "can_import_edition": can_import_edition(request.user),
        }
        return super().changelist_view(request, extra_context)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and obj.import_warnings:
            heading = (
                _("Print import: to check"),
                {"fields": ["import_warnings_list"]},
            )
            return [heading, *fieldsets]
        return fieldsets

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("department")
            .prefetch_related("bylines__reporter")
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("byline"))
    def credits(self, obj):
        return obj.byline_text()

    @admin.display(description=_("import warnings"))
    def import_warnings_list(self, obj):
        items = format_html_join(
            "\n",
            "<li>{}</li>",
            ((describe_warning(warning),) for warning in obj.import_warnings),
        )
        return format_html("<ul>{}</ul>", items) if obj.import_warnings else "—"

    @admin.display(description=_("to check"))
    def import_flag(self, obj):
        count = len(obj.import_warnings)
        return f"⚠ {count}" if count else ""

    @admin.action(
        description=_("Mark import warnings as checked"), permissions=["change"]
    )
    def clear_import_warnings(self, request, queryset):
        count = queryset.exclude(import_warnings=[]).update(import_warnings=[])
        self.message_user(
            request,
            ngettext(
                "Cleared the import warnings of %(count)d article.",
                "Cleared the import warnings of %(count)d articles.",
                count,
            )
            % {"count": count},
        )
