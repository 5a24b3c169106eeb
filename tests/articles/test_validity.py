"""Every public page is valid HTML: zero errors from the W3C Nu validator."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from tests.factories import (
    make_department,
    make_photo,
    make_placement,
    make_print_page,
    make_published_article,
    make_reporter,
    make_user,
)
from tests.validation import validate

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.slow,
    pytest.mark.usefixtures("one_stage"),
]


@pytest.fixture
def site():
    desk = make_department(name="城建", slug="urban", description="城建新闻")
    reporter = make_reporter(name="罗晓", slug="luo-xiao", department=desk)
    stories = []
    for n in range(3):
        story = make_published_article(
            headline=f"临水路管网改造第{n}期完工",
            dek="改造后片区排水能力提升" if n else "",
            body=(
                "<p>本报讯 11月20日，临水路管网改造完工。</p>"
                "<h3>小标题</h3><p>居民表示满意。</p>"
            ),
            department=desk,
            bylines=[(reporter, "text"), (reporter, "photo")],
        )
        story.tags.add("管网改造")
        stories.append(story)
    make_photo(stories[0], caption="施工现场", alt_text="工人在铺设管道")
    page = make_print_page(
        edition=stories[0].published_at.date(), label="1", name="要闻"
    )
    for story in stories:
        make_placement(story, page)
    retracted = make_published_article(headline="撤下的稿件", department=desk)
    retracted.unpublish(make_user(is_superuser=True), "核实有误")
    return desk, reporter, stories, retracted


def page_day(story):
    return story.print_edition.isoformat()


def public_pages(client, site):
    desk, reporter, stories, retracted = site
    story = stories[0]
    day = story.published_at.astimezone().date()
    urls = {
        "front": "/",
        "latest": reverse("articles:latest"),
        "article": story.get_absolute_url(),
        "article_without_photo": stories[1].get_absolute_url(),
        "desk": desk.get_absolute_url(),
        "reporter": reverse("articles:reporter", args=[reporter.slug]),
        "tag": reverse("articles:tag", args=["管网改造"]),
        "day": reverse("articles:day-archive", args=[day.year, day.month, day.day]),
        "edition": reverse("articles:edition", args=[page_day(stories[0])]),
        "search": reverse("search:search") + "?q=管网",
        "search_empty": reverse("search:search"),
        "not_found": "/no-such-page/",
        "gone": reverse(
            "articles:article-detail",
            args=[day.year, day.month, day.day, retracted.slug],
        ),
        "bad_request": reverse("articles:latest") + "?before=x",
    }
    pages = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code in (200, 400, 404, 410), (
            name,
            response.status_code,
        )
        pages[name] = response.content
    pages["server_error"] = render_to_string("500.html")
    return pages


def test_public_pages_are_valid_html(client, site, tmp_path):
    errors = validate(public_pages(client, site), tmp_path)
    assert errors == {}, "\n".join(f"{k}: {m}" for k, v in errors.items() for m in v)


def test_pages_in_english_are_valid_html_too(client, site, tmp_path):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    errors = validate(public_pages(client, site), tmp_path)
    assert errors == {}
