from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from newsroom.addresses import absolute_url
from newsroom.text import xml_safe
from pictures.renditions import rendition_near
from staff.models import Department

from .models import Article

FEED_SIZE = 30


def _xml_safe_values(values):
    return {
        key: [xml_safe(v) for v in value]
        if isinstance(value, list)
        else xml_safe(value)
        for key, value in values.items()
    }


class XmlSafeFeedMixin:
    """Drop what XML cannot carry from every string, so stored text never
    breaks a feed: Django refuses control characters with an error."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **_xml_safe_values(kwargs))

    def add_item(self, *args, **kwargs):
        super().add_item(*args, **_xml_safe_values(kwargs))


class MediaRssMixin:
    """Carry each story's lead photo as Media RSS ``media:content``."""

    MEDIA_NAMESPACE = "http://search.yahoo.com/mrss/"

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        image = item.get("image")
        if image:
            attributes = {
                "url": image["url"],
                "type": image["type"],
                "medium": "image",
                "width": str(image["width"]),
                "height": str(image["height"]),
            }
            handler.addQuickElement("media:content", "", attributes)


class SafeRssFeed(XmlSafeFeedMixin, MediaRssMixin, Rss201rev2Feed):
    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:media": self.MEDIA_NAMESPACE}


class SafeAtomFeed(XmlSafeFeedMixin, MediaRssMixin, Atom1Feed):
    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": self.MEDIA_NAMESPACE}


# The size of the photo feeds carry: large enough for a reader's card.
FEED_IMAGE_WIDTH = 1024


class LatestStoriesFeed(Feed):
    feed_type = SafeRssFeed
    description = _("The latest stories, newest first.")

    def title(self):
        return settings.NEWSROOM_SITE_NAME

    def link(self):
        return reverse("articles:front-page")

    def feed_url(self):
        return reverse("articles:feed-rss")

    def items(self):
        return Article.objects.published().for_listing().newest_first()[:FEED_SIZE]

    def item_title(self, item):
        return item.headline

    def item_description(self, item):
        # Feed readers read descriptions as HTML: the summary is plain text,
        # so its < and & must reach them escaped; the body is sanitized HTML.
        return escape(item.dek) if item.dek else item.body

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.byline_text()

    def item_categories(self, item):
        return [item.department.name] if item.department else []

    def item_extra_kwargs(self, item):
        photo = item.lead_photo()
        image = rendition_near(photo.image, FEED_IMAGE_WIDTH) if photo else None
        if image is None:
            return {}
        return {"image": {**image, "url": absolute_url(image["url"])}}


class LatestStoriesAtomFeed(LatestStoriesFeed):
    feed_type = SafeAtomFeed
    subtitle = LatestStoriesFeed.description

    def feed_url(self):
        return reverse("articles:feed-atom")


class DepartmentFeed(LatestStoriesFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Department, slug=slug)

    def title(self, obj):
        return f"{settings.NEWSROOM_SITE_NAME} · {obj.name}"

    def link(self, obj):
        return reverse("articles:department", args=[obj.slug])

    def feed_url(self, obj):
        return reverse("articles:department-feed", args=[obj.slug])

    def description(self, obj):
        return obj.description or obj.name

    def items(self, obj):
        return (
            Article.objects.published()
            .in_department(obj)
            .for_listing()
            .newest_first()[:FEED_SIZE]
        )
