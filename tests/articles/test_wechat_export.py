"""The 公众号 export: a story as inline-styled HTML, photos from renditions."""

import re

import pytest
from django.urls import reverse

from articles.wechat import export
from tests.factories import (
    make_article,
    make_department,
    make_photo,
    make_published_article,
    make_reporter,
    make_user,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("one_stage")]


@pytest.fixture
def story(settings):
    settings.NEWSROOM_BASE_URL = "https://news.example.cn"
    reporter = make_reporter(name="罗晓")
    story = make_published_article(
        headline="东湖区举办千人健步走",
        dek="市民沿湖步行十公里",
        body=(
            '<p>本报讯 10月3日，<a href="https://example.com/">东湖区</a>举办健步走。</p>'
            "<h3>全民健身见实效</h3><p>参加者<strong>逾千人</strong>。</p>"
        ),
        department=make_department(),
        bylines=[(reporter, "text")],
    )
    make_photo(
        story, caption="活动现场", alt_text="市民沿湖步行", credit_text="通讯员供图"
    )
    return story


def test_every_element_carries_its_own_style_and_no_class_or_script(story):
    html = str(export(story))
    assert "class=" not in html and "<script" not in html.lower()
    for tag in ("section", "h1", "p", "h3", "figure", "img", "figcaption"):
        for opening in re.findall(rf"<{tag}\b[^>]*>", html):
            assert 'style="' in opening, opening
    assert "东湖区举办千人健步走" in html and "逾千人" in html


def test_links_become_their_text(story):
    html = str(export(story))
    assert "<a " not in html and "example.com" not in html
    assert "东湖区</p>" not in html and "东湖区举办健步走" in html


def test_photos_are_renditions_at_absolute_addresses(story):
    html = str(export(story))
    (src,) = re.findall(r'<img src="([^"]+)"', html)
    assert src.startswith("https://news.example.cn/media/renditions/")
    assert "活动现场（通讯员供图 摄）" in html


def test_the_admin_page_shows_it_and_downloads_it(client, story):
    client.force_login(make_user(groups=["editors"]))
    url = reverse("admin:articles_article_wechat", args=[story.pk])

    page = client.get(url)
    download = client.get(url, {"format": "html"})

    assert page.status_code == 200 and "data-copy-target" in page.text
    assert str(export(story)) in page.text
    assert download["Content-Disposition"].startswith("attachment")
    assert str(export(story)) in download.text


def test_only_people_who_may_see_the_story_can_export_it(client):
    draft = make_article(headline="别人的草稿")
    client.force_login(make_user(groups=["reporters"]))
    response = client.get(reverse("admin:articles_article_wechat", args=[draft.pk]))
    assert response.status_code == 404
