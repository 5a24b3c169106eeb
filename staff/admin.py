from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from newsroom.admin import NewsroomModelAdmin
from newsroom.admin_ui import TranslatedHistoryMixin, yes_no
from newsroom.cleaning import CheckedModelForm
from pictures.renditions import image_preview

from .models import Department, Reporter, staff_name
from .roles import ROLES


@admin.register(Department)
class DepartmentAdmin(TranslatedHistoryMixin, NewsroomModelAdmin):
    form = CheckedModelForm
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
class ReporterAdmin(TranslatedHistoryMixin, NewsroomModelAdmin):
    form = CheckedModelForm
    list_display = ["name", "title", "department", "user", "active"]
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

    @admin.display(description=_("active"), ordering="is_active")
    def active(self, obj):
        return yes_no(obj.is_active)

    @admin.display(description=_("preview"))
    def headshot_preview(self, obj):
        return image_preview(obj.headshot)


class RoleFilter(admin.SimpleListFilter):
    """Filter logins by newsroom role, named as the newsroom names it."""

    title = _("role")
    parameter_name = "role"

    def lookups(self, request, model_admin):
        return [(role.group, role.label) for role in ROLES]

    def queryset(self, request, queryset):
        if self.value() in {role.group for role in ROLES}:
            return queryset.filter(groups__name=self.value())
        return queryset


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    """Django's user admin, listing people by name and role."""

    list_display = ["username", "name", "email", "staff", "active"]
    list_filter = [RoleFilter, "is_staff", "is_superuser", "is_active"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("reporter")

    @admin.display(description=_("name"))
    def name(self, obj):
        return staff_name(obj) if staff_name(obj) != obj.get_username() else ""

    @admin.display(description=_("staff status"), ordering="is_staff")
    def staff(self, obj):
        return yes_no(obj.is_staff)

    @admin.display(description=_("active"), ordering="is_active")
    def active(self, obj):
        return yes_no(obj.is_active)
