"""``Article.parts``: what pages show of a story's parts, kept in its row and
written afresh whenever one of them changes."""

import pytest
from django.core.cache import cache
from taggit.models import Tag

from articles.models import Article, Byline, Correction, Photo
from tests.factories import (
    image_file,
    make_photo,
    make_placement,
    make_print_page,
    make_published_article,
    make_reporter,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for the commit (clearing the page cache) at once."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def page(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.text


def test_a_renamed_reporter_is_renamed_on_the_story_page(client, committed):
    reporter = make_reporter(name="鲁慧")
    article = make_published_article(bylines=[(reporter, "text")])
    assert "记者 鲁慧" in page(client, article)

    with committed():
        reporter.name = "鲁小慧"
        reporter.save()

    article.refresh_from_db()
    assert article.parts["bylines"][0]["name"] == "鲁小慧"
    text = page(client, article)
    assert "记者 鲁小慧" in text
    assert "鲁慧<" not in text


def test_a_replaced_photo_is_replaced_on_the_story_page(client, committed):
    article = make_published_article()
    old = make_photo(article, alt_text="旧照片")
    assert 'alt="旧照片"' in page(client, article)

    with committed():
        old.delete()
        make_photo(article, alt_text="新照片", image=image_file(name="new.jpg"))

    text = page(client, article)
    assert 'alt="新照片"' in text
    assert "旧照片" not in text
    assert old.image.name not in text


def test_a_new_image_in_the_same_photo_is_on_the_page(client):
    article = make_published_article()
    photo = make_photo(article)
    first = Article.objects.get(pk=article.pk).parts["photos"][0]["image"]

    photo.image = image_file(name="other.jpg", color=(10, 200, 10))
    photo.save()

    stored = Article.objects.get(pk=article.pk).parts["photos"][0]
    assert stored["image"] != first
    assert Photo.objects.get(pk=photo.pk).image.name == stored["image"]
    assert stored["image"].rsplit("/", 1)[-1].split(".")[0] in page(client, article)


def test_a_renamed_tag_is_renamed_on_the_story_page(client, committed):
    article = make_published_article()
    article.tags.add("植树")
    assert ">植树</a>" in page(client, article)

    tag = Tag.objects.get(name="植树")
    with committed():
        tag.name = "义务植树"
        tag.save()

    text = page(client, article)
    assert ">义务植树</a>" in text
    assert 'content="义务植树"' in text


def test_tags_added_and_removed_are_on_the_page(client, committed):
    article = make_published_article()
    article.tags.add("巡察", "民生")
    assert ">巡察</a>" in page(client, article)

    with committed():
        article.tags.remove("巡察")

    text = page(client, article)
    assert ">巡察</a>" not in text
    assert ">民生</a>" in text


def test_a_new_correction_is_on_the_story_page(client, committed):
    article = make_published_article()
    assert "更正" not in page(client, article)

    with committed():
        Correction.objects.create(article=article, text="原文地名有误，已改正。")

    assert "原文地名有误，已改正。" in page(client, article)


def test_print_pages_are_copied_with_their_names(client, committed):
    article = make_published_article()
    sheet = make_print_page(label="3", name="要闻")
    make_placement(article, sheet)
    article.save()
    assert "第3版 要闻" in page(client, article)

    with committed():
        sheet.name = "民生"
        sheet.save()

    assert "第3版 民生" in page(client, article)


def test_bulk_writers_refresh_them_themselves():
    article = make_published_article()
    reporter = make_reporter(name="文知行")
    Byline.objects.bulk_create([Byline(article=article, reporter=reporter)])
    assert Article.objects.get(pk=article.pk).parts["bylines"] == []

    Article.objects.filter(pk=article.pk).refresh_parts()

    (stored,) = Article.objects.get(pk=article.pk).parts["bylines"]
    assert stored["name"] == "文知行"
    assert Article.objects.get(pk=article.pk).byline_text() == "记者 文知行"


def test_the_copy_reads_as_the_rows_do(django_assert_num_queries):
    writer = make_reporter(name="赵一", title="trainee")
    shooter = make_reporter(name="孙二")
    article = make_published_article(bylines=[(writer, "text"), (shooter, "photo")])
    photo = make_photo(article, credit_reporter=shooter)
    article.tags.add("营商环境")
    Correction.objects.create(article=article, text="更正一处错字。")
    plain = Article.objects.get(pk=article.pk)

    with django_assert_num_queries(0):
        assert plain.byline_text() == "见习记者 赵一 文 记者 孙二 图"
        assert plain.lead_photo() == photo
        assert plain.lead_photo().credit == photo.credit == "记者 孙二"
        assert [t.name for t in plain.tags_in_order()] == ["营商环境"]
        assert [c.text for c in plain.corrections_in_order()] == ["更正一处错字。"]
