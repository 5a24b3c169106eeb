"""Surrogate keys: which stories and listings a public page shows.

A page carries one key per story it shows (``story-42``), one for the
listing it is (``front``, ``latest``, ``desk-3``, ``reporter-7``, ``tag-5``,
``edition-2024-05-01``, ``day-2024-05-01``, ``feeds``, ``sitemaps``) and
``desks``, as every page lists the desks in its masthead. A change purges
the keys of every page it can be on: a story's own key, which every page
showing it carries, and the listings it belongs in, where it may appear
for the first time. See frontcache/ for how the keys are sent.
"""

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from staff.models import Department, Reporter

from .models import Article, ArticleRedirect, Byline, PrintPage

# A story in one of these states is, or was, on public pages.
ON_PUBLIC_PAGES = (Article.Status.PUBLISHED, Article.Status.UNPUBLISHED)
# Keys of every list that a story change may add it to or drop it from.
ALWAYS = ("front", "latest", "feeds", "sitemaps")
# The url names of listings keyed by name alone.
NAMED_LISTINGS = {
    "front-page": "front",
    "latest": "latest",
    "feed-rss": "feeds",
    "feed-atom": "feeds",
    "department-feed": "feeds",
    "sitemap": "sitemaps",
    "sitemap-section": "sitemaps",
    "news-sitemap": "sitemaps",
}
# Context entries that are the listing a page is.
LISTING_OBJECTS = {"department": "desk", "reporter": "reporter", "tag": "tag"}
# Context entries never walked for stories: they show none.
SKIPPED = frozenset({"view", "departments", "request"})
DEPTH = 4


def story_key(pk):
    return f"story-{pk}"


def day_key(prefix, day):
    return f"{prefix}-{day.isoformat()}"


# -- The keys a page carries ------------------------------------------------


def page_keys(request, response):
    """Return the keys of a rendered public page."""
    keys = {"desks"}
    match = request.resolver_match
    if match is not None:
        named = NAMED_LISTINGS.get(match.url_name)
        if named:
            keys.add(named)
        if match.url_name == "day-archive":
            day = match.kwargs
            keys.add(f"day-{day['year']:04}-{day['month']:02}-{day['day']:02}")
        elif match.url_name == "edition":
            keys.add(f"edition-{match.kwargs['day']}")
    context = getattr(response, "context_data", None) or {}
    for name, value in context.items():
        prefix = LISTING_OBJECTS.get(name)
        if prefix and getattr(value, "pk", None) is not None:
            keys.add(f"{prefix}-{value.pk}")
        elif name not in SKIPPED:
            _collect_stories(value, keys, DEPTH)
    return keys


def _collect_stories(value, keys, depth):
    """Add the key of every story in ``value``, walking what is already loaded."""
    if depth == 0 or value is None or isinstance(value, str | bytes | int):
        return
    if isinstance(value, Article):
        keys.add(story_key(value.pk))
        return
    if isinstance(value, QuerySet):
        # Never run a query for this: only what the page evaluated counts.
        value = value._result_cache or ()
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list | tuple | set | frozenset):
        for item in value:
            _collect_stories(item, keys, depth - 1)
    elif hasattr(value, "__dict__") and not hasattr(value, "_meta"):
        # A plain object holding stories (a page of a keyset list, a print page).
        for item in vars(value).values():
            _collect_stories(item, keys, depth - 1)


# -- The keys a change purges -----------------------------------------------


def story_changes(article):
    """Return ``(keys, urls)`` of every page a change to ``article`` touches."""
    keys = {story_key(article.pk), *ALWAYS}
    if article.department_id:
        keys.add(f"desk-{article.department_id}")
    if article.print_edition:
        keys.add(day_key("edition", article.print_edition))
    if article.published_at:
        keys.add(day_key("day", timezone.localdate(article.published_at)))
    keys.update(
        f"reporter-{pk}"
        for pk in Byline.objects.filter(article=article)
        .exclude(reporter=None)
        .values_list("reporter_id", flat=True)
    )
    keys.update(f"tag-{pk}" for pk in article.tags.values_list("pk", flat=True))
    # By address too: a page that said 404 or 410 has no story key.
    urls = {article.get_absolute_url()} if article.published_at else set()
    return keys, urls


def stories_changes(articles):
    keys = set(ALWAYS)
    urls = set()
    for article in articles:
        keys.add(story_key(article.pk))
        if article.published_at:
            urls.add(article.get_absolute_url())
    return keys, urls


def changes_for(instance):
    """Return ``(keys, urls)`` a saved or deleted row purges."""
    if isinstance(instance, Article):
        return story_changes(instance)
    if isinstance(instance, Department):
        return {"desks", f"desk-{instance.pk}", "feeds", "sitemaps"}, {
            reverse("articles:department", args=[instance.slug])
        }
    if isinstance(instance, Reporter):
        keys, urls = stories_changes(_public(bylines__reporter=instance))
        return keys | {f"reporter-{instance.pk}"}, urls
    if isinstance(instance, Tag):
        keys, urls = stories_changes(_public(tags=instance))
        return keys | {f"tag-{instance.pk}"}, urls
    if isinstance(instance, PrintPage):
        return {day_key("edition", instance.edition)}, set()
    article_id = getattr(instance, "article_id", None) or getattr(
        instance, "content_object_id", None
    )
    article = Article.objects.filter(pk=article_id).first() if article_id else None
    keys, urls = story_changes(article) if article else (set(ALWAYS), set())
    if isinstance(instance, Byline) and instance.reporter_id:
        keys.add(f"reporter-{instance.reporter_id}")
    tag_id = getattr(instance, "tag_id", None)
    if tag_id:
        keys.add(f"tag-{tag_id}")
    if isinstance(instance, ArticleRedirect) and article and article.published_at:
        day = timezone.localdate(article.published_at)
        urls.add(
            reverse(
                "articles:article-detail",
                args=[day.year, day.month, day.day, instance.old_slug],
            )
        )
    return keys, urls


def _public(**lookups):
    return (
        Article.objects.filter(status__in=ON_PUBLIC_PAGES, **lookups)
        .distinct()
        .only("pk", "slug", "published_at", "created_at")
    )
