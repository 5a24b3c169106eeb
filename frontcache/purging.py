"""Sending purges to every configured front cache, and retrying failed ones."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished
from django.db import DatabaseError
from django.utils import timezone
from django.utils.module_loading import import_string

from .backends import KEY_HEADER
from .models import PendingPurge

logger = logging.getLogger(__name__)

# Failed purges are retried after requests at most this often, cluster-wide.
RETRY_EVERY = 5
RETRY_KEY = "frontcache:retry"
LEASE = timedelta(seconds=30)


def enabled():
    return bool(settings.NEWSROOM_FRONT_CACHE)


def get_backends():
    """Return ``{name: backend}`` for every configured front cache."""
    return {
        name: import_string(params["BACKEND"])(params)
        for name, params in settings.NEWSROOM_FRONT_CACHE.items()
    }


def tag_response(response, keys):
    """Give a response the surrogate keys of what it shows."""
    if keys:
        response[KEY_HEADER] = " ".join(sorted(set(keys)))


def purge(keys=(), urls=()):
    """Purge ``keys`` and ``urls`` from every front cache; queue what fails."""
    keys, urls = set(keys), set(urls)
    if not (keys or urls) or not enabled():
        return
    for name, backend in get_backends().items():
        try:
            backend.purge(keys, urls)
        # A backend fails in its own exceptions (HTTP, a CDN's SDK); none may
        # reach the editor whose change is already saved.
        except Exception as exc:  # noqa: BLE001
            _queue(name, keys, urls, exc)


def _queue(name, keys, urls, exc):
    error = f"{type(exc).__name__}: {exc}"[:2000]
    logger.warning("Front cache %s did not purge, will retry: %s", name, error)
    try:
        PendingPurge.objects.create(
            backend=name,
            keys=" ".join(sorted(keys)),
            urls=" ".join(sorted(urls)),
            next_attempt_at=timezone.now() + PendingPurge.retry_delay(1),
            last_error=error,
        )
    except DatabaseError:
        logger.exception("Could not queue the failed purge of %s", name)


def retry_due(limit=100):
    """Try the pending purges that are due again; return how many went."""
    backends = get_backends()
    done = 0
    for row in PendingPurge.objects.due()[:limit]:
        backend = backends.get(row.backend)
        if backend is None:
            # No longer configured: nothing left to purge there.
            row.delete()
            continue
        if not row.claim(LEASE):
            continue
        row.refresh_from_db()
        try:
            backend.purge(set(row.key_list()), set(row.url_list()))
        except Exception as exc:  # noqa: BLE001 (as in purge())
            row.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            row.next_attempt_at = timezone.now() + row.retry_delay(row.attempts)
            row.save(update_fields=["last_error", "next_attempt_at"])
            logger.warning(
                "Front cache %s still did not purge (attempt %s): %s",
                row.backend,
                row.attempts,
                row.last_error,
            )
        else:
            row.delete()
            done += 1
    return done


def retry_after_request(**kwargs):
    """After a request, now and then, retry purges that failed before."""
    if not enabled():
        return
    try:
        if not cache.add(RETRY_KEY, 1, RETRY_EVERY):
            return
        if PendingPurge.objects.due().exists():
            retry_due()
    except DatabaseError:
        logger.warning("Retrying failed purges failed", exc_info=True)


def connect_receivers():
    request_finished.connect(retry_after_request, dispatch_uid="frontcache:retry")
