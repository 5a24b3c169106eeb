"""Purging the front cache: the keys pages carry, what changes purge, retries.

``RecordingBackend`` is configured by its dotted path, as a CDN's backend
would be (``DJANGO_FRONT_CACHE_BACKENDS``). The Varnish backend is tested
against a loopback HTTP server here, and against Varnish itself by
``make cluster-test``.
"""

import http.server
import logging
import threading
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article
from frontcache import purging
from frontcache.backends import PurgeError, URLBackend, VarnishBackend
from frontcache.models import PendingPurge
from tests.factories import (
    make_article,
    make_department,
    make_published_article,
    make_reporter,
    make_user,
)

pytestmark = pytest.mark.django_db

RECORDED = []


class RecordingBackend:
    fail = False

    def __init__(self, params):
        self.params = params

    def purge(self, keys, urls):
        if RecordingBackend.fail:
            raise PurgeError("the cache is down")
        RECORDED.append((set(keys), set(urls)))


class RecordingCDN(URLBackend):
    def purge_urls(self, urls):
        RECORDED.append(("cdn", list(urls)))


@pytest.fixture
def front_cache(settings):
    settings.NEWSROOM_FRONT_CACHE = {
        "test": {"BACKEND": "tests.frontcache.test_purging.RecordingBackend"}
    }
    RECORDED.clear()
    RecordingBackend.fail = False
    yield RECORDED
    RECORDED.clear()
    RecordingBackend.fail = False


def story(**kwargs):
    desk = kwargs.pop("department", None) or make_department()
    reporter = make_reporter()
    article = make_published_article(
        department=desk, bylines=[(reporter, "text")], **kwargs
    )
    article.reporter = reporter
    return article


def keys_of(response):
    return set(response["xkey"].split())


def all_purged(recorded):
    keys, urls = set(), set()
    for item_keys, item_urls in recorded:
        keys |= item_keys
        urls |= item_urls
    return keys, urls


# -- The keys pages carry ---------------------------------------------------


def test_pages_carry_a_key_per_story_and_per_listing(front_cache, client):
    first = story()
    second = story(department=first.department)
    front = client.get("/")
    assert {"front", "desks", f"story-{first.pk}", f"story-{second.pk}"} <= keys_of(
        front
    )
    desk = client.get(first.department.get_absolute_url())
    assert {f"desk-{first.department_id}", f"story-{first.pk}"} <= keys_of(desk)
    page = client.get(first.get_absolute_url())
    assert f"story-{first.pk}" in keys_of(page)
    assert "front" not in keys_of(page)
    reporter = client.get(f"/reporter/{first.reporter.slug}/")
    assert f"reporter-{first.reporter.pk}" in keys_of(reporter)
    assert "feeds" in keys_of(client.get("/feed.rss"))
    assert "sitemaps" in keys_of(client.get("/sitemap.xml"))


def test_a_story_page_carries_the_keys_of_its_side_lists(front_cache, client):
    """A story in another page's side lists is purged there by its own key."""
    neighbour = story()
    page = story(department=neighbour.department)
    keys = keys_of(client.get(page.get_absolute_url()))
    assert f"story-{neighbour.pk}" in keys


def test_moving_a_story_to_another_desk_purges_the_desk_it_left(
    front_cache, client, django_capture_on_commit_callbacks
):
    article = story()
    old_desk = article.department
    old_page = keys_of(client.get(old_desk.get_absolute_url()))
    new_desk = make_department(name="经济部", slug="jingji")
    with django_capture_on_commit_callbacks(execute=True):
        article.department = new_desk
        article.save()
    purged = all_purged(front_cache)[0]
    # The old desk's page is purged by the story's key, which it carries.
    assert f"story-{article.pk}" in purged & old_page
    assert f"desk-{new_desk.pk}" in purged


def test_keys_survive_the_page_cache(front_cache, client):
    first = story()
    client.get("/")
    again = client.get("/")
    assert again["X-Page-Cache"] == "hit"
    assert f"story-{first.pk}" in keys_of(again)


def test_tagging_a_page_costs_no_query(front_cache, client, django_assert_num_queries):
    first = story()
    client.get(first.get_absolute_url())
    with django_assert_num_queries(0):
        client.get(first.get_absolute_url())


def test_the_front_cache_may_keep_pages_longer_than_browsers(
    front_cache, client, settings, at_noon
):
    settings.NEWSROOM_FRONT_CACHE_MAX_AGE = 600
    story()
    control = client.get("/")["Cache-Control"]
    assert "max-age=60," in control
    assert "s-maxage=600" in control


def test_no_copy_outlives_the_next_scheduled_publication(front_cache, client):
    story()
    make_published_article(published_at=timezone.now() + timedelta(seconds=20))
    control = client.get("/")["Cache-Control"]
    browsers = int(control.split("max-age=")[1].split(",")[0])
    front = int(control.split("s-maxage=")[1].split(",")[0])
    assert 15 <= browsers <= 20
    assert 15 <= front <= 20
    # A missing page too: the scheduled story's address answers on time.
    missing = client.get("/2020/1/1/no-such-story/")
    assert missing.status_code == 404
    assert "s-maxage=" in missing["Cache-Control"]


def test_without_a_front_cache_pages_carry_no_keys(client):
    story()
    response = client.get("/")
    assert "xkey" not in response
    assert "s-maxage" not in response["Cache-Control"]


# -- What changes purge -----------------------------------------------------


def test_publishing_purges_its_listings_and_address_after_commit(
    front_cache, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        desk = make_department()
        reporter = make_reporter()
        tag = Tag.objects.create(name="防汛", slug="fang-xun")
        article = make_article(department=desk, bylines=[(reporter, "text")])
        article.tags.add(tag)
    front_cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        article.status = Article.Status.PUBLISHED
        article.published_at = timezone.now()
        article.print_edition = timezone.localdate()
        article.save()
        assert front_cache == []
    keys, urls = all_purged(front_cache)
    day = timezone.localdate().isoformat()
    assert {
        f"story-{article.pk}",
        "front",
        "latest",
        "feeds",
        "sitemaps",
        f"desk-{desk.pk}",
        f"reporter-{reporter.pk}",
        f"tag-{tag.pk}",
        f"edition-{day}",
        f"day-{day}",
    } <= keys
    assert urls == {article.get_absolute_url()}
    # One transaction, one purge.
    assert len(front_cache) == 1


def test_saving_a_draft_purges_nothing(front_cache, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        make_article(headline="还在写的稿子")
    assert front_cache == []


def test_retracting_and_correcting_purge_the_story(
    front_cache, django_capture_on_commit_callbacks
):
    editor = make_user(groups=["editors", "chief_editors", "desk_heads"])
    article = story()
    with django_capture_on_commit_callbacks(execute=True):
        article.add_correction(editor, "第二段的日期应为11月3日。")
    assert f"story-{article.pk}" in all_purged(front_cache)[0]
    front_cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish(editor, "核实有误")
    keys, urls = all_purged(front_cache)
    assert {f"story-{article.pk}", "front"} <= keys
    assert article.get_absolute_url() in urls


def test_editing_a_public_story_purges_it(
    front_cache, django_capture_on_commit_callbacks
):
    article = story()
    with django_capture_on_commit_callbacks(execute=True):
        article.headline = "改过的标题"
        article.save()
    assert f"story-{article.pk}" in all_purged(front_cache)[0]


def test_renaming_a_desk_reporter_or_tag_purges_where_the_name_shows(
    front_cache, django_capture_on_commit_callbacks
):
    article = story()
    tag = Tag.objects.create(name="教育", slug="jiao-yu")
    article.tags.add(tag)
    desk = article.department
    with django_capture_on_commit_callbacks(execute=True):
        desk.name = "民生部"
        desk.save()
    assert {"desks", f"desk-{desk.pk}"} <= all_purged(front_cache)[0]
    front_cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        article.reporter.name = "顾小兰"
        article.reporter.save()
    assert {f"reporter-{article.reporter.pk}", f"story-{article.pk}"} <= (
        all_purged(front_cache)[0]
    )
    front_cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        tag.name = "教育民生"
        tag.save()
    assert {f"tag-{tag.pk}", f"story-{article.pk}"} <= all_purged(front_cache)[0]


def test_a_rolled_back_change_purges_nothing(front_cache):
    article = story()
    front_cache.clear()
    with pytest.raises(RuntimeError), transaction.atomic():
        article.headline = "不会保存"
        article.save()
        raise RuntimeError
    assert front_cache == []


# -- Failures ---------------------------------------------------------------


def test_a_failed_purge_never_fails_the_editor_and_is_retried(
    front_cache, django_capture_on_commit_callbacks, caplog, settings
):
    article = story()
    RecordingBackend.fail = True
    with caplog.at_level(logging.WARNING, logger="frontcache.purging"):
        with django_capture_on_commit_callbacks(execute=True):
            article.headline = "已更正的标题"
            article.save()
    article.refresh_from_db()
    assert article.headline == "已更正的标题"
    pending = PendingPurge.objects.get()
    assert f"story-{article.pk}" in pending.key_list()
    assert "the cache is down" in pending.last_error
    assert "will retry" in caplog.text
    # Not due yet: nothing is tried.
    call_command("retry_purges")
    assert PendingPurge.objects.count() == 1
    RecordingBackend.fail = False
    PendingPurge.objects.update(next_attempt_at=timezone.now())
    call_command("retry_purges")
    assert not PendingPurge.objects.exists()
    assert f"story-{article.pk}" in front_cache[-1][0]


def test_failed_purges_are_retried_after_a_later_request(front_cache, client):
    RecordingBackend.fail = False
    PendingPurge.objects.create(backend="test", keys="story-1 front", urls="/a/")
    client.get("/healthz")
    assert not PendingPurge.objects.exists()
    assert front_cache == [({"story-1", "front"}, {"/a/"})]


def test_a_failed_retry_waits_longer(front_cache):
    RecordingBackend.fail = True
    row = PendingPurge.objects.create(backend="test", keys="front")
    purging.retry_due()
    row.refresh_from_db()
    assert row.attempts == 2
    assert row.next_attempt_at > timezone.now() + timedelta(seconds=3)


def test_an_admin_save_succeeds_while_the_front_cache_is_down(settings, client):
    # Nothing listens on port 9: every purge fails at once.
    settings.NEWSROOM_FRONT_CACHE = {
        "varnish": {
            "BACKEND": "frontcache.backends.VarnishBackend",
            "LOCATION": "http://127.0.0.1:9/",
        }
    }
    desk = make_department()
    client.force_login(make_user(is_staff=True, is_superuser=True))
    with transaction.atomic():
        response = client.post(
            f"/admin/staff/department/{desk.pk}/change/",
            {"name": "政法部", "slug": desk.slug, "order": 0},
        )
    assert response.status_code in (200, 302)


# -- Backends ---------------------------------------------------------------


class Recorder(http.server.BaseHTTPRequestHandler):
    seen = []
    status = 200

    def do_BAN(self):
        Recorder.seen.append((self.command, self.path, self.headers.get("xkey")))
        self.send_response(Recorder.status)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_varnish():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Recorder.seen, Recorder.status = [], 200
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_the_varnish_backend_bans_by_key_and_by_address(fake_varnish):
    backend = VarnishBackend({"LOCATION": fake_varnish})
    backend.purge({"story-1", "front"}, {"/2024/5/1/a/", "http://x.cn/tag/b/?p=2"})
    assert Recorder.seen == [
        ("BAN", "/", "front story-1"),
        ("BAN", "/2024/5/1/a/", None),
        ("BAN", "/tag/b/?p=2", None),
    ]


def test_the_varnish_backend_reports_a_refusal(fake_varnish):
    Recorder.status = 403
    with pytest.raises(PurgeError, match="403"):
        VarnishBackend({"LOCATION": fake_varnish}).purge({"front"}, set())


def test_a_cdn_backend_gets_absolute_addresses(settings):
    settings.NEWSROOM_BASE_URL = "https://news.example.cn"
    RECORDED.clear()
    RecordingCDN({}).purge({"front"}, {"/", "/tag/x/"})
    assert RECORDED == [
        ("cdn", ["https://news.example.cn/", "https://news.example.cn/tag/x/"])
    ]


def test_backends_are_chosen_by_settings(settings):
    settings.NEWSROOM_FRONT_CACHE = {
        "varnish": {
            "BACKEND": "frontcache.backends.VarnishBackend",
            "LOCATION": "http://127.0.0.1:8300/",
        },
        "cdn": {"BACKEND": "tests.frontcache.test_purging.RecordingCDN"},
    }
    backends = purging.get_backends()
    assert isinstance(backends["varnish"], VarnishBackend)
    assert isinstance(backends["cdn"], RecordingCDN)


def test_anonymous_pages_are_not_pinned_or_tagged_for_staff(front_cache):
    client = Client()
    client.force_login(make_user(is_staff=True))
    story()
    response = client.get("/")
    assert "xkey" not in response


def test_a_deleted_photo_is_purged_by_address_after_commit(
    front_cache, django_capture_on_commit_callbacks
):
    from tests.factories import make_photo

    photo = make_photo(story())
    names = {photo.image.name} | {item["jpg"] for item in photo.renditions["sizes"]}
    front_cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        photo.delete()
    urls = all_purged(front_cache)[1]
    assert {f"/media/{name}" for name in names} <= urls
