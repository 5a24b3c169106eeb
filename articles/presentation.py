"""How the public pages write dates, times, share images and JSON-LD.

Plain functions: the Jinja2 environment (articles/templating.py) offers them
to the public templates, and the few Django templates left (sitemaps, the
admin's history) use some as filters (templatetags/article_tags.py).
"""

import functools
import json

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from markupsafe import Markup

from newsroom.addresses import absolute_url, remembered_reverse, remembered_static
from newsroom.render_scope import language as get_language
from newsroom.render_scope import template_localtime
from pictures.renditions import rendition_near

WEEKDAYS = "一二三四五六日"


def chinese_date(value):
    """Write a day as Chinese papers print it: 2026年12月1日 星期二."""
    if not value:
        return ""
    return f"{value.year}年{value.month}月{value.day}日 星期{WEEKDAYS[value.weekday()]}"


def chinese_day(value):
    """Write a day (or a time's local day) as 2026年12月1日."""
    if not value:
        return ""
    if hasattr(value, "hour"):
        value = template_localtime(value)
    return f"{value.year}年{value.month}月{value.day}日"


def iso_time(value):
    """Write a time as HTML and feeds want it: local, to the second, with offset."""
    if not value:
        return ""
    return template_localtime(value).isoformat(timespec="seconds")


@functools.lru_cache(maxsize=4096)
def _formatted_day(day, day_format, language):
    return escape(date_format(day, day_format))


@receiver(setting_changed)
def _forget_formatted_days(*, setting, **kwargs):
    # Tests that change a format or the formats' module see it at once.
    if "FORMAT" in setting or setting in {"LANGUAGE_CODE", "USE_THOUSAND_SEPARATOR"}:
        _formatted_day.cache_clear()


def time_element(value, day_format="DATE_FORMAT"):
    """Write a <time> element giving the day of ``value`` in local time."""
    # The same as <time datetime="{{ value|date:'c' }}">{{ value|date }}</time>
    # at a fraction of the cost: a list of stories spans a few days, so each
    # day is formatted once per language and format. ``day_format`` holds no
    # time of day.
    if not value:
        return ""
    local = template_localtime(value)
    day = _formatted_day(local.date(), day_format, get_language())
    # The ISO time is digits and signs, the day escaped once when formatted.
    return Markup(
        f'<time datetime="{local.isoformat(timespec="seconds")}">{day}</time>'
    )


# How wide a story's photo is in each layout, as in the sizes attribute.
PHOTO_SIZES = {
    "summary": "(min-width: 48rem) 12rem, 7.5rem",
    "lead": "(min-width: 64rem) 40rem, calc(100vw - 2rem)",
}

# The photo a shared story shows: large enough for a card.
SHARE_PHOTO_WIDTH = 1024
# The size of the default square share image (static/img/share.png).
DEFAULT_SHARE_IMAGE = ("img/share.png", 600, 600)

# Characters that could end the <script> element or start markup.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def site_share_image():
    """The site's square share image, as ``{"url", "width", "height"}``."""
    name = settings.NEWSROOM_SHARE_IMAGE
    url = (
        name
        if name.startswith(("http://", "https://", "/"))
        else remembered_static(name)
    )
    image = {"url": absolute_url(url)}
    if name == DEFAULT_SHARE_IMAGE[0]:
        image.update(width=DEFAULT_SHARE_IMAGE[1], height=DEFAULT_SHARE_IMAGE[2])
    return image


def site_logo_url():
    """The paper's logo for search engines: its logo, else the share image."""
    logo = settings.NEWSROOM_SITE_LOGO
    if not logo:
        return site_share_image()["url"]
    return absolute_url(
        logo if logo.startswith(("http", "/")) else remembered_static(logo)
    )


def share_images(article):
    """The pictures a shared story offers: its lead photo, then the square
    site image (WeChat and others crop the first square-ish one)."""
    images = []
    photo = article.lead_photo()
    if photo:
        image = rendition_near(photo.image, SHARE_PHOTO_WIDTH)
        if image:
            images.append({**image, "url": absolute_url(image["url"])})
    images.append(site_share_image())
    return images


def publisher():
    return {
        "@type": "Organization",
        "name": settings.NEWSROOM_SITE_NAME,
        "url": absolute_url("/"),
        "logo": {"@type": "ImageObject", "url": site_logo_url()},
    }


def jsonld_script(data):
    payload = json.dumps(data, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return format_html(
        '<script type="application/ld+json">{}</script>', mark_safe(payload)
    )


def news_article_jsonld(article, base_url, images=None):
    """Write the story's schema.org NewsArticle for search engines."""
    authors = {}
    for byline in article.bylines_in_order():
        reporter = byline.reporter
        person = {"@type": "Person", "name": reporter.name}
        if reporter.slug:
            person["url"] = absolute_url(
                remembered_reverse("articles:reporter", reporter.slug)
            )
        authors.setdefault(reporter.name, person)
    if images is None:
        images = share_images(article)
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline,
        "description": article.description(),
        "mainEntityOfPage": f"{base_url}{article.get_absolute_url()}",
        "dateModified": article.updated_at.isoformat(timespec="seconds"),
        "author": list(authors.values()),
        "publisher": publisher(),
        "image": [image["url"] for image in images],
        "inLanguage": "zh-Hans",
    }
    if article.published_at:
        data["datePublished"] = article.published_at.isoformat(timespec="seconds")
    if article.department_id:
        data["articleSection"] = article.department.name
    return jsonld_script(data)


def front_page_jsonld():
    """Write the site's WebSite (with its search) and Organization."""
    search = absolute_url(remembered_reverse("search:search"))
    return jsonld_script(
        [
            {
                "@context": "https://schema.org",
                "@type": "WebSite",
                "name": settings.NEWSROOM_SITE_NAME,
                "url": absolute_url("/"),
                "inLanguage": "zh-Hans",
                "potentialAction": {
                    "@type": "SearchAction",
                    "target": {
                        "@type": "EntryPoint",
                        "urlTemplate": f"{search}?q={{search_term_string}}",
                    },
                    "query-input": "required name=search_term_string",
                },
            },
            {"@context": "https://schema.org", **publisher()},
        ]
    )
