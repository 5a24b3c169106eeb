"""Whole-page caching of the public site, invalidated by content changes.

Every cached page is keyed by a *generation*: any change to an article (a
save, a transition, a correction) moves to a new generation once its
transaction commits, so readers never see a retracted story from the cache.
A scheduled story appears at its time with nothing to run: the generation
also ends at the next scheduled publication time.
"""

import hashlib

from django.core.cache import cache
from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

GENERATION_KEY = "articles:page-generation"
PAGE_TIMEOUT = 300


def bump_generation():
    """Start a new generation once the current transaction commits."""
    transaction.on_commit(lambda: cache.delete(GENERATION_KEY), robust=True)


def current_generation():
    """Return the current generation's id, starting one when needed."""
    from .models import Article

    state = cache.get(GENERATION_KEY)
    now = timezone.now()
    if state is not None and (state["until"] is None or now < state["until"]):
        return state["id"]
    until = Article.objects.scheduled().aggregate(next=Min("published_at"))["next"]
    state = {"id": f"{now.timestamp():.6f}", "until": until}
    cache.set(GENERATION_KEY, state, None)
    return state["id"]


def page_key(request, generation):
    raw = f"{generation}|{get_language()}|{request.get_full_path()}"
    return "articles:page:" + hashlib.sha256(raw.encode()).hexdigest()


def cached_public_page(view):
    """Serve anonymous GETs of a public page from the cache when it can."""

    def wrapper(request, *args, **kwargs):
        cacheable = (
            request.method in ("GET", "HEAD") and not request.user.is_authenticated
        )
        if not cacheable:
            return view(request, *args, **kwargs)
        key = page_key(request, current_generation())
        hit = cache.get(key)
        if hit is not None:
            from django.http import HttpResponse

            content, content_type = hit
            response = HttpResponse(content, content_type=content_type)
            response["X-Page-Cache"] = "hit"
            patch_vary_headers(response, ["Accept-Language", "Cookie"])
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if response.status_code == 200 and not response.has_header("Set-Cookie"):
            cache.set(key, (response.content, response["Content-Type"]), PAGE_TIMEOUT)
        return response

    return wrapper
