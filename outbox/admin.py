from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from newsroom.admin import NewsroomModelAdmin
from newsroom.admin_ui import yes_no

from .models import Message
from .sending import send_messages


class SentFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "sent"

    def lookups(self, request, model_admin):
        return [("no", _("Unsent")), ("yes", _("Sent"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.unsent()
        if self.value() == "yes":
            return queryset.filter(sent_at__isnull=False)
        return queryset


@admin.register(Message)
class MessageAdmin(NewsroomModelAdmin):
    list_display = [
        "recipient",
        "subject",
        "created_at",
        "sent",
        "attempts",
        "next_attempt_at",
        "last_error",
    ]
    list_filter = [SentFilter, "created_at"]
    search_fields = ["recipient", "subject"]
    readonly_fields = [
        "recipient",
        "subject",
        "body",
        "created_at",
        "sent_at",
        "attempts",
        "next_attempt_at",
        "last_error",
    ]
    actions = ["send_now"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("sent"), ordering="sent_at")
    def sent(self, obj):
        return yes_no(obj.is_sent())

    @admin.action(description=_("Send the selected unsent emails now"))
    def send_now(self, request, queryset):
        unsent = queryset.unsent()
        # A message that used up its attempts is given a fresh start by hand.
        unsent.update(next_attempt_at=timezone.now(), attempts=0)
        ids = list(unsent.values_list("pk", flat=True))
        sent = send_messages(ids)
        level = messages.SUCCESS if sent == len(ids) else messages.WARNING
        self.message_user(
            request,
            ngettext(
                "%(sent)d of %(count)d email sent.",
                "%(sent)d of %(count)d emails sent.",
                len(ids),
            )
            % {"sent": sent, "count": len(ids)},
            level,
        )
