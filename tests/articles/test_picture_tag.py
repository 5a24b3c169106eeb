import re
from html.parser import HTMLParser

import pytest
from django.core.files.storage import default_storage
from django.template import engines
from django.urls import reverse

from articles.models import Photo
from tests.factories import (
    image_file,
    make_article,
    make_photo,
    make_published_article,
)

pytestmark = pytest.mark.django_db


class Elements(HTMLParser):
    """Collect start tags as (tag, attributes) pairs."""

    def __init__(self, html):
        super().__init__()
        self.found = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))

    def all(self, tag):
        return [attrs for name, attrs in self.found if name == tag]


def render(template, **context):
    """Render with the public templates' picture() macro."""
    source = '{% from "includes/picture.html" import picture %}' + template
    return engines["jinja2"].from_string(source).render(context)


def srcset_widths(srcset):
    return [int(w) for w in re.findall(r" (\d+)w", srcset)]


def test_writes_a_picture_with_webp_and_jpeg_srcsets():
    photo = make_photo(make_article(), image=image_file(size=(1200, 800)))

    html = render(
        '{{ picture(photo.image, alt="检查组查看设备", sizes="50vw") }}', photo=photo
    )

    elements = Elements(html)
    (source,) = elements.all("source")
    (img,) = elements.all("img")
    assert len(elements.all("picture")) == 1
    assert source["type"] == "image/webp"
    assert srcset_widths(source["srcset"]) == [320, 640, 1024, 1200]
    assert srcset_widths(img["srcset"]) == [320, 640, 1024, 1200]
    assert all(".webp " in part for part in source["srcset"].split(", "))
    assert all(".jpg " in part for part in img["srcset"].split(", "))
    assert source["sizes"] == img["sizes"] == "50vw"
    assert (img["width"], img["height"]) == ("1200", "800")
    assert img["alt"] == "检查组查看设备"
    assert img["src"].endswith("-1024w.jpg")
    assert img["loading"] == "lazy"
    assert "fetchpriority" not in img


def test_the_lead_photo_loads_at_once():
    photo = make_photo(make_article())

    (img,) = Elements(render("{{ picture(photo.image, lead=True) }}", photo=photo)).all(
        "img"
    )

    assert "loading" not in img
    assert img["fetchpriority"] == "high"


def test_a_small_photo_is_offered_at_its_own_size_only():
    photo = make_photo(make_article(), image=image_file(size=(300, 200)))

    (img,) = Elements(render("{{ picture(photo.image) }}", photo=photo)).all("img")

    assert srcset_widths(img["srcset"]) == [300]
    assert (img["width"], img["height"]) == ("300", "200")


def test_urls_come_from_the_storage(settings):
    settings.MEDIA_URL = "https://img.example.cn/"
    photo = make_photo(make_article())

    (img,) = Elements(render("{{ picture(photo.image) }}", photo=photo)).all("img")

    assert img["src"].startswith("https://img.example.cn/renditions/photos/")


def test_falls_back_to_the_stored_file_when_renditions_cannot_be_made():
    photo = make_photo(make_article())
    Photo.objects.filter(pk=photo.pk).update(renditions={})
    default_storage.delete(photo.image.name)

    html = render("{{ picture(photo.image) }}", photo=Photo.objects.get(pk=photo.pk))

    (img,) = Elements(html).all("img")
    assert "<picture" not in html
    assert img["src"] == photo.image.url
    assert (img["width"], img["height"]) == ("64", "48")


def test_an_empty_image_writes_nothing():
    assert render("{{ picture(image) }}", image=None).strip() == ""


def test_article_page_serves_renditions_with_only_the_lead_eager(client):
    article = make_published_article()
    for order in range(3):
        make_photo(article, order=order, image=image_file(size=(1800, 1200)))

    response = client.get(article.get_absolute_url())

    imgs = Elements(response.content.decode()).all("img")
    assert [img.get("loading") for img in imgs] == [None, "lazy", "lazy"]
    assert all(srcset_widths(img["srcset"]) == [320, 640, 1024, 1600] for img in imgs)
    assert all((img["width"], img["height"]) == ("1600", "1067") for img in imgs)
    assert all("/renditions/" in img["src"] for img in imgs)


def test_front_page_lists_photos_from_their_renditions(client):
    for _ in range(2):
        make_photo(make_published_article(), image=image_file(size=(800, 600)))

    response = client.get(reverse("articles:front-page"))

    pictures = Elements(response.content.decode()).all("picture")
    imgs = Elements(response.content.decode()).all("img")
    # The lead story's photo loads at once; the rest wait until scrolled to.
    assert len(pictures) == 2
    assert [img.get("loading") for img in imgs] == [None, "lazy"]
    assert [img.get("fetchpriority") for img in imgs] == ["high", None]
    assert all(srcset_widths(img["srcset"]) == [320, 640, 800] for img in imgs)


def test_search_results_list_photos_from_their_renditions(client):
    article = make_published_article(headline="植树活动")
    make_photo(article, image=image_file(size=(1800, 1200)))

    response = client.get(reverse("search:search"), {"q": "植树"})

    imgs = Elements(response.content.decode()).all("img")
    assert len(imgs) == 1
    assert "/renditions/" in imgs[0]["src"]
    assert srcset_widths(imgs[0]["srcset"]) == [320, 640, 1024, 1600]
    assert imgs[0]["loading"] == "lazy" and imgs[0]["alt"] == "检查组在车间查看设备"


def test_stale_renditions_are_remade_once_then_pages_cost_no_extra_queries(
    client, django_assert_max_num_queries
):
    article = make_published_article()
    make_photo(article)
    Photo.objects.update(renditions={})

    first = client.get(article.get_absolute_url())
    assert "/renditions/" in first.content.decode()
    with django_assert_max_num_queries(6):
        second = client.get(article.get_absolute_url())
    assert second.content == first.content
