from django.contrib.sitemaps import views as sitemap_views
from django.urls import path

from . import feeds, sitemaps, views

app_name = "articles"

urlpatterns = [
    path("", views.FrontPageView.as_view(), name="front-page"),
    path("latest/", views.LatestView.as_view(), name="latest"),
    path(
        "<int:year>/<int:month>/<int:day>/",
        views.DayArchiveView.as_view(),
        name="day-archive",
    ),
    path(
        "<int:year>/<int:month>/<int:day>/<slug:slug>/",
        views.ArticleDetailView.as_view(),
        name="article-detail",
    ),
    path("department/<slug:slug>/", views.DepartmentView.as_view(), name="department"),
    path(
        "department/<slug:slug>/feed.rss",
        feeds.DepartmentFeed(),
        name="department-feed",
    ),
    path("reporter/<slug:slug>/", views.ReporterView.as_view(), name="reporter"),
    path("tag/<str:slug>/", views.TagView.as_view(), name="tag"),
    path("feed.rss", feeds.LatestStoriesFeed(), name="feed-rss"),
    path("feed.atom", feeds.LatestStoriesAtomFeed(), name="feed-atom"),
    path("preview/<str:token>/", views.preview, name="preview"),
    path("robots.txt", views.robots_txt, name="robots-txt"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": sitemaps.SITEMAPS, "sitemap_url_name": "articles:sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<str:section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps.SITEMAPS},
        name="sitemap-section",
    ),
    path(
        "news-sitemap.xml",
        sitemap_views.sitemap,
        {
            "sitemaps": {"news": sitemaps.NewsSitemap},
            "template_name": "articles/news_sitemap.xml",
        },
        name="news-sitemap",
    ),
]
