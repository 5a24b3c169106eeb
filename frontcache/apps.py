from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrontCacheConfig(AppConfig):
    name = "frontcache"
    verbose_name = _("Front cache")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Connected here so a finished request also retries failed purges.
        from . import purging

        purging.connect_receivers()
