from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from . import views

admin.site.site_header = _("Newsroom")
admin.site.site_title = _("Newsroom admin")
admin.site.index_title = _("Editorial desk")

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico on pages that name no icon, such as the admin.
    path("favicon.ico", views.favicon),
    path("i18n/", include("django.conf.urls.i18n")),
    path("search/", include("articles.search.urls")),
    path("", include("articles.urls")),
]

if settings.MEDIA_URL.startswith("/") and settings.STORAGES["default"][
    "BACKEND"
].endswith("FileSystemStorage"):
    # Uploads on this server's disk: served here unless a web server in
    # front serves MEDIA_ROOT itself.
    prefix = settings.MEDIA_URL.strip("/")
    urlpatterns.insert(
        0, re_path(rf"^{prefix}/(?P<path>.+)$", views.media, name="media")
    )
