from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class StaffConfig(AppConfig):
    name = "staff"
    verbose_name = _("Staff")

    def ready(self):
        from .roles import create_missing_role_groups

        # Migrations create the groups; this brings them back after a flush.
        post_migrate.connect(
            create_missing_role_groups, sender=self, dispatch_uid="staff:role-groups"
        )
