"""The print edition in the admin: its pages, and what a story kept from print."""

from django.contrib import admin
from django.db.models import Count
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from newsroom.admin import NewsroomModelAdmin

from ..models import PrintPage
from .service import describe_warning


class PrintedStoryAdminMixin:
    """Read-only fields of ``ArticleAdmin`` for what a story kept from print."""

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

    @admin.display(description=_("printed on"))
    def printed_on(self, obj):
        placements = obj.print_placements() if obj.pk else []
        if not placements:
            return "—"
        return format_html_join(
            "、",
            "{} {}",
            (
                (
                    placement.page.edition.isoformat(),
                    placement.page.page_text or _("page not known"),
                )
                for placement in placements
            ),
        )

    @admin.display(description=_("printed captions"))
    def print_captions_list(self, obj):
        if not obj.print_captions:
            return "—"
        items = format_html_join(
            "\n",
            "<li>{} <em>{}</em></li>",
            ((c.get("text", ""), c.get("credit", "")) for c in obj.print_captions),
        )
        return format_html("<ul>{}</ul>", items)


@admin.register(PrintPage)
class PrintPageAdmin(NewsroomModelAdmin):
    list_display = ["edition", "page", "name", "page_editors", "story_count"]
    list_display_links = ["edition", "page"]
    list_filter = ["edition"]
    search_fields = ["name", "paper"]
    date_hierarchy = "edition"
    fields = ["edition", "label", "name", "paper", "editors"]
    readonly_fields = ["edition", "label"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(stories=Count("placements"))

    def has_add_permission(self, request):
        # Pages come from the import; only their name and editors are kept here.
        return False

    @admin.display(description=_("page"), ordering="position")
    def page(self, obj):
        return obj.page_text or _("page not known")

    @admin.display(description=_("page editors"))
    def page_editors(self, obj):
        return obj.editors_text()

    @admin.display(description=_("stories"), ordering="stories")
    def story_count(self, obj):
        return obj.stories
