import json

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# Characters that could end the <script> element or start markup.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def news_article_jsonld(article, base_url):
    """Write the story's schema.org NewsArticle for search engines."""
    photos = [f"{base_url}{photo.image.url}" for photo in article.photos.all()]
    authors = [
        {"@type": "Person", "name": byline.reporter.name}
        for byline in article.bylines.all()
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
