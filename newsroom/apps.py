from django.apps import AppConfig


class NewsroomConfig(AppConfig):
    name = "newsroom"
    verbose_name = "Newsroom"

    def ready(self):
        # Every app's models exist now, and every save passes through here.
        from . import cleaning

        cleaning.connect_receivers()
