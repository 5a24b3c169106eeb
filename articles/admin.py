from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from .images import image_preview
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
    # Tuples share a line: the thumbnail sits beside its file.
    fields = [
        ("thumbnail", "image"),
        "caption",
        "alt_text",
        ("credit_reporter", "credit_text"),
        "order",
    ]
    readonly_fields = ["thumbnail"]
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})},
    }

    @admin.display(description=_("preview"))
    def thumbnail(self, obj):
        return image_preview(obj.image)


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

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("byline"))
    def credits(self, obj):
        return obj.byline_text()
