"""What a production server answers: health, static and media files, public
pages' caching headers and compression, the security policy."""

import gzip
import os
import re
import secrets
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import brotli
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from newsroom.security import script_hash
from tests.factories import (
    make_article,
    make_department,
    make_photo,
    make_published_article,
    make_reporter,
    make_user,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("one_stage")]

ROOT = Path(__file__).resolve().parents[2]


def publishable(**kwargs):
    return make_published_article(
        department=make_department(), bylines=[(make_reporter(), "text")], **kwargs
    )


# -- health --------------------------------------------------------------------


def test_healthz_answers_without_touching_the_database(
    client, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_readyz_checks_database_cache_and_storage(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "cache": "ok",
        "storage": "ok",
    }
    assert "no-store" in response["Cache-Control"]


@pytest.fixture
def redis_down(settings):
    """The cache settings of production, with a Redis that does not answer."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            # Nothing listens on port 1.
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }


def test_readyz_says_which_service_is_down(client, redis_down):
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["cache"] == "unavailable"
    assert response.json()["database"] == "ok"


def test_pages_are_made_from_the_database_while_redis_is_down(client, redis_down):
    story = publishable(headline="缓存停了也能看")
    assert "缓存停了也能看" in client.get("/").text
    assert client.get(story.get_absolute_url()).status_code == 200
    assert client.get("/feed.rss").status_code == 200


def test_staff_work_while_redis_is_down(client, redis_down):
    editor = make_user(groups=["editors"])
    client.force_login(editor)
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:articles_article_changelist")).status_code == 200


# -- media ---------------------------------------------------------------------


def test_uploaded_photos_are_served_with_a_year_of_caching(client):
    photo = make_photo(make_article())
    response = client.get(photo.image.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "immutable" in response["Cache-Control"]
    assert "max-age=31536000" in response["Cache-Control"]
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"


def test_media_outside_the_media_root_is_not_served(client):
    assert client.get("/media/../../etc/passwd").status_code in (400, 404)
    assert client.get("/media/%2e%2e/settings.py").status_code in (400, 404)


# -- public pages: headers, conditional requests, compression -------------------


def test_get_and_head_carry_the_same_etag_cached_or_not(client):
    publishable()
    first_get = client.get("/")
    head = client.head("/")
    cached_get = client.get("/")

    assert first_get["ETag"] == head["ETag"] == cached_get["ETag"]
    assert cached_get["X-Page-Cache"] == "hit" and head["X-Page-Cache"] == "hit"
    assert head.content == b""
    assert head["Content-Length"] == str(len(first_get.content))


def test_a_current_copy_is_answered_with_304(client):
    publishable()
    etag = client.get("/")["ETag"]
    again = client.get("/", headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""


def test_feeds_keep_last_modified_once_cached(client):
    story = publishable()
    miss = client.get("/feed.rss")
    hit = client.get("/feed.rss")
    assert hit["X-Page-Cache"] == "hit"
    assert miss["Last-Modified"] == hit["Last-Modified"]
    assert miss["ETag"] == hit["ETag"]
    since = client.get("/feed.rss", headers={"if-modified-since": hit["Last-Modified"]})
    assert since.status_code == 304
    assert story.headline in miss.text


def test_public_pages_may_be_kept_briefly_by_browsers_and_caches(
    client, settings, at_noon
):
    settings.NEWSROOM_PUBLIC_MAX_AGE = 60
    settings.NEWSROOM_PUBLIC_STALE_SECONDS = 30
    publishable()
    response = client.get("/")
    assert response["Cache-Control"] == (
        "public, max-age=60, stale-while-revalidate=30"
    )
    assert {"Accept-Encoding", "Accept-Language", "Cookie"} <= {
        value.strip() for value in response["Vary"].split(",")
    }


def test_a_scheduled_story_shortens_how_long_pages_may_be_kept(client, settings):
    settings.NEWSROOM_PUBLIC_MAX_AGE = 600
    publishable(published_at=timezone.now() + timedelta(seconds=90))
    publishable()
    max_age = int(re.search(r"max-age=(\d+)", client.get("/")["Cache-Control"])[1])
    assert 80 <= max_age <= 90


@pytest.mark.parametrize(
    ("accept", "encoding", "decode"),
    [("gzip, deflate", "gzip", gzip.decompress), ("gzip, br", "br", brotli.decompress)],
)
def test_public_pages_are_compressed_for_readers_who_accept_it(
    client, accept, encoding, decode
):
    publishable()
    plain = client.get("/").content
    for _attempt in ("miss or first", "cached"):
        response = client.get("/", headers={"accept-encoding": accept})
        assert response["Content-Encoding"] == encoding
        assert decode(response.content) == plain
    assert response["X-Page-Cache"] == "hit"


def test_parameters_a_page_does_not_read_share_its_cached_copy(client):
    publishable()
    client.get("/")
    tracked = client.get("/", {"utm_source": secrets.token_hex(6)})
    assert tracked["X-Page-Cache"] == "hit"


def test_parameters_a_page_reads_are_cached_apart(client):
    for _ in range(25):
        publishable()
    first = client.get(reverse("articles:latest"))
    cursor = first.context["page"].older
    older = client.get(reverse("articles:latest"), {"before": cursor})
    assert "X-Page-Cache" not in older
    assert older.content != first.content


# -- static files ---------------------------------------------------------------


@pytest.mark.slow
def test_collectstatic_writes_hashed_compressed_files_whitenoise_serves(
    client, settings, tmp_path
):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        },
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    hashed = sorted((tmp_path / "static" / "css").glob("site.*.css"))
    assert len(hashed) == 1
    assert Path(f"{hashed[0]}.gz").exists() and Path(f"{hashed[0]}.br").exists()

    url = f"/static/css/{hashed[0].name}"
    response = client.get(url, headers={"accept-encoding": "br, gzip"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "br"
    assert "immutable" in response["Cache-Control"]
    page = client.get(reverse("articles:front-page"))
    assert url in page.text


# -- the security policy --------------------------------------------------------


def test_public_pages_forbid_inline_script(client):
    publishable()
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(
        part.strip().split(" ", 1) for part in policy.split(";") if part.strip()
    )
    assert directives["script-src"] == "'self'"
    assert "'unsafe-inline'" not in directives["style-src"]
    assert directives["frame-ancestors"] == "'none'"


def test_the_admin_allows_exactly_its_import_map(client):
    client.force_login(make_user(is_superuser=True))
    story = make_article()
    response = client.get(reverse("admin:articles_article_change", args=[story.pk]))
    maps = re.findall(
        rb'<script type="importmap"[^>]*>(.*?)</script>', response.content, re.DOTALL
    )
    assert maps, "the body editor's import map is on the page"
    policy = response["Content-Security-Policy"]
    script_src = next(
        part for part in policy.split(";") if part.strip().startswith("script-src")
    )
    assert script_hash(maps[0]) in script_src
    assert "'unsafe-inline'" not in script_src


def test_check_deploy_is_clean_in_the_documented_production_environment(tmp_path):
    environment = {
        "PATH": os.environ["PATH"],
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "news.example.cn",
        "DJANGO_CSRF_TRUSTED_ORIGINS": "https://news.example.cn",
        "DJANGO_BEHIND_TLS_PROXY": "1",
        "DJANGO_BASE_URL": "https://news.example.cn",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
