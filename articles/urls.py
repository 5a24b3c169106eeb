from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from . import feeds, sitemaps, views
from .page_cache import cached_public_page as cached

app_name = "articles"

# What lists read from the address: their keyset cursors.
LIST_PARAMETERS = ["before", "after"]

urlpatterns = [
    path("", cached(views.FrontPageView.as_view()), name="front-page"),
    path(
        "latest/",
        cached(views.LatestView.as_view(), reads=LIST_PARAMETERS),
        name="latest",
    ),
    path(
        "<int:year>/<int:month>/<int:day>/",
        cached(views.DayArchiveView.as_view(), reads=["page"]),
        name="day-archive",
    ),
    path(
        "<int:year>/<int:month>/<int:day>/<slug:slug>/",
        cached(views.ArticleDetailView.as_view()),
        name="article-detail",
    ),
    path("edition/", views.LatestEditionView.as_view(), name="latest-edition"),
    path(
        "edition/<str:day>/",
        cached(views.EditionView.as_view()),
        name="edition",
    ),
    path(
        "department/<slug:slug>/",
        cached(views.DepartmentView.as_view(), reads=LIST_PARAMETERS),
        name="department",
    ),
    path(
        "department/<slug:slug>/feed.rss",
        cached(feeds.DepartmentFeed()),
        name="department-feed",
    ),
    path(
        "reporter/<slug:slug>/",
        cached(views.ReporterView.as_view(), reads=LIST_PARAMETERS),
        name="reporter",
    ),
    path(
        "tag/<str:slug>/",
        cached(views.TagView.as_view(), reads=LIST_PARAMETERS),
        name="tag",
    ),
    path("feed.rss", cached(feeds.LatestStoriesFeed()), name="feed-rss"),
    path("feed.atom", cached(feeds.LatestStoriesAtomFeed()), name="feed-atom"),
    path("preview/<str:token>/", views.preview, name="preview"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path(
        "sitemap.xml",
        cached(sitemap_views.index),
        {
            "sitemaps": sitemaps.SITEMAPS,
            "sitemap_url_name": "articles:sitemap-section",
            # Lists the Google News sitemap too, which has a template of its own.
            "template_name": "articles/sitemap_index.xml",
        },
        name="sitemap",
    ),
    path(
        "sitemap-<str:section>.xml",
        cached(sitemap_views.sitemap, reads=["p"]),
        # Django's own template formats each date through the |date filter
        # and squeezes out whitespace afterwards: 70 ms a page of 1,000.
        {"sitemaps": sitemaps.SITEMAPS, "template_name": "articles/sitemap.xml"},
        name="sitemap-section",
    ),
    path(
        "news-sitemap.xml",
        cached(sitemap_views.sitemap),
        {
            "sitemaps": {"news": sitemaps.NewsSitemap},
            "template_name": "articles/news_sitemap.xml",
        },
        name="news-sitemap",
    ),
]
