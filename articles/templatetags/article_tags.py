import json

from django import template
from django.conf import settings
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime

from newsroom.text import xml_safe as _xml_safe

register = template.Library()


@register.filter
def iso_time(value):
    """Write a time as HTML and feeds want it: local, to the second, with offset."""
    if not value:
        return ""
    return template_localtime(value).isoformat(timespec="seconds")


@register.filter
def xml_safe(value):
    """Drop the characters XML cannot carry (sitemaps of stored text)."""
    return _xml_safe(value)


# Characters that could end the <script> element or start markup.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

# The render context's key for the days a page has already formatted.
_FORMATTED_DAYS = object()


@register.simple_tag(takes_context=True)
def time_element(context, value, day_format="DATE_FORMAT"):
    """Write a <time> element giving the day of ``value`` in local time."""
    # The same as <time datetime="{{ value|date:'c' }}">{{ value|date }}</time>
    # at a fraction of the cost: a list of stories spans a few days, so each
    # day is formatted once per page. ``day_format`` holds no time of day.
    if not value:
        return ""
    local = template_localtime(value, use_tz=context.use_tz)
    days = context.render_context.dicts[0].setdefault(_FORMATTED_DAYS, {})
    key = (local.date(), day_format)
    if key not in days:
        days[key] = date_format(key[0], day_format)
    return format_html(
        '<time datetime="{}">{}</time>', local.isoformat(timespec="seconds"), days[key]
    )


# How wide a story's photo is in each layout, as in the sizes attribute.
PHOTO_SIZES = {
    "summary": "(min-width: 48rem) 12rem, calc(100vw - 2rem)",
    "lead": "(min-width: 64rem) 40rem, calc(100vw - 2rem)",
}


@register.inclusion_tag("includes/story_summary.html", takes_context=True)
def story_summary(
    context,
    article,
    heading_level=2,
    variant="summary",
    headline=None,
    dek=None,
    dek_class="",
):
    """Write a story in a list: photo, headline, dek, desk, day and byline.

    ``variant="lead"`` is the front page's lead story, its photo large and
    loaded at once; search results pass their marked-up ``headline`` and a
    snippet as ``dek``.
    """
    return {
        "article": article,
        "block": variant,
        "photo": article.lead_photo(),
        "photo_sizes": PHOTO_SIZES[variant],
        "is_lead": variant == "lead",
        "url": article.get_absolute_url(),
        "heading_level": heading_level,
        "headline": article.headline if headline is None else headline,
        "dek": article.dek if dek is None else dek,
        "dek_class": dek_class,
    }


@register.simple_tag
def news_article_jsonld(article, base_url):
    """Write the story's schema.org NewsArticle for search engines."""
    photos = [f"{base_url}{photo.image.url}" for photo in article.photos_in_order()]
    authors = [
        {"@type": "Person", "name": byline.reporter.name}
        for byline in article.bylines_in_order()
    ]
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        "description": article.dek or article.headline,
        "mainEntityOfPage": f"{base_url}{article.get_absolute_url()}",
        "dateModified": article.updated_at.isoformat(),
        "author": list({a["name"]: a for a in authors}.values()),
        "publisher": {"@type": "Organization", "name": settings.NEWSROOM_SITE_NAME},
        "inLanguage": "zh-Hans",
    }
    if article.published_at:
        data["datePublished"] = article.published_at.isoformat()
    if photos:
        data["image"] = photos
    payload = json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(payload),
    )
