from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "outbox"
    verbose_name = _("Outgoing mail")

    def ready(self):
        # Connected here so a request that finishes also sends what is due.
        from . import sending

        sending.connect_receivers()
