"""Whole-page caching of the public site, and the one place that clears it.

Every cached page is keyed by a *generation*. Saving or deleting anything a
public page shows (a story, its byline, photo, tags or corrections, a desk, a
reporter, a tag) starts a new generation once its transaction commits, so
readers never see a retracted story or an old name from the cache. The
receivers are connected in ``ArticlesConfig.ready()``, for the models listed
in ``PUBLIC_MODELS``. A scheduled story appears at its time with nothing to
run: the generation also ends at the next scheduled publication time.
"""

import hashlib

from django.core.cache import cache
from django.db import transaction
from django.db.models import Min
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from articles.models import Article

GENERATION_KEY = "articles:page-generation"
PAGE_TIMEOUT = 300

# Every model whose rows a public page shows, as app_label.ModelName.
PUBLIC_MODELS = [
    "articles.Article",
    "articles.Byline",
    "articles.Photo",
    "articles.TaggedArticle",
    "articles.Correction",
    "articles.ArticleRedirect",
    "staff.Department",
    "staff.Reporter",
    "taggit.Tag",
]


def bump_generation(**kwargs):
    """Start a new generation once the current transaction commits."""
    transaction.on_commit(
        lambda: cache.delete(GENERATION_KEY), using=kwargs.get("using"), robust=True
    )


def connect_receivers(apps):
    """Clear the page cache whenever a row a public page shows changes."""
    for label in PUBLIC_MODELS:
        model = apps.get_model(label)
        uid = f"page-cache:{label}"
        post_save.connect(bump_generation, sender=model, dispatch_uid=uid)
        post_delete.connect(bump_generation, sender=model, dispatch_uid=uid)
    # Adding or removing a story's tags saves no model of ours.
    m2m_changed.connect(
        bump_generation,
        sender=Article.tags.through,
        dispatch_uid="page-cache:article-tags",
    )


def current_generation():
    """Return the current generation's id, starting one when needed."""
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
