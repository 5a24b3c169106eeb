from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from staff.models import Department

from .models import Article

FEED_SIZE = 30


class LatestStoriesFeed(Feed):
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
        return item.dek or item.body

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.byline_text()

    def item_categories(self, item):
        return [item.department.name] if item.department else []


class LatestStoriesAtomFeed(LatestStoriesFeed):
    feed_type = Atom1Feed
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
