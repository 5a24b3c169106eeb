from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "planning"
    verbose_name = _("Planning desk")

    def ready(self):
        # Imported once every app's models exist: the receiver reads them.
        from . import matching

        matching.connect_receivers()
