from axes.apps import AppConfig as AxesAppConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsroomConfig(AppConfig):
    # The module also holds django-axes' config; this one is the app's.
    default = True
    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        # Every app's models exist now, and every save passes through here.
        from . import cleaning

        cleaning.connect_receivers()


class LoginThrottlingConfig(AxesAppConfig):
    """django-axes, named in the admin in the reader's language."""

    verbose_name = _("Login throttling")
