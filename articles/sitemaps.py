from datetime import timedelta

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, Max, OuterRef
from django.urls import reverse
from django.utils import timezone

from staff.models import Department, Reporter

from .models import Article, Byline


class ArticleSitemap(Sitemap):
    changefreq = "never"
    limit = 1000

    def items(self):
        return (
            Article.objects.published()
            .order_by("-published_at", "-pk")
            .only("slug", "published_at", "created_at", "updated_at")
        )

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # Django's default calls lastmod() on every item: the sitemap index
        # would read the whole archive.
        return Article.objects.last_public_edit()


class EditionSitemap(Sitemap):
    """The print editions online (数字报), one page per day with stories."""

    changefreq = "never"
    limit = 1000

    def items(self):
        return (
            Article.objects.published()
            .filter(print_edition__isnull=False)
            .values("print_edition")
            .annotate(lastmod=Max("updated_at"))
            .order_by("-print_edition")
        )

    def location(self, item):
        return reverse("articles:edition", args=[item["print_edition"].isoformat()])

    def lastmod(self, item):
        return item["lastmod"]

    def get_latest_lastmod(self):
        # The newest edit of any story that is in print, without grouping
        # the whole archive by day.
        return Article.objects.filter(print_edition__isnull=False).last_public_edit()


class DepartmentSitemap(Sitemap):
    changefreq = "hourly"

    def items(self):
        return Department.objects.all()


class ReporterSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        # A reporter with nothing published has an empty page: leave it out.
        published = Byline.objects.filter(
            reporter=OuterRef("pk"),
            article__in=Article.objects.published().values("pk"),
        )
        return Reporter.objects.active().filter(Exists(published)).only("slug")

    def location(self, item):
        return reverse("articles:reporter", args=[item.slug])


class DayArchiveSitemap(Sitemap):
    """Every day with published stories: the archive by date."""

    changefreq = "daily"
    limit = 1000

    def items(self):
        return Article.objects.published().dates("published_at", "day", order="DESC")

    def location(self, item):
        return reverse("articles:day-archive", args=[item.year, item.month, item.day])


class FrontPageSitemap(Sitemap):
    changefreq = "always"
    priority = 1.0

    def items(self):
        return ["articles:front-page"]

    def location(self, item):
        return reverse(item)


class NewsSitemap(ArticleSitemap):
    """Stories of the last two days, for search engines' news indexes."""

    limit = 1000

    def items(self):
        since = timezone.now() - timedelta(days=2)
        return super().items().filter(published_at__gte=since)


SITEMAPS = {
    "front": FrontPageSitemap,
    "articles": ArticleSitemap,
    "editions": EditionSitemap,
    "departments": DepartmentSitemap,
    "reporters": ReporterSitemap,
    "days": DayArchiveSitemap,
}
