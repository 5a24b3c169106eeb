"""reverse(), remembered per process.

A front page links to nearly forty stories and a dozen desks, and reversing
each address took a tenth of its render. An address depends only on the view
name, its arguments and what reverse() reads from the request (the URLconf,
the script prefix and, for translated patterns, the language), so it can be
remembered by all of them; a new ROOT_URLCONF setting, which only tests make,
forgets them all. Static files' addresses are remembered the same way.
"""

import functools

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

from newsroom import render_scope


@functools.lru_cache(maxsize=20_000)
def _reverse(urlconf, script_prefix, language, viewname, args):
    return reverse(viewname, urlconf=urlconf, args=args)


def remembered_reverse(viewname, *args):
    scope = render_scope.current()
    if scope is not None:
        return _reverse(
            scope.urlconf, scope.script_prefix, scope.language, viewname, args
        )
    return _reverse(get_urlconf(), get_script_prefix(), get_language(), viewname, args)


@functools.lru_cache(maxsize=1_000)
def remembered_static(path):
    """``static(path)``, remembered per process: the storage's manifest of
    hashed names is itself read once per process."""
    return static(path)


def absolute_url(url):
    """Return ``url`` as an address that works off the site: feeds, JSON-LD."""
    if url.startswith(("http://", "https://")):
        return url
    if url.startswith("//"):
        return "https:" + url
    return settings.NEWSROOM_BASE_URL.rstrip("/") + url


@receiver(setting_changed)
def forget_addresses(*, setting, **kwargs):
    # Django empties its own URL caches when a test swaps the URLconf.
    if setting == "ROOT_URLCONF":
        _reverse.cache_clear()
    if setting in {"STATIC_URL", "STATIC_ROOT", "STORAGES", "DEBUG"}:
        remembered_static.cache_clear()
