"""The print edition online (数字报): a day's pages and stories, and 见报 links."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.importing.parser import parse_page
from articles.importing.service import PUBLISHED, import_page
from articles.models import Article, PrintPage
from tests.articles.import_samples import sample_text
from tests.factories import (
    make_article,
    make_placement,
    make_print_page,
    make_published_article,
)

pytestmark = pytest.mark.django_db

DAY = date(2025, 10, 3)
URL = reverse("articles:edition", args=["2025-10-03"])


def import_printed(*names, mode=PUBLISHED):
    for name in names:
        import_page(parse_page(sample_text(name)), name=name, mode=mode)


def story_list(html, anchor):
    """The headlines of one page's section of the edition page, in order."""
    section = html.split(f'id="{anchor}"', 1)[1].split("</section>", 1)[0]
    return [
        part.split(">", 1)[1].split("</a>", 1)[0]
        for part in section.split('<a href="')[1:]
    ]


class TestEditionPage:
    def test_lists_the_pages_in_order_and_each_page_in_print_order(self, client):
        import_printed("continuation.txt", "daily_front.txt")

        response = client.get(URL)

        assert response.status_code == 200
        html = response.text
        assert html.index("第1版 要闻") < html.index("第3版 要闻")
        assert story_list(html, "page-1") == [
            "东湖区万人健步走活动举行",
            "市政府召开第三季度经济运行分析会",
            "全国铁路国庆假期运输平稳有序",
            "秋收时节稻谷香",
            "我市新增5条城市公交线路",
        ]
        assert story_list(html, "page-3") == [
            "我市新增5条城市公交线路",
            "区人大常委会开展《东湖区物业管理条例》执法检查",
            "秋粮收购工作全面启动",
            "东湖区获评省级全域旅游示范区",
        ]
        assert "责任编辑：周海波　美术编辑：林珊" in html
        assert "（下转第3版）" in html and "（上接第1版）" in html
        assert "喜迎国庆 共享欢乐" in html
        jumped = Article.objects.get(headline="我市新增5条城市公交线路")
        assert html.count(f'href="{jumped.get_absolute_url()}"') == 2

    def test_shows_only_published_stories(self, client):
        page = make_print_page(edition=DAY, label="2", name="经济")
        make_placement(make_published_article(headline="已发布的稿件"), page)
        make_placement(make_article(headline="还在审核的稿件"), page)
        future = timezone.now() + timedelta(days=1)
        make_placement(
            make_published_article(headline="定时发布的稿件", published_at=future), page
        )

        html = client.get(URL).text

        assert story_list(html, "page-2") == ["已发布的稿件"]

    @pytest.mark.parametrize("day", ["2025-10-04", "2023-02-30", "yesterday"])
    def test_an_edition_with_no_stories_online_is_not_found(self, client, day):
        page = make_print_page(edition=date(2025, 10, 4), label="1")
        make_placement(make_article(headline="未发布"), page)
        assert client.get(f"/edition/{day}/").status_code == 404

    def test_stories_entered_by_hand_appear_on_the_page_they_name(self, client):
        page = make_print_page(edition=DAY, label="1", name="要闻")
        make_placement(make_published_article(headline="导入的稿件"), page)
        make_published_article(
            headline="手工录入的头版稿", print_edition=DAY, print_page=1
        )
        make_published_article(
            headline="手工录入的二版稿", print_edition=DAY, print_page=2
        )
        make_published_article(headline="不知版次的稿件", print_edition=DAY)

        html = client.get(URL).text

        assert story_list(html, "page-1") == ["导入的稿件", "手工录入的头版稿"]
        assert story_list(html, "page-2") == ["手工录入的二版稿"]
        assert story_list(html, "page-other") == ["不知版次的稿件"]
        assert "本期其他稿件" in html
        assert "第 — 版" not in html and "第版" not in html

    @pytest.mark.parametrize("size", [1, 8])
    def test_costs_the_same_queries_whatever_the_edition_size(
        self, client, django_assert_num_queries, size
    ):
        for number in range(1, size + 1):
            page = make_print_page(edition=DAY, label=str(number))
            for _ in range(size):
                make_placement(make_published_article(), page)
        make_published_article(print_edition=DAY, print_page=size + 1)
        # Departments for the menu, the placed stories, the stories placed by
        # hand, the editions before and after; the page cache's generation.
        with django_assert_num_queries(5):
            response = client.get(URL)
        assert response.status_code == 200
        assert len(response.context["pages"]) == size + 1

    def test_links_its_neighbours_its_day_and_its_canonical_address(
        self, client, settings
    ):
        settings.NEWSROOM_BASE_URL = "https://news.example.cn"
        for day in (DAY - timedelta(days=2), DAY, DAY + timedelta(days=1)):
            make_placement(
                make_published_article(), make_print_page(edition=day, label="1")
            )
        # A story not out yet does not make its edition a neighbour.
        make_placement(
            make_article(headline="未发布"),
            make_print_page(edition=DAY + timedelta(days=5), label="1"),
        )

        html = client.get(URL).text

        assert f'<link rel="canonical" href="https://news.example.cn{URL}">' in html
        previous = reverse("articles:edition", args=["2025-10-01"])
        following = reverse("articles:edition", args=["2025-10-04"])
        assert f'<a rel="prev" href="{previous}">上一期：2025年10月1日</a>' in html
        assert f'<a rel="next" href="{following}">下一期：2025年10月4日</a>' in html
        day_url = reverse("articles:day-archive", args=[2025, 10, 3])
        assert f'<a href="{day_url}">2025年10月3日的全部新闻</a>' in html

    def test_the_first_and_last_editions_have_one_neighbour(self, client):
        make_placement(make_published_article(), make_print_page(edition=DAY))

        html = client.get(URL).text

        assert 'rel="prev"' not in html and 'rel="next"' not in html

    def test_is_cached_and_cleared_when_a_page_is_renamed(
        self, client, django_capture_on_commit_callbacks
    ):
        page = make_print_page(edition=DAY, label="1", name="要闻")
        make_placement(make_published_article(), page)
        assert "X-Page-Cache" not in client.get(URL)
        assert client.get(URL)["X-Page-Cache"] == "hit"

        with django_capture_on_commit_callbacks(execute=True):
            page.name = "头版"
            page.save()

        response = client.get(URL)
        assert "X-Page-Cache" not in response
        assert "第1版 头版" in response.text

    def test_is_in_the_sitemap_with_its_last_change(self, client):
        import_printed("daily_front.txt")
        make_published_article(print_edition=date(2025, 10, 2), print_page=1)
        make_article(print_edition=date(2025, 10, 1), print_page=1)

        index = client.get("/sitemap.xml").text
        assert "sitemap-editions.xml" in index
        xml = client.get("/sitemap-editions.xml").text

        assert f"http://testserver{URL}" in xml
        assert "/edition/2025-10-02/" in xml
        assert "/edition/2025-10-01/" not in xml
        entry = xml.split(f"{URL}</loc>")[1].split("</url>")[0]
        assert "<lastmod>2025-10-02T22:00:00+00:00</lastmod>" in entry


class TestPrintLine:
    def test_an_article_links_to_its_page_of_the_edition(self, client):
        import_printed("daily_front.txt")
        article = Article.objects.get(headline="东湖区万人健步走活动举行")

        html = client.get(article.get_absolute_url()).text

        assert "见报：" in html
        assert f'<a href="{URL}#page-1">2025年10月3日</a>' in html
        assert f'<a href="{URL}#page-1">第1版 要闻</a>' in html
        kicker = html.index('<p class="story__kicker">喜迎国庆 共享欢乐</p>')
        assert kicker < html.index('<h1 class="story__headline">')

    def test_a_story_that_jumps_links_to_both_pages(self, client):
        import_printed("daily_front.txt", "continuation.txt")
        article = Article.objects.get(headline="我市新增5条城市公交线路")

        html = client.get(article.get_absolute_url()).text

        assert f'<a href="{URL}#page-1">第1版 要闻</a>' in html
        assert f'<a href="{URL}#page-3">第3版 要闻</a>' in html

    def test_with_no_page_known_no_page_is_shown(self, client):
        page = make_print_page(edition=DAY, label="")
        article = make_published_article()
        make_placement(article, page)

        html = client.get(article.get_absolute_url()).text

        assert f'<a href="{URL}#page-other">2025年10月3日</a>' in html
        section = html.split('class="story__print"')[1].split("</span>")[0]
        assert "版" not in section and "—" not in section

    def test_a_story_entered_by_hand_shows_the_page_it_names(self, client):
        article = make_published_article(print_edition=DAY, print_page=2)
        html = client.get(article.get_absolute_url()).text
        assert f'<a href="{URL}">2025年10月3日</a> 第2版' in html

    def test_a_story_not_in_print_shows_no_print_line(self, client):
        article = make_published_article()
        assert "见报" not in client.get(article.get_absolute_url()).text

    def test_english_readers_read_it_in_english(self, client):
        page = make_print_page(edition=DAY, label="1", name="要闻")
        article = make_published_article()
        make_placement(article, page)
        html = client.get(
            article.get_absolute_url(), headers={"accept-language": "en"}
        ).text
        assert "In print:" in html
        assert PrintPage.objects.get().page_text in html


@pytest.mark.parametrize("days", [1, 12])
def test_the_editions_sitemap_costs_the_same_whatever_the_archive(
    client, django_assert_num_queries, days
):
    for offset in range(days):
        make_published_article(print_edition=DAY - timedelta(days=offset))
    # The page cache's generation, the paginator's count, the days.
    with django_assert_num_queries(3):
        xml = client.get("/sitemap-editions.xml").text
    assert xml.count("<url>") == days


class TestMastheadLink:
    def test_every_page_links_to_the_print_edition(self, client):
        html = client.get("/").text
        link = reverse("articles:latest-edition")
        assert f'<a class="masthead__edition" href="{link}">数字报</a>' in html

    def test_the_link_can_be_switched_off(self, client, settings):
        settings.NEWSROOM_PRINT_EDITION_LINK = False
        assert "masthead__edition" not in client.get("/").text

    def test_leads_to_the_newest_edition_with_a_story_out(self, client):
        make_placement(make_published_article(), make_print_page(edition=DAY))
        make_placement(
            make_published_article(),
            make_print_page(edition=DAY - timedelta(days=1)),
        )
        make_placement(
            make_article(headline="明天见报，尚未发布"),
            make_print_page(edition=DAY + timedelta(days=1)),
        )

        response = client.get(reverse("articles:latest-edition"))

        assert response.status_code == 302
        assert response["Location"] == URL

    def test_with_no_edition_online_says_so(self, client):
        make_published_article()
        response = client.get(reverse("articles:latest-edition"))
        assert response.status_code == 404
