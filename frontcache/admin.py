from django.contrib import admin

from .models import PendingPurge


@admin.register(PendingPurge)
class PendingPurgeAdmin(admin.ModelAdmin):
    """Purges a front cache did not take: what is waiting, and why."""

    list_display = ["backend", "keys", "attempts", "next_attempt_at", "last_error"]
    list_filter = ["backend"]
    readonly_fields = [f.name for f in PendingPurge._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
