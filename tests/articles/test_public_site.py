"""What a Chinese news site shows its readers: the frame, metadata, sitemaps."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    make_department,
    make_photo,
    make_published_article,
    make_reporter,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("one_stage")]

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def jsonld(html):
    return [
        json.loads(block)
        for block in re.findall(
            r'<script type="application/ld\+json">(.*?)</script>', html, re.S
        )
    ]


def meta(html, name):
    return re.findall(
        rf'<meta (?:name|property)="{re.escape(name)}" content="([^"]*)"', html
    )


@pytest.fixture
def story():
    desk = make_department(name="城建", slug="urban")
    reporter = make_reporter(name="罗晓", slug="luo-xiao", department=desk)
    story = make_published_article(
        headline="临水路管网改造完工",
        dek="",
        body="<p>本报讯（记者 罗晓）11月20日，临水路管网改造完工。居民表示满意。</p>",
        department=desk,
        bylines=[(reporter, "text")],
    )
    story.tags.add("管网改造")
    return story


# -- the frame ---------------------------------------------------------------


def test_the_footer_shows_what_is_configured_and_nothing_else(client, settings, story):
    assert "ICP" not in client.get("/").text
    settings.NEWSROOM_ICP_NUMBER = "京ICP备12345678号-1"
    settings.NEWSROOM_PSB_NUMBER = "京公网安备11010502012345号"
    settings.NEWSROOM_NEWS_LICENSE = "11120170001"
    settings.NEWSROOM_REPORT_PHONE = "010-12345678"
    settings.NEWSROOM_REPORT_EMAIL = "jubao@example.cn"
    settings.NEWSROOM_ABOUT_URL = "/about/"
    settings.NEWSROOM_CONTACT_URL = "mailto:desk@example.cn"

    footer = client.get(story.get_absolute_url()).text.split(
        '<footer class="site-footer">'
    )[1]

    assert (
        'href="https://beian.miit.gov.cn/"' in footer
        and "京ICP备12345678号-1" in footer
    )
    assert "code=11010502012345" in footer and "京公网安备11010502012345号" in footer
    assert "互联网新闻信息服务许可证：11120170001" in footer
    assert "违法和不良信息举报" in footer and 'href="tel:010-12345678"' in footer
    assert 'href="mailto:jubao@example.cn"' in footer
    assert "关于我们" in footer and "联系我们" in footer


def test_without_configuration_the_footer_keeps_only_the_feeds(client, story):
    footer = client.get("/").text.split('<footer class="site-footer">')[1]
    for absent in ("ICP", "公网安备", "许可证", "举报", "关于我们", "联系我们"):
        assert absent not in footer
    assert "RSS" in footer


def test_the_masthead_prints_today_in_chinese(client, story):
    with time_machine.travel(timezone.make_aware(timezone.datetime(2026, 12, 1, 9))):
        html = client.get("/").text
    assert "2026年12月1日 星期二" in html


def test_a_new_day_gives_new_pages_despite_the_cache(client, story):
    evening = timezone.make_aware(timezone.datetime(2026, 12, 1, 23, 59))
    with time_machine.travel(evening):
        client.get("/")
        assert client.get("/")["X-Page-Cache"] == "hit"
    with time_machine.travel(evening + timedelta(minutes=2)):
        page = client.get("/")
    assert "X-Page-Cache" not in page
    assert "2026年12月2日 星期三" in page.text


def test_the_masthead_shows_the_logo_or_else_the_name(client, settings, story):
    assert '<a class="masthead__name" href="/">经开新闻</a>' in client.get("/").text
    settings.NEWSROOM_SITE_LOGO = "https://img.example.cn/logo.png"
    html = client.get(story.get_absolute_url()).text
    logo = '<img class="masthead__logo" src="https://img.example.cn/logo.png"'
    assert f'{logo} alt="经开新闻">' in html


def test_error_pages_have_the_site_name_and_the_desks(client, story):
    page = client.get("/no-such-page/")
    assert page.status_code == 404
    assert "经开新闻" in page.text
    assert 'href="/department/urban/"' in page.text


def test_content_is_marked_chinese_in_an_english_interface(client, story):
    html = client.get(story.get_absolute_url(), headers={"accept-language": "en"}).text
    assert '<html lang="en">' in html
    assert '<article class="story" lang="zh-Hans">' in html
    front = client.get("/", headers={"accept-language": "en"}).text
    assert 'class="summary' in front and 'lang="zh-Hans"' in front


def test_the_search_page_labels_both_its_search_forms(client, story):
    html = client.get(reverse("search:search"), {"q": "管网"}).text
    forms = re.findall(r'<form [^>]*role="search"[^>]*>', html)
    assert len(forms) == 2
    assert all("aria-label=" in form for form in forms)
    labels = [re.search(r'aria-label="([^"]+)"', form)[1] for form in forms]
    assert len(set(labels)) == 2


def test_readers_read_about_news_not_copy(client, story):
    for url in ("/", story.get_absolute_url(), reverse("search:search") + "?q=管网"):
        assert "稿件" not in client.get(url).text, url
    assert "找到 1 条新闻" in client.get(reverse("search:search"), {"q": "管网"}).text


def test_the_day_archive_is_titled_the_chinese_way(client, story):
    day = timezone.localtime(story.published_at).date()
    html = client.get(
        reverse("articles:day-archive", args=[day.year, day.month, day.day])
    ).text
    title = f"{day.year}年{day.month}月{day.day}日的新闻"
    assert f'<h1 class="page-title">{title}</h1>' in html
    assert f"<title>{day.year}年{day.month}月{day.day}日 - 经开新闻</title>" in html


def test_titles_use_one_separator(client, story):
    for url in (
        story.get_absolute_url(),
        story.department.get_absolute_url(),
        reverse("search:search") + "?q=管网",
        reverse("articles:tag", args=["管网改造"]),
        "/no-such-page/",
    ):
        title = re.search(r"<title>(.*?)</title>", client.get(url).text)[1]
        assert title.endswith(" - 经开新闻"), (url, title)


def test_lists_write_two_digit_months_and_days(client):
    desk = make_department()
    make_published_article(
        department=desk,
        published_at=timezone.make_aware(timezone.datetime(2026, 3, 5, 9)),
    )
    html = client.get("/").text
    assert ">03-05</time>" in html


# -- metadata ----------------------------------------------------------------


def test_without_a_summary_the_description_is_the_first_sentence(client, story):
    html = client.get(story.get_absolute_url()).text
    assert meta(html, "description") == ["11月20日，临水路管网改造完工。"]
    assert meta(html, "og:description") == ["11月20日，临水路管网改造完工。"]


def test_an_article_shares_its_photo_and_a_square_picture(client, settings, story):
    settings.NEWSROOM_BASE_URL = "https://news.example.cn"
    make_photo(story, alt_text="施工现场")
    html = client.get(story.get_absolute_url()).text
    images = meta(html, "og:image")
    assert images[0].startswith("https://news.example.cn/media/renditions/")
    assert images[-1] == "https://news.example.cn/static/img/share.png"
    assert (
        meta(html, "og:image:width")[-1] == meta(html, "og:image:height")[-1] == "600"
    )
    assert meta(html, "twitter:card") == ["summary_large_image"]
    assert meta(html, "twitter:image") == [images[0]]
    assert meta(html, "article:section") == ["城建"]
    assert meta(html, "article:tag") == ["管网改造"]


def test_the_article_jsonld_names_people_publisher_and_a_fallback_image(
    client, settings, story
):
    settings.NEWSROOM_BASE_URL = "https://news.example.cn"
    (data,) = jsonld(client.get(story.get_absolute_url()).text)
    assert data["author"][0]["url"] == "https://news.example.cn/reporter/luo-xiao/"
    assert data["publisher"]["url"] == "https://news.example.cn/"
    assert (
        data["publisher"]["logo"]["url"]
        == "https://news.example.cn/static/img/share.png"
    )
    assert data["image"] == ["https://news.example.cn/static/img/share.png"]
    assert data["description"] == "11月20日，临水路管网改造完工。"


def test_the_front_page_describes_the_site_with_its_search(client, settings, story):
    settings.NEWSROOM_BASE_URL = "https://news.example.cn"
    html = client.get("/").text
    website, organization = jsonld(html)[0]
    assert website["@type"] == "WebSite"
    target = website["potentialAction"]["target"]["urlTemplate"]
    assert target == "https://news.example.cn/search/?q={search_term_string}"
    assert organization["@type"] == "Organization"
    assert meta(html, "description") and meta(html, "og:site_name") == ["经开新闻"]
    assert meta(html, "og:image") == ["https://news.example.cn/static/img/share.png"]


@pytest.mark.parametrize("page", ["tag", "day", "desk"])
def test_list_pages_have_canonical_links(client, settings, story, page):
    settings.NEWSROOM_BASE_URL = "https://news.example.cn"
    day = timezone.localtime(story.published_at).date()
    url = {
        "tag": reverse("articles:tag", args=["管网改造"]),
        "day": reverse("articles:day-archive", args=[day.year, day.month, day.day]),
        "desk": story.department.get_absolute_url(),
    }[page]
    html = client.get(url).text
    assert f'<link rel="canonical" href="https://news.example.cn{url}">' in html


# -- the article page ----------------------------------------------------------


def test_the_article_links_its_date_to_the_day(client, story):
    day = timezone.localtime(story.published_at).date()
    html = client.get(story.get_absolute_url()).text
    assert reverse("articles:day-archive", args=[day.year, day.month, day.day]) in html


def test_the_right_column_has_related_desk_and_newest_stories(client, story):
    other_desk = make_department(name="教育")
    same_desk = make_published_article(
        headline="城建部的另一条新闻", department=story.department
    )
    elsewhere = make_published_article(headline="教育部门的新闻", department=other_desk)

    html = client.get(story.get_absolute_url()).text
    side = html.split('<div class="story-side">')[1]

    desk_list = side.split('id="desk-latest-title"')[1].split("</aside>")[0]
    newest = side.split('id="most-recent-title"')[1].split("</aside>")[0]
    assert same_desk.headline in desk_list and elsewhere.headline not in desk_list
    assert same_desk.headline in newest and elsewhere.headline in newest
    assert story.headline not in side


def test_the_article_offers_a_text_size_switch_without_inline_script(client, story):
    html = client.get(story.get_absolute_url()).text
    assert "data-reading-size hidden" in html
    for size in ("small", "medium", "large"):
        assert f'data-size="{size}"' in html
    assert (
        re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/ld\+json)", html) is None
    )
    assert "/static/js/reading.js" in html


def test_an_article_page_weighs_under_60_kb_before_photos(client, story):
    for n in range(10):
        make_published_article(headline=f"第{n}条相关新闻", department=story.department)
    story.body = "<p>" + "改造完工，居民满意。" * 300 + "</p>"
    story.save()
    page = client.get(story.get_absolute_url()).content
    # What a phone downloads besides the photos: the page, its stylesheet
    # and its one script (uncompressed, the worst case).
    weight = len(page) + sum(
        Path(finders.find(name)).stat().st_size
        for name in ("css/site.css", "js/reading.js")
    )
    assert weight < 60 * 1024, weight


# -- sitemaps and robots --------------------------------------------------------


def locations(client, url):
    root = ET.fromstring(client.get(url).content)
    return [element.text for element in root.iter(f"{SITEMAP}loc")]


def test_the_reporters_sitemap_leaves_out_reporters_with_nothing_published(
    client, story
):
    make_reporter(name="无稿记者", slug="no-stories")
    found = locations(client, "/sitemap-reporters.xml")
    assert any(url.endswith("/reporter/luo-xiao/") for url in found)
    assert not any(url.endswith("/reporter/no-stories/") for url in found)


def test_day_archives_are_in_a_sitemap(client, story):
    day = timezone.localtime(story.published_at).date()
    found = locations(client, "/sitemap-days.xml")
    assert any(
        url.endswith(
            reverse("articles:day-archive", args=[day.year, day.month, day.day])
        )
        for url in found
    )
    assert any(
        url.endswith("/sitemap-days.xml") for url in locations(client, "/sitemap.xml")
    )


def test_the_news_sitemap_is_in_the_index_and_in_robots(client, story):
    assert any(
        url.endswith("/news-sitemap.xml") for url in locations(client, "/sitemap.xml")
    )
    robots = client.get("/robots.txt").text
    assert "Sitemap: http://testserver/news-sitemap.xml" in robots


def source_line(html):
    return html.split('class="story__source">')[1].split("</span>")[0]


def test_the_papers_own_story_gives_the_paper_as_its_source(client, story):
    assert source_line(client.get(story.get_absolute_url()).text) == "来源：本报"


def test_a_wire_story_gives_its_agency(client):
    wire = make_published_article(
        headline="全国铁路国庆假期运输平稳有序",
        source="新华社",
        source_byline="记者 韦一鸣",
    )
    assert source_line(client.get(wire.get_absolute_url()).text) == "来源：新华社"


def test_the_own_source_is_a_setting(client, settings, story):
    settings.NEWSROOM_OWN_SOURCE = "东湖日报"
    assert source_line(client.get(story.get_absolute_url()).text) == "来源：东湖日报"
