"""The project's own few views: health checks, media files, the favicon."""

import logging
import secrets

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connections
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.templatetags.static import static
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.static import serve

logger = logging.getLogger(__name__)


def favicon(request):
    # Resolved per request, not at import: the hashed name needs the static
    # files manifest, which migrate and check run without.
    return HttpResponsePermanentRedirect(static("favicon.svg"))


def healthz(request):
    """Liveness: the process answers. Touches no database, cache or storage."""
    response = JsonResponse({"status": "ok"})
    add_never_cache_headers(response)
    return response


def _check_databases():
    # Not the replica: without it public reads go to the primary.
    for alias in connections:
        if alias == "replica":
            continue
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")


def _check_cache():
    probe = secrets.token_hex(8)
    cache.set("readyz:probe", probe, 10)
    if cache.get("readyz:probe") != probe:
        raise ConnectionError("the cache did not keep a value")


def _check_storage():
    default_storage.exists("readyz-probe")


CHECKS = {
    "database": _check_databases,
    "cache": _check_cache,
    "storage": _check_storage,
}


def readyz(request):
    """Readiness: the database, the cache and media storage all answer."""
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        # Each backend (a database driver, Redis, object storage) fails in
        # its own exceptions; the probe reports any of them as "unavailable".
        except Exception as exc:  # noqa: BLE001
            logger.warning("Readiness check %s failed: %s", name, exc)
            results[name] = "unavailable"
        else:
            results[name] = "ok"
    ready = all(value == "ok" for value in results.values())
    response = JsonResponse(
        {"status": "ok" if ready else "unavailable", **results},
        status=200 if ready else 503,
    )
    add_never_cache_headers(response)
    return response


def media(request, path):
    """Serve an uploaded file from MEDIA_ROOT (FileSystemStorage only).

    Stored names are made from the files' content, so a name never changes
    meaning and browsers may keep a file for a year. Put nginx or object
    storage in front for heavy traffic (README, "Production").
    """
    if request.method not in ("GET", "HEAD"):
        raise Http404
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    patch_cache_control(response, public=True, max_age=365 * 24 * 3600, immutable=True)
    return response
