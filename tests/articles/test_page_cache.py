"""Public pages come from the cache, and never outlive the content they show."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.factories import (
    make_article,
    make_department,
    make_photo,
    make_published_article,
    make_reporter,
    make_user,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("one_stage")]


def publishable(**kwargs):
    return make_published_article(
        department=make_department(), bylines=[(make_reporter(), "text")], **kwargs
    )


def test_second_visit_is_served_from_the_cache_without_queries(
    client, django_assert_num_queries
):
    article = publishable()
    first = client.get(article.get_absolute_url())
    assert "X-Page-Cache" not in first

    with django_assert_num_queries(0):
        again = client.get(article.get_absolute_url())

    assert again["X-Page-Cache"] == "hit"
    assert again.content == first.content
    assert "Accept-Language" in again["Vary"]


def test_languages_are_cached_apart(client):
    publishable()
    chinese = client.get("/")
    english = client.get("/", headers={"accept-language": "en"})
    assert 'lang="zh-Hans"' in chinese.text
    assert 'lang="en"' in english.text


def test_unpublishing_empties_the_cache_at_once(
    client, django_capture_on_commit_callbacks
):
    editor = make_user(groups=["editors"])
    article = publishable(headline="即将撤下的稿件")
    client.get("/")
    client.get(article.get_absolute_url())

    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish(editor, "核实有误")

    assert client.get(article.get_absolute_url()).status_code == 410
    assert "即将撤下的稿件" not in client.get("/").text


def test_correction_shows_at_once(client, django_capture_on_commit_callbacks):
    editor = make_user(groups=["editors"])
    article = publishable()
    client.get(article.get_absolute_url())

    with django_capture_on_commit_callbacks(execute=True):
        article.add_correction(editor, "更正：地点为临水路。")

    assert "更正：地点为临水路。" in client.get(article.get_absolute_url()).text


def test_a_scheduled_story_appears_at_its_time_despite_the_cache(client):
    soon = timezone.now() + timedelta(minutes=30)
    scheduled = publishable(headline="半小时后见报", published_at=soon)
    publishable(headline="已经见报")
    assert "半小时后见报" not in client.get("/").text
    assert client.get("/")["X-Page-Cache"] == "hit"

    with time_machine.travel(soon + timedelta(seconds=1)):
        page = client.get("/")
        assert "半小时后见报" in page.text
        assert client.get(scheduled.get_absolute_url()).status_code == 200


def test_signed_in_staff_always_get_a_fresh_page(client):
    publishable()
    client.force_login(make_user(groups=["editors"]))
    client.get("/")
    assert "X-Page-Cache" not in client.get("/")


def cached_front_page(client):
    """Fetch the front page twice, so the second answer is the cached copy."""
    client.get("/")
    again = client.get("/")
    assert again["X-Page-Cache"] == "hit"
    return again


def test_renaming_a_reporter_shows_on_the_next_view(
    client, django_capture_on_commit_callbacks
):
    reporter = make_reporter(name="罗晓")
    make_published_article(department=make_department(), bylines=[(reporter, "text")])
    assert "罗晓" in cached_front_page(client).text

    with django_capture_on_commit_callbacks(execute=True):
        reporter.name = "罗晓岚"
        reporter.save()

    page = client.get("/")
    assert "X-Page-Cache" not in page
    assert "罗晓岚" in page.text


def test_renaming_a_desk_shows_on_the_next_view(
    client, django_capture_on_commit_callbacks
):
    desk = make_department(name="城建")
    make_published_article(department=desk, bylines=[(make_reporter(), "text")])
    assert "城建" in cached_front_page(client).text

    with django_capture_on_commit_callbacks(execute=True):
        desk.name = "城乡建设"
        desk.save()

    assert "城乡建设" in client.get("/").text


def test_renaming_a_tag_shows_on_the_next_view(
    client, django_capture_on_commit_callbacks
):
    article = publishable()
    article.tags.add("河长制")
    tag = article.tags.get()
    client.get(article.get_absolute_url())
    cached = client.get(article.get_absolute_url())
    assert cached["X-Page-Cache"] == "hit" and "河长制" in cached.text

    with django_capture_on_commit_callbacks(execute=True):
        tag.name = "河湖长制"
        tag.save()

    assert "河湖长制" in client.get(article.get_absolute_url()).text


def test_tagging_a_story_shows_on_the_next_view(
    client, django_capture_on_commit_callbacks
):
    article = publishable()
    client.get(article.get_absolute_url())
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        article.tags.add("垃圾分类")

    assert "垃圾分类" in client.get(article.get_absolute_url()).text


def test_deleting_a_photo_shows_on_the_next_view(
    client, django_capture_on_commit_callbacks
):
    article = publishable()
    photo = make_photo(article, alt_text="志愿者清理河道")
    client.get(article.get_absolute_url())
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()

    assert "志愿者清理河道" not in client.get(article.get_absolute_url()).text


def test_saving_a_draft_keeps_the_cached_pages(
    client, django_capture_on_commit_callbacks
):
    publishable()
    draft = make_article(department=make_department())
    photographer = make_reporter()
    make_article().tags.add("草稿标签")
    cached_front_page(client)

    with django_capture_on_commit_callbacks(execute=True):
        draft.headline = "还在修改的草稿"
        draft.save()
        draft.bylines.create(reporter=photographer, role="photo")
        draft.tags.add("草稿标签")

    assert client.get("/")["X-Page-Cache"] == "hit"


def test_publishing_a_draft_clears_the_cache(
    client, django_capture_on_commit_callbacks
):
    publishable()
    editor = make_user(groups=["editors"])
    draft = make_article(
        headline="刚刚签发的稿件",
        department=make_department(),
        bylines=[(make_reporter(), "text")],
    )
    make_photo(draft)
    cached_front_page(client)

    with django_capture_on_commit_callbacks(execute=True):
        draft.publish(editor)

    assert "刚刚签发的稿件" in client.get("/").text
