import pytest
from django.urls import reverse

from pictures.renditions import record_files
from staff.models import Reporter
from tests import imagefiles
from tests.articles.test_photos import media_files, open_stored
from tests.factories import image_file, make_reporter, make_user

pytestmark = pytest.mark.django_db


def headshot_files(reporter):
    return {reporter.headshot.name} | record_files(reporter.headshot_renditions)


def reporter_form_data(reporter, **overrides):
    return {
        "name": reporter.name,
        "title": reporter.title,
        "department": "",
        "is_active": "on",
        "bio": "",
        "slug": reporter.slug,
        "user": "",
        **overrides,
    }


@pytest.fixture
def editor_client(client):
    client.force_login(make_user(groups=["editors"]))
    return client


def test_an_editor_uploads_a_headshot_that_is_cleaned_like_a_photo(
    editor_client, settings
):
    reporter = make_reporter(name="鲁慧")
    upload = imagefiles.upload("me.jpg", imagefiles.rotated_jpeg_with_gps())

    response = editor_client.post(
        reverse("admin:staff_reporter_change", args=[reporter.pk]),
        reporter_form_data(reporter, headshot=upload),
    )

    assert response.status_code == 302, response.context["errors"]
    reporter.refresh_from_db()
    assert reporter.headshot.name.startswith("headshots/")
    assert [s["width"] for s in reporter.headshot_renditions["sizes"]] == [40]
    master = open_stored(reporter.headshot.name)
    assert master.size == (40, 80)
    assert dict(master.getexif()) == {}
    assert media_files(settings) == headshot_files(reporter)


def test_headshots_have_their_own_widths():
    reporter = make_reporter(headshot=image_file(size=(1000, 1000)))
    widths = [s["width"] for s in reporter.headshot_renditions["sizes"]]
    assert widths == [160, 320, 640]


def test_a_bad_headshot_is_refused_and_the_old_one_kept(editor_client, settings):
    reporter = make_reporter(headshot=image_file())
    before = headshot_files(reporter)

    response = editor_client.post(
        reverse("admin:staff_reporter_change", args=[reporter.pk]),
        reporter_form_data(
            reporter, headshot=imagefiles.upload("me.jpg", imagefiles.truncated_jpeg())
        ),
        headers={"accept-language": "en"},
    )

    assert response.status_code == 200
    assert "damaged or incomplete" in response.content.decode()
    assert Reporter.objects.get(pk=reporter.pk).headshot.name == reporter.headshot.name
    assert media_files(settings) == before


def test_clearing_a_headshot_removes_its_files(
    editor_client, settings, django_capture_on_commit_callbacks
):
    reporter = make_reporter(headshot=image_file())

    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(
            reverse("admin:staff_reporter_change", args=[reporter.pk]),
            reporter_form_data(reporter, **{"headshot-clear": "on"}),
        )

    assert response.status_code == 302, response.context["errors"]
    reporter.refresh_from_db()
    assert not reporter.headshot
    assert reporter.headshot_renditions == {}
    assert media_files(settings) == set()


def test_deleting_a_reporter_removes_the_headshot(
    settings, django_capture_on_commit_callbacks
):
    reporter = make_reporter(headshot=image_file())
    with django_capture_on_commit_callbacks(execute=True):
        reporter.delete()
    assert media_files(settings) == set()


def test_reporter_page_in_the_admin_previews_the_headshot(editor_client):
    reporter = make_reporter(headshot=image_file(size=(400, 400)))

    response = editor_client.get(
        reverse("admin:staff_reporter_change", args=[reporter.pk])
    )

    smallest = reporter.headshot_renditions["sizes"][0]["jpg"]
    assert reporter.headshot.storage.url(smallest) in response.content.decode()
