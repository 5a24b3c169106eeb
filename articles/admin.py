from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from search.query import matching
from search.tokens import parse_query

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
    ]
    list_filter = ["status", "department", "published_at", "print_edition"]
    search_fields = ["headline", "dek", "bylines__reporter__name"]
    search_help_text = _(
        "Finds every article, in any state, whose headline, summary or body "
        "contains all the words, or whose reporter's name contains the search."
    )
    date_hierarchy = "published_at"
    autocomplete_fields = ["department"]
    readonly_fields = [
        "status",
        "char_count",
        "created_by",
        "created_at",
        "updated_at",
        "first_published_at",
    ]
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

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("department")
            .prefetch_related("bylines__reporter")
        )

    def get_search_results(self, request, queryset, search_term):
        """Search the full-text index instead of scanning with LIKE."""
        query = parse_query(search_term)
        if not query:
            return super().get_search_results(request, queryset, search_term)
        by_reporter = Byline.objects.filter(
            reporter__name__icontains=query.text
        ).values("article_id")
        found = matching(queryset, query) | queryset.filter(Q(pk__in=by_reporter))
        return found, False

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("byline"))
    def credits(self, obj):
        return obj.byline_text()
