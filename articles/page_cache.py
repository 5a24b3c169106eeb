"""Whole-page caching of the public site, and the one place that clears it.

Every cached page is keyed by a *generation*. Saving or deleting anything a
public page shows (a story, its byline, photo, tags or corrections, a desk, a
reporter, a tag) starts a new generation once its transaction commits, so
readers never see a retracted story or an old name from the cache. The
receivers are connected in ``ArticlesConfig.ready()``, for the models listed
in ``PUBLIC_MODELS``. A scheduled story appears at its time with nothing to
run: the generation also ends at the next scheduled publication time.

The same commit purges front caches (frontcache/, Varnish or a CDN) of the
surrogate keys and addresses of what changed (``cache_keys``), after the
read replica, if any, has replayed it.

A public page is answered the same way whether it was cached or not: the
same ETag and Last-Modified for GET and HEAD, a 304 when the reader's copy
is current, gzip or brotli when the reader accepts them (compressed once,
then kept with the page), and a ``Cache-Control`` short enough that a
retraction leaves every cache within ``NEWSROOM_PUBLIC_MAX_AGE`` plus
``NEWSROOM_PUBLIC_STALE_SECONDS``. The key holds only the query parameters a
page reads, so ``?utm_source=…`` finds the same cached copy.
"""

import gzip
import hashlib
from datetime import datetime, time, timedelta
from functools import wraps

import brotli
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.core.handlers.exception import response_for_exception
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import parse_http_date_safe
from django.utils.translation import get_language, get_language_from_request
from taggit.models import Tag

import frontcache.purging as frontcache
from articles import cache_keys
from articles.models import Article, PrintPage, PrintPlacement
from articles.models.page_queries import NEXT_SCHEDULED
from frontcache.backends import KEY_HEADER
from newsroom import replica
from staff.models import Reporter

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
    "articles.PrintPage",
    "articles.PrintPlacement",
    "staff.Department",
    "staff.Reporter",
    "taggit.Tag",
]

# The headers of a page that are part of it, kept with the cached copy.
KEPT_HEADERS = (
    "Content-Type",
    "Last-Modified",
    "Content-Language",
    "X-Robots-Tag",
    KEY_HEADER,
)
GZIP_LEVEL = 6
BROTLI_QUALITY = 5
# Smaller pages gain nothing from compression.
COMPRESS_MIN_BYTES = 512


# A story that has never been public, or its parts, is on no public page:
# saving a draft leaves the cache alone. A retracted story's page says so.
ON_PUBLIC_PAGES = frozenset({Article.Status.PUBLISHED, Article.Status.UNPUBLISHED})


class Invalidation:
    """What one transaction's changes clear, applied once when it commits.

    Registered with ``on_commit`` at every change; the first call applies
    all that was gathered, the others find nothing left to do.
    """

    def __init__(self):
        self.keys = set()
        self.urls = set()
        self.applied = False

    def __call__(self):
        if not self.applied:
            self.applied = True
            apply_invalidation(self.keys, self.urls)


def apply_invalidation(keys, urls):
    """Clear the page cache and purge the front cache of ``keys`` and ``urls``.

    First the replica gets the change (a bounded wait, usually well under a
    millisecond), so that a reader's request arriving right after cannot
    cache a page made from rows the replica has not replayed yet.
    """
    replica.wait_for_replica()
    cache.delete(GENERATION_KEY)
    frontcache.purge(keys, urls)


def invalidate(keys=(), urls=(), using=None):
    """Clear caches of ``keys`` and ``urls`` once the current transaction commits.

    The changes of one transaction are gathered and sent together.
    """
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        apply_invalidation(set(keys), set(urls))
        return
    batch = getattr(connection, "_page_cache_invalidation", None)
    if batch is None or batch.applied:
        batch = connection._page_cache_invalidation = Invalidation()
    batch.keys.update(keys)
    batch.urls.update(urls)
    transaction.on_commit(batch, using=using, robust=True)


def bump_generation(instance=None, using=None, raw=False, **kwargs):
    """Clear what ``instance`` is shown on once the current transaction commits."""
    if instance is None or raw:
        # Fixtures being loaded: their relations may not exist yet.
        invalidate(using=using)
        return
    keys, urls = cache_keys.changes_for(instance)
    invalidate(keys, urls, using=using)


def shown_publicly(instance):
    """Whether a story, or the story a part belongs to, is on public pages."""
    if isinstance(instance, Article):
        return instance.status in ON_PUBLIC_PAGES
    article_id = getattr(instance, "article_id", None) or getattr(
        instance, "content_object_id", None
    )
    if article_id is None:
        return True
    return Article.objects.filter(pk=article_id, status__in=ON_PUBLIC_PAGES).exists()


def story_changed(sender, instance, **kwargs):
    if shown_publicly(instance):
        bump_generation(instance, **kwargs)


def row_changed(sender, instance, created=False, **kwargs):
    """A desk, reporter, tag or printed page changed: clear what shows it."""
    if not on_a_public_page(instance, created):
        return
    bump_generation(instance, **kwargs)


def on_a_public_page(instance, created):
    """Whether a public page can show ``instance``, a row that is not a story.

    An import makes printed pages and reporters by the hundred for stories
    still in review; starting a new generation for each emptied the whole
    page cache several times a second while readers read.
    """
    if created and isinstance(instance, (Reporter, Tag)):
        # Pages show reporters and tags through published stories, whose
        # bylines and tags are saved after them and clear the cache then.
        return False
    if isinstance(instance, PrintPage):
        # The edition online shows only the pages that hold public stories.
        return PrintPlacement.objects.filter(
            page=instance, article__status__in=ON_PUBLIC_PAGES
        ).exists()
    return True


def tags_changed(sender, instance, action, pk_set=None, **kwargs):
    if action.startswith("pre_"):
        return
    if not isinstance(instance, Article):
        # A tag's stories changed: the tag's listing and theirs.
        bump_generation(instance, **kwargs)
    elif instance.status in ON_PUBLIC_PAGES:
        keys, urls = cache_keys.changes_for(instance)
        keys |= {f"tag-{pk}" for pk in pk_set or ()}
        invalidate(keys, urls, using=kwargs.get("using"))


def connect_receivers(apps):
    """Clear the page cache whenever a row a public page shows changes."""
    for label in PUBLIC_MODELS:
        model = apps.get_model(label)
        # A story's own rows follow its status; the rest, row_changed().
        of_a_story = label.startswith("articles.") and model is not PrintPage
        receiver = story_changed if of_a_story else row_changed
        uid = f"page-cache:{label}"
        post_save.connect(receiver, sender=model, dispatch_uid=uid)
        post_delete.connect(receiver, sender=model, dispatch_uid=uid)
    # Adding or removing a story's tags saves no model of ours.
    m2m_changed.connect(
        tags_changed,
        sender=Article.tags.through,
        dispatch_uid="page-cache:article-tags",
    )


def current_generation():
    """Return ``(id, until)`` of the current generation, starting one when needed.

    ``until`` is the next scheduled publication or the next midnight, when
    the generation ends.
    """
    state = cache.get(GENERATION_KEY)
    now = timezone.now()
    if state is not None and (state["until"] is None or now < state["until"]):
        return state["id"], state["until"]
    scheduled = next(iter(NEXT_SCHEDULED.fetch()), None)
    # Pages print today's date in the masthead: a new day, new pages.
    midnight = timezone.make_aware(
        datetime.combine(timezone.localdate(now) + timedelta(days=1), time.min)
    )
    until = min(scheduled, midnight) if scheduled else midnight
    state = {"id": f"{now.timestamp():.6f}", "until": until}
    cache.set(GENERATION_KEY, state, None)
    return state["id"], until


def page_key(request, generation, reads=()):
    """Key a page by what it shows: its path and the parameters it reads."""
    kept = sorted(
        (name, value)
        for name, values in request.GET.lists()
        if name in reads
        for value in values
    )
    raw = f"{generation}|{get_language()}|{request.path}|{kept!r}"
    return "articles:page:" + hashlib.sha256(raw.encode()).hexdigest()


def max_age(until, seconds=None):
    """Seconds a reader's copy may be used: never past the next publication."""
    if seconds is None:
        seconds = settings.NEWSROOM_PUBLIC_MAX_AGE
    if until is not None:
        seconds = min(seconds, max(0, int((until - timezone.now()).total_seconds())))
    return seconds


def cache_control(until):
    """The Cache-Control of a public page, for browsers and the front cache.

    A front cache that is purged on every change may keep a page longer
    than browsers, whose copies no purge reaches.
    """
    value = f"public, max-age={max_age(until)}"
    if frontcache.enabled():
        front = max_age(until, settings.NEWSROOM_FRONT_CACHE_MAX_AGE)
        value += f", s-maxage={front}"
    return f"{value}, stale-while-revalidate={settings.NEWSROOM_PUBLIC_STALE_SECONDS}"


def accepted_encoding(request):
    accepted = request.META.get("HTTP_ACCEPT_ENCODING", "")
    tokens = {part.split(";")[0].strip().lower() for part in accepted.split(",")}
    if "br" in tokens:
        return "br"
    if "gzip" in tokens:
        return "gzip"
    return None


def compress(content, encoding):
    if encoding == "br":
        return brotli.compress(content, quality=BROTLI_QUALITY)
    return gzip.compress(content, compresslevel=GZIP_LEVEL, mtime=0)


def make_entry(response):
    """Return what the cache keeps of a rendered page."""
    content = bytes(response.content)
    return {
        "content": content,
        "etag": '"' + hashlib.blake2b(content, digest_size=12).hexdigest() + '"',
        "headers": {
            name: response[name] for name in KEPT_HEADERS if response.has_header(name)
        },
        "encoded": {},
    }


def encoded_body(entry, encoding):
    """Return the page's body in ``encoding`` (None: as is); True if newly made."""
    if encoding is None or len(entry["content"]) < COMPRESS_MIN_BYTES:
        return entry["content"], None, False
    body = entry["encoded"].get(encoding)
    if body is not None:
        return body, encoding, False
    body = compress(entry["content"], encoding)
    entry["encoded"][encoding] = body
    return body, encoding, True


def respond(request, entry, until, *, hit, headers=None):
    """Answer ``request`` from ``entry``; also say if a new encoding was made.

    ``headers`` are those to answer with, the page's own by default.
    """
    headers = entry["headers"] if headers is None else headers
    body, encoding, made = encoded_body(entry, accepted_encoding(request))
    etag = entry["etag"]
    if encoding:
        # Another representation of the same page: an ETag of its own.
        etag = f'{etag[:-1]}-{encoding}"'
    response = HttpResponse(
        b"" if request.method == "HEAD" else body,
        content_type=headers.get("Content-Type"),
    )
    for name, value in headers.items():
        response[name] = value
    response["ETag"] = etag
    response["Content-Length"] = str(len(body))
    if encoding:
        response["Content-Encoding"] = encoding
    response["Cache-Control"] = cache_control(until)
    if hit:
        response["X-Page-Cache"] = "hit"
    patch_vary_headers(response, ["Accept-Encoding", "Accept-Language", "Cookie"])
    last_modified = headers.get("Last-Modified")
    conditional = get_conditional_response(
        request,
        etag=etag,
        last_modified=parse_http_date_safe(last_modified) if last_modified else None,
        response=response,
    )
    return conditional, made


def cached_public_page(view=None, *, reads=()):
    """Serve anonymous GETs and HEADs of a public page from the cache.

    ``reads`` names the query parameters the page reads; any other parameter
    is left out of the cache key.
    """
    if view is None:
        return lambda view: cached_public_page(view, reads=reads)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        cacheable = (
            request.method in ("GET", "HEAD") and not request.user.is_authenticated
        )
        if not cacheable:
            return view(request, *args, **kwargs)
        generation, until = current_generation()
        key = page_key(request, generation, reads)
        entry = cache.get(key)
        if entry is not None:
            response, made = respond(request, entry, until, hit=True)
            if made:
                cache.set(key, entry, PAGE_TIMEOUT)
            response.cached_page = (generation, entry, reads)
            return response
        try:
            response = view(request, *args, **kwargs)
        except Http404 as exc:
            # Answered here as Django would, so that it gets the headers below.
            response = response_for_exception(request, exc)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if response.has_header("Set-Cookie"):
            return response
        if frontcache.enabled():
            frontcache.tag_response(response, cache_keys.page_keys(request, response))
        if response.status_code != 200:
            # A 404 or 410 is kept no longer than a page: a scheduled story's
            # address answers when the story goes live.
            if not response.has_header("Cache-Control"):
                response["Cache-Control"] = cache_control(until)
            return response
        entry = make_entry(response)
        answer, _made = respond(request, entry, until, hit=False)
        cache.set(key, entry, PAGE_TIMEOUT)
        answer.cached_page = (generation, entry, reads)
        return answer

    return wrapper


# --- Answering hits before the middleware -------------------------------------

LEAN_PREFIX = "articles:whole-page:"
# Headers made for each answer, not kept with the page.
PER_ANSWER_HEADERS = frozenset(
    {"content-length", "content-encoding", "etag", "cache-control", "x-page-cache"}
)


def _no_user_state(request):
    """Whether the request carries nothing that could make its page personal:
    no session (so no signed-in user) and no flashed messages."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def whole_page_key(request):
    """The key of the page as the whole middleware stack answered it, or None
    when the request must go through the stack."""
    if request.method not in ("GET", "HEAD") or not _no_user_state(request):
        return None
    if settings.SECURE_SSL_REDIRECT and not request.is_secure():
        return None  # SecurityMiddleware redirects it
    try:
        host = request.get_host()
    except DisallowedHost:
        return None  # the stack answers 400
    query = sorted(request.GET.lists())
    language = get_language_from_request(request)
    raw = f"{host}|{language}|{request.path}|{query!r}"
    return LEAN_PREFIX + hashlib.sha256(raw.encode()).hexdigest()


class CachedPageMiddleware:
    """Answer anonymous GETs and HEADs of cached public pages before the
    rest of the middleware, in one cache round trip.

    The first in ``MIDDLEWARE``. A page the stack built or answered from
    ``cached_public_page`` is kept whole, with every header the middleware
    added, under a key of its host, language (as LocaleMiddleware chooses
    it), path and query. A later request for the same key is answered from
    it with the same ETag, Last-Modified, 304s, encodings, Cache-Control and
    Vary, so long as the page's generation is still the current one. A
    request with a session or messages cookie, and a page that sets a
    cookie, always go through the stack.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = whole_page_key(request)
        if key is not None:
            found = cache.get_many([GENERATION_KEY, key])
            state, kept = found.get(GENERATION_KEY), found.get(key)
            if kept is not None and current(state, kept["generation"]):
                response, made = respond(
                    request, kept, state["until"], hit=True, headers=kept["page"]
                )
                if made:
                    cache.set(key, kept, PAGE_TIMEOUT)
                return response
        response = self.get_response(request)
        if key is not None:
            keep_whole(request, response, key)
        return response


def current(state, generation):
    if state is None or state["id"] != generation:
        return False
    return state["until"] is None or timezone.now() < state["until"]


def keep_whole(request, response, key):
    cached = getattr(response, "cached_page", None)
    # A 304 carries only some of the page's headers: only a 200 is kept.
    if cached is None or response.status_code != 200:
        return
    generation, entry, reads = cached
    if response.has_header("Set-Cookie") or set(request.GET) - set(reads):
        # A cookie is someone's own; a parameter the page does not read would
        # fill the cache with copies of one page.
        return
    headers = {
        name: value
        for name, value in response.items()
        if name.lower() not in PER_ANSWER_HEADERS
    }
    cache.set(
        key,
        {**entry, "generation": generation, "page": headers},
        PAGE_TIMEOUT,
    )
