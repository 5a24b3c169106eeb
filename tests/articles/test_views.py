import json
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article, Byline, Photo, TaggedArticle
from tests.factories import (
    make_article,
    make_department,
    make_photo,
    make_published_article,
    make_reporter,
    make_user,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("one_stage")]

# An article page: the desks, the story (its bylines, photos, tags and
# corrections in its row), related stories and the right-hand column's two
# lists, and the page cache's generation, whatever the archive.
ARTICLE_PAGE_QUERIES = 5


def bulk_archive(count, desks=3):
    """Create ``count`` published stories with bylines, photos and tags, fast."""
    departments = [make_department() for _ in range(desks)]
    reporters = [make_reporter() for _ in range(5)]
    photo = make_photo(make_published_article(department=departments[0]))
    tags = [Tag.objects.create(name=f"标签{n}", slug=f"tag-{n}") for n in range(4)]
    now = timezone.now()
    articles = Article.objects.bulk_create(
        Article(
            headline=f"第{n}条新闻",
            slug=f"story-{n}",
            body="<p>正文。</p>",
            department=departments[n % desks],
            status=Article.Status.PUBLISHED,
            published_at=now - timedelta(minutes=n + 1),
            first_published_at=now - timedelta(minutes=n + 1),
        )
        for n in range(count)
    )
    Byline.objects.bulk_create(
        Byline(article=a, reporter=reporters[n % 5], role=role, order=order)
        for n, a in enumerate(articles)
        for order, role in enumerate(["text", "photo"])
    )
    Photo.objects.bulk_create(
        Photo(
            article=a,
            image=photo.image.name,
            renditions=photo.renditions,
            width=photo.width,
            height=photo.height,
            alt_text="图",
        )
        for a in articles[::3]
    )
    TaggedArticle.objects.bulk_create(
        TaggedArticle(content_object=a, tag=tags[n % 4]) for n, a in enumerate(articles)
    )
    # Bulk writes send no post_save: bulk writers write the stories' copy.
    Article.objects.filter(pk__in=[a.pk for a in articles]).refresh_parts()
    return departments, reporters, tags, articles


class TestFrontPage:
    def test_lead_latest_and_desk_blocks_show_only_published_stories(self, client):
        now = timezone.now()
        politics = make_department(name="时政", slug="politics")
        economy = make_department(name="经济", slug="economy")
        lead = make_published_article(
            headline="头条新闻",
            department=politics,
            published_at=now - timedelta(minutes=1),
        )
        make_photo(lead, alt_text="头条图片")
        for n in range(15):
            make_published_article(
                headline=f"经济新闻{n}",
                department=economy,
                published_at=now - timedelta(hours=n + 1),
            )
        make_article(headline="草稿不该出现")
        make_published_article(
            headline="定时稿不该出现", published_at=now + timedelta(hours=1)
        )

        response = client.get("/")

        assert response.status_code == 200
        assert response.context["lead"] == lead
        assert len(response.context["latest"]) == 12
        blocks = dict(response.context["department_blocks"])
        assert [a.headline for a in blocks[economy]] == [
            "经济新闻0",
            "经济新闻1",
            "经济新闻2",
            "经济新闻3",
        ]
        assert [a.headline for a in blocks[politics]] == ["头条新闻"]
        text = response.text
        assert "草稿不该出现" not in text
        assert "定时稿不该出现" not in text
        assert 'lang="zh-Hans"' in text
        assert reverse("articles:latest") in text

    def test_empty_site_says_so_in_chinese(self, client):
        assert "暂无已发布的新闻。" in client.get("/").text

    def test_english_is_served_to_browsers_that_ask_for_it(self, client):
        response = client.get("/", headers={"accept-language": "en"})
        assert 'lang="en"' in response.text
        assert "No stories have been published yet." in response.text

    @pytest.mark.parametrize("count", [10, 1000])
    def test_fixed_number_of_queries(
        self, client, django_assert_max_num_queries, count
    ):
        bulk_archive(count)
        # The desks, the latest stories, the desk blocks, the cache generation.
        with django_assert_max_num_queries(4):
            response = client.get("/")
        assert response.status_code == 200
        assert len(response.context["department_blocks"]) == 3


class TestListPages:
    @pytest.fixture
    def archive(self):
        return bulk_archive(45)

    def test_latest_pages_walk_the_archive_by_cursor(self, client, archive):
        seen = []
        url, params = reverse("articles:latest"), {}
        while True:
            response = client.get(url, params)
            assert response.status_code == 200
            seen += [a.pk for a in response.context["object_list"]]
            older = response.context["page"].older
            if not older:
                break
            params = {"before": older}
        published = list(
            Article.objects.published().newest_first().values_list("pk", flat=True)
        )
        assert seen == published

        # And back again, newer from the last page.
        newer = client.get(url, {"after": response.context["page"].newer})
        assert newer.status_code == 200
        assert len(newer.context["object_list"]) == 20

    @pytest.mark.skipif(
        connection.vendor != "sqlite", reason="SQLite's choice of index range"
    )
    def test_an_older_page_walks_the_index_from_its_cursor(self, client, archive):
        """The cursor's bound comes first in the list's query: SQLite walks the
        index from the first bound on published_at, and from now it would
        step through every newer story before reaching the page."""
        first = client.get(reverse("articles:latest"))
        with CaptureQueriesContext(connection) as queries:
            client.get(
                reverse("articles:latest"), {"before": first.context["page"].older}
            )
        (listing,) = [q["sql"] for q in queries if "LIMIT 21" in q["sql"]]
        bounds = re.findall(r'"published_at" <= \(?\'([^\']+)\'', listing)
        assert len(bounds) == 2
        assert bounds[0] < bounds[1]

    @pytest.mark.parametrize(
        "cursor", ["x", "1_2_3", "nan_1", "99999999999999_1", "1.5_a"]
    )
    def test_bad_cursor_is_a_clear_400(self, client, cursor):
        response = client.get(reverse("articles:latest"), {"before": cursor})
        assert response.status_code == 400
        assert "不是有效" in response.text or "not valid" in response.text

    def test_department_page(self, client, archive):
        departments, _reporters, _tags, _articles = archive
        desk = departments[1]
        response = client.get(reverse("articles:department", args=[desk.slug]))
        assert response.status_code == 200
        assert {a.department_id for a in response.context["object_list"]} == {desk.pk}
        assert reverse("articles:department-feed", args=[desk.slug]) in response.text

    def test_reporter_page_lists_their_stories(self, client, archive):
        _departments, reporters, _tags, _articles = archive
        reporter = reporters[2]
        response = client.get(reverse("articles:reporter", args=[reporter.slug]))
        assert response.status_code == 200
        for article in response.context["object_list"]:
            assert article.bylines.filter(reporter=reporter).exists()
        assert reporter.name in response.text

    def test_tag_page(self, client, archive):
        _departments, _reporters, tags, _articles = archive
        response = client.get(reverse("articles:tag", args=[tags[0].slug]))
        assert response.status_code == 200
        for article in response.context["object_list"]:
            assert tags[0] in article.tags.all()

    def test_chinese_tag_slug(self, client):
        article = make_published_article()
        article.tags.add("营商环境")
        tag = Tag.objects.get(name="营商环境")
        response = client.get(reverse("articles:tag", args=[tag.slug]))
        assert article.headline in response.text

    def test_day_archive_is_a_days_edition(self, client):
        day = timezone.localtime().replace(hour=12, minute=0) - timedelta(days=3)
        today = make_published_article(
            headline="当天新闻", published_at=day, print_page=2
        )
        make_published_article(
            headline="次日新闻", published_at=day + timedelta(days=1)
        )
        url = reverse("articles:day-archive", args=[day.year, day.month, day.day])
        response = client.get(url)
        assert list(response.context["object_list"]) == [today]
        assert f"{day.year}年{day.month}月{day.day}日" in response.text

    @pytest.mark.parametrize(
        "url", ["/2023/2/30/", "/department/nowhere/", "/reporter/nobody/", "/tag/无/"]
    )
    def test_unknown_pages_are_404(self, client, url):
        assert client.get(url).status_code == 404

    @pytest.mark.parametrize(
        "name", ["front-page", "latest", "department", "reporter", "tag"]
    )
    def test_lists_leave_story_bodies_in_the_database(self, client, name):
        departments, reporters, tags, _articles = bulk_archive(30)
        args = {
            "department": [departments[0].slug],
            "reporter": [reporters[0].slug],
            "tag": [tags[0].slug],
        }.get(name, [])
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse(f"articles:{name}", args=args))
        assert response.status_code == 200
        assert "第1条新闻" in response.text or "第0条新闻" in response.text
        assert not [q for q in queries if '"articles_article"."body"' in q["sql"]]

    @pytest.mark.parametrize("name", ["latest", "department", "reporter", "tag"])
    def test_deep_pages_run_a_fixed_number_of_queries(
        self, client, django_assert_max_num_queries, name
    ):
        departments, reporters, tags, articles = bulk_archive(300)
        args = {
            "latest": [],
            "department": [departments[0].slug],
            "reporter": [reporters[0].slug],
            "tag": [tags[0].slug],
        }[name]
        deep = Article.objects.published().newest_first()[250]
        cursor = f"{deep.published_at.timestamp():.6f}_{deep.pk}"
        with django_assert_max_num_queries(4):
            response = client.get(
                reverse(f"articles:{name}", args=args), {"before": cursor}
            )
        assert response.status_code == 200


class TestArticlePage:
    def test_shows_the_story_with_links_and_metadata(self, client):
        reporter = make_reporter(name="罗晓", slug="luo-xiao")
        desk = make_department(name="时政", slug="politics")
        article = make_published_article(
            headline="经开区召开安全生产会",
            dek="部署冬季安全生产工作。",
            body="<p>本报讯 11月20日，会议召开。</p>",
            department=desk,
            bylines=[(reporter, "text"), (reporter, "photo")],
        )
        make_photo(article, caption="会议现场", alt_text="会场全景")
        article.tags.add("安全生产")
        sibling = make_published_article(headline="同部门的旧闻", department=desk)

        response = client.get(article.get_absolute_url())

        assert response.status_code == 200
        text = response.text
        for expected in (
            "经开区召开安全生产会",
            "部署冬季安全生产工作。",
            "本报讯 11月20日",
            "记者 罗晓 文/图",
            "会议现场",
            'alt="会场全景"',
            "安全生产",
            'rel="canonical"',
            'property="og:title"',
            sibling.headline,
        ):
            assert expected in text
        assert reverse("articles:reporter", args=["luo-xiao"]) in text
        payload = re.search(
            r'<script type="application/ld\+json">(.*?)</script>', text, re.S
        ).group(1)
        data = json.loads(payload)
        assert data["@type"] == "NewsArticle"
        assert data["headline"] == "经开区召开安全生产会"
        assert data["author"] == [
            {
                "@type": "Person",
                "name": "罗晓",
                "url": "http://127.0.0.1:8000"
                + reverse("articles:reporter", args=["luo-xiao"]),
            }
        ]
        assert {"datePublished", "dateModified", "image", "publisher"} <= set(data)
        assert data["publisher"]["url"] == "http://127.0.0.1:8000/"
        assert data["publisher"]["logo"]["url"].endswith(".png")

    def test_headline_cannot_break_out_of_json_ld(self, client):
        article = make_published_article(headline="</script><script>alert(1)</script>")
        text = client.get(article.get_absolute_url()).text
        assert "<script>alert(1)" not in text

    @pytest.mark.parametrize(
        "state",
        [
            {"status": Article.Status.DRAFT},
            {"status": Article.Status.SUBMITTED},
            {
                "status": Article.Status.PUBLISHED,
                "published_at": timezone.now() + timedelta(days=1),
            },
        ],
        ids=["draft", "submitted", "scheduled"],
    )
    def test_anything_not_published_is_404(self, client, state):
        article = make_article(**state)
        response = client.get(article.get_absolute_url())
        assert response.status_code == 404
        assert article.headline not in response.text

    def test_unpublished_story_is_410_gone(self, client):
        article = make_article(
            status=Article.Status.UNPUBLISHED, published_at=timezone.now()
        )
        response = client.get(article.get_absolute_url())
        assert response.status_code == 410
        assert article.headline not in response.text

    def test_wrong_date_redirects_permanently(self, client):
        article = make_published_article()
        wrong = reverse(
            "articles:article-detail",
            kwargs={"year": 2001, "month": 1, "day": 1, "slug": article.slug},
        )
        response = client.get(wrong)
        assert response.status_code == 301
        assert response["Location"] == article.get_absolute_url()

    def test_old_slug_redirects_after_an_editor_renames_it(self, client):
        article = make_published_article(slug="old-name")
        old_url = article.get_absolute_url()
        article.slug = "new-name"
        article.save()
        article.remember_old_slug("old-name")

        response = client.get(old_url)

        assert response.status_code == 301
        assert response["Location"] == article.get_absolute_url()
        assert "new-name" in response["Location"]

    def test_url_date_is_the_local_publication_date(self):
        when = datetime(2026, 11, 20, 17, 30, tzinfo=UTC)
        article = make_published_article(slug="late-night", published_at=when)
        assert article.get_absolute_url() == "/2026/11/21/late-night/"

    def test_answers_conditional_gets(self, client):
        article = make_published_article()
        first = client.get(article.get_absolute_url())
        etag = first["ETag"]

        again = client.get(article.get_absolute_url(), headers={"if-none-match": etag})

        assert again.status_code == 304

    @pytest.mark.parametrize("count", [10, 1000])
    def test_fixed_number_of_queries(
        self, client, django_assert_max_num_queries, count
    ):
        _departments, _reporters, _tags, articles = bulk_archive(count)
        article = articles[0]
        with django_assert_max_num_queries(ARTICLE_PAGE_QUERIES):
            response = client.get(article.get_absolute_url())
        assert response.status_code == 200

    def test_photo_credits_cost_no_query_each(
        self, client, django_assert_max_num_queries
    ):
        article = make_published_article()
        for order in range(3):
            make_photo(
                article, order=order, credit_reporter=make_reporter(name=f"摄影{order}")
            )
        with django_assert_max_num_queries(ARTICLE_PAGE_QUERIES):
            response = client.get(article.get_absolute_url())
        assert response.text.count(" 摄）") == 3

    def test_date_is_written_the_chinese_way(self, client):
        when = datetime(2023, 3, 16, 2, 0, tzinfo=UTC)
        article = make_published_article(published_at=when)
        assert "2023年3月16日" in client.get(article.get_absolute_url()).text


class TestFeedsAndSitemaps:
    def test_rss_and_atom_list_published_stories_only(self, client):
        story = make_published_article(headline="可订阅的新闻")
        make_article(headline="草稿")
        make_published_article(
            headline="定时", published_at=timezone.now() + timedelta(hours=1)
        )

        rss = client.get(reverse("articles:feed-rss"))
        atom = client.get(reverse("articles:feed-atom"))

        assert rss["Content-Type"].startswith("application/rss+xml")
        assert atom["Content-Type"].startswith("application/atom+xml")
        for feed in (rss.text, atom.text):
            assert story.headline in feed
            assert "草稿" not in feed
            assert "定时" not in feed

    def test_feeds_are_discoverable(self, client):
        text = client.get("/").text
        assert 'rel="alternate" type="application/rss+xml"' in text
        assert 'rel="alternate" type="application/atom+xml"' in text

    def test_department_feed(self, client):
        desk = make_department(slug="economy")
        mine = make_published_article(headline="经济新闻", department=desk)
        make_published_article(headline="别的部门", department=make_department())
        text = client.get(reverse("articles:department-feed", args=["economy"])).text
        assert mine.headline in text
        assert "别的部门" not in text
        assert client.get("/department/nope/feed.rss").status_code == 404

    def test_sitemap_index_and_sections(self, client):
        story = make_published_article()
        draft = make_article()
        index = client.get("/sitemap.xml")
        assert index.status_code == 200
        assert "sitemap-articles.xml" in index.text
        section = client.get("/sitemap-articles.xml")
        assert story.get_absolute_url() in section.text
        assert draft.slug not in section.text
        story.refresh_from_db()
        assert f"<lastmod>{story.updated_at.isoformat()}</lastmod>" in section.text
        ET.fromstring(section.content)

    def test_sitemap_index_builds_no_story_per_story(self, client):
        bulk_archive(400)
        built = []

        def count(sender, instance, **kwargs):
            built.append(instance)

        post_init.connect(count, sender=Article)
        try:
            index = client.get("/sitemap.xml")
        finally:
            post_init.disconnect(count, sender=Article)
        assert index.status_code == 200
        # The last hundred edits at most, to find the newest public one.
        assert len(built) <= 100

    def test_sitemap_index_dates_the_newest_edit_of_a_public_story(self, client):
        old = make_published_article(published_at=timezone.now() - timedelta(days=9))
        make_published_article(published_at=timezone.now() - timedelta(days=1))
        edited = datetime(2031, 5, 6, 7, 8, tzinfo=UTC)
        Article.objects.filter(pk=old.pk).update(updated_at=edited)
        draft = make_article()
        Article.objects.filter(pk=draft.pk).update(
            updated_at=datetime(2032, 1, 1, tzinfo=UTC)
        )
        index = client.get("/sitemap.xml").text
        lastmod = timezone.localtime(edited).isoformat()
        assert f"<lastmod>{lastmod}</lastmod>" in index
        assert "2032" not in index

    def test_news_sitemap_holds_the_last_two_days(self, client):
        fresh = make_published_article(headline="新鲜事")
        stale = make_published_article(
            headline="旧闻", published_at=timezone.now() - timedelta(days=3)
        )
        text = client.get("/news-sitemap.xml").text
        assert "<news:title>新鲜事</news:title>" in text
        assert stale.slug not in text
        assert fresh.get_absolute_url() in text

    def test_robots_txt(self, client):
        text = client.get("/robots.txt").text
        assert "Disallow: /admin/" in text
        assert "Sitemap: http://testserver/sitemap.xml" in text


def test_staff_preview_still_works_for_drafts(client):
    client.force_login(make_user(groups=["editors"]))
    article = make_article(headline="草稿预览")
    response = client.get(reverse("admin:articles_article_preview", args=[article.pk]))
    assert "草稿预览" in response.text
