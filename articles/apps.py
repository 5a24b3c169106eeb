from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = _("Articles")

    def ready(self):
        # Imported once every app's models exist: page_cache reads them.
        from . import (
            checks,  # noqa: F401 - registers the system checks
            credits,
            page_cache,
        )
        from .models import page_parts

        # Parts first: a page built after the cache is cleared reads them.
        page_parts.connect_receivers(self.apps)
        page_cache.connect_receivers(self.apps)
        credits.connect_receivers()
