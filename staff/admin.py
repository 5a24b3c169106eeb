from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from newsroom.admin import NewsroomModelAdmin
from pictures.renditions import image_preview

from .models import Department, Reporter


@admin.register(Department)
class DepartmentAdmin(NewsroomModelAdmin):
    list_display = ["name", "slug", "order", "reporter_count"]
    list_editable = ["order"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_reporters=Count("reporters"))

    @admin.display(description=_("reporters"), ordering="_reporters")
    def reporter_count(self, obj):
        return obj._reporters


@admin.register(Reporter)
class ReporterAdmin(NewsroomModelAdmin):
    list_display = ["name", "title", "department", "user", "is_active"]
    list_filter = ["is_active", "title", "department"]
    search_fields = ["name", "slug", "user__username"]
    list_select_related = ["department", "user"]
    autocomplete_fields = ["department"]
    raw_id_fields = ["user"]
    readonly_fields = ["headshot_preview"]
    fieldsets = [
        (None, {"fields": ["name", "title", "department", "is_active"]}),
        (_("Profile"), {"fields": ["bio", "headshot", "headshot_preview"]}),
        (
            _("Advanced"),
            {"classes": ["collapse"], "fields": ["slug", "user"]},
        ),
    ]

    @admin.display(description=_("preview"))
    def headshot_preview(self, obj):
        return image_preview(obj.headshot)
