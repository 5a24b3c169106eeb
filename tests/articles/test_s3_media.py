"""Media on a real S3 server (SeaweedFS): uploads, renditions, pages, deletion.

Every path a photo or headshot takes goes through the storage API; nothing
is written to MEDIA_ROOT. See tests/seaweedfs.py for the server.
"""

import urllib.request

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from articles.models import Photo
from pictures import renditions
from staff.models import Reporter
from tests import imagefiles
from tests.articles.test_admin import article_form_data
from tests.articles.test_photo_admin import photo_inline
from tests.factories import (
    image_file,
    make_photo,
    make_published_article,
    make_reporter,
    make_user,
)
from tests.seaweedfs import bucket_keys, s3_storage, seaweedfs, storage_options

__all__ = ["s3_storage", "seaweedfs"]

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("one_stage")]


def files_of(photo):
    return {photo.image.name} | renditions.record_files(photo.renditions)


def no_local_media(settings):
    root = settings.MEDIA_ROOT
    return not root.exists() or not any(p.is_file() for p in root.rglob("*"))


def fetch(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers, response.read()


def test_an_upload_in_the_admin_lands_in_the_bucket_with_its_renditions(
    s3_storage, seaweedfs, client, settings, django_capture_on_commit_callbacks
):
    client.force_login(make_user(groups=["reporters"]))
    upload = imagefiles.upload("IMG_2041.jpg", imagefiles.rotated_jpeg_with_gps())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:articles_article_add"),
            article_form_data(**photo_inline(upload, credit_text="受访者供图")),
        )
    assert response.status_code == 302, response.context["errors"]
    photo = Photo.objects.get()
    assert bucket_keys(seaweedfs, s3_storage) == files_of(photo)
    assert len(files_of(photo)) > 2
    assert no_local_media(settings)
    # Anyone may read a stored rendition, as readers' browsers do, and may
    # keep it for a year: its name never changes meaning.
    status, headers, body = fetch(s3_storage.url(photo.renditions["sizes"][0]["jpg"]))
    assert status == 200
    assert body[:3] == b"\xff\xd8\xff"
    assert "immutable" in headers["Cache-Control"]


def test_a_public_page_links_to_the_media_domain(seaweedfs, settings, client):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": storage_options(
                seaweedfs, media_url="http://media.example.cn/m/", location="page"
            ),
        },
    }
    story = make_published_article(headline="老街改造完工")
    photo = make_photo(story)
    page = client.get(story.get_absolute_url()).content.decode()
    webp = photo.renditions["sizes"][0]["webp"]
    assert f"http://media.example.cn/m/page/{webp}" in page
    assert "/media/" not in page


def test_links_without_a_media_domain_go_to_the_bucket(s3_storage, seaweedfs, client):
    story = make_published_article()
    photo = make_photo(story)
    page = client.get(story.get_absolute_url()).content.decode()
    jpg = photo.renditions["sizes"][-1]["jpg"]
    url = f"{seaweedfs}/newsroom-test/{s3_storage.location}/{jpg}"
    assert url in page
    assert fetch(url)[0] == 200


def test_deleted_files_leave_the_bucket_only_after_commit(
    s3_storage, seaweedfs, django_capture_on_commit_callbacks
):
    photo = make_photo(make_published_article())
    stored = files_of(photo)
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            photo.delete()
            assert bucket_keys(seaweedfs, s3_storage) == stored
    assert bucket_keys(seaweedfs, s3_storage) == set()


def test_a_rolled_back_delete_keeps_the_files(s3_storage, seaweedfs):
    photo = make_photo(make_published_article())
    stored = files_of(photo)
    with pytest.raises(RuntimeError), transaction.atomic():
        Photo.objects.filter(pk=photo.pk).delete()
        raise RuntimeError("rolled back")
    assert bucket_keys(seaweedfs, s3_storage) == stored


def test_replacing_a_photo_swaps_its_files_after_commit(
    s3_storage, seaweedfs, django_capture_on_commit_callbacks
):
    photo = make_photo(make_published_article())
    old = files_of(photo)
    with django_capture_on_commit_callbacks(execute=True):
        photo.image = image_file(color=(10, 200, 10))
        photo.save()
    assert bucket_keys(seaweedfs, s3_storage) == files_of(photo)
    assert not old & files_of(photo)


def test_the_same_picture_twice_is_two_files(
    s3_storage, seaweedfs, django_capture_on_commit_callbacks
):
    story = make_published_article()
    first = make_photo(story, image=image_file())
    second = make_photo(story, image=image_file())
    assert first.image.name != second.image.name
    with django_capture_on_commit_callbacks(execute=True):
        first.delete()
    assert fetch(s3_storage.url(second.image.name))[0] == 200


def test_make_renditions_rebuilds_them_in_the_bucket(s3_storage, seaweedfs, capsys):
    photo = make_photo(make_published_article(), image=image_file(size=(900, 600)))
    for name in renditions.record_files(photo.renditions):
        s3_storage.delete(name)
    Photo.objects.filter(pk=photo.pk).update(renditions={})
    call_command("make_renditions")
    assert "1 made" in capsys.readouterr().out
    photo.refresh_from_db()
    assert bucket_keys(seaweedfs, s3_storage) == files_of(photo)
    assert {item["width"] for item in photo.renditions["sizes"]} == {320, 640, 900}


def test_a_headshot_is_stored_in_the_bucket(s3_storage, seaweedfs):
    reporter = make_reporter(headshot=image_file(size=(400, 400)))
    reporter = Reporter.objects.get(pk=reporter.pk)
    names = {reporter.headshot.name} | renditions.record_files(
        reporter.headshot_renditions
    )
    assert names <= bucket_keys(seaweedfs, s3_storage)
    assert reporter.headshot.name.startswith("headshots/")
