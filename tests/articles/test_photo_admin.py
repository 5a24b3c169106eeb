import pytest
from django.urls import reverse

from articles.models import Article, Photo
from tests import imagefiles
from tests.articles.test_admin import article_form_data, inline_management
from tests.articles.test_photos import media_files, open_stored, photo_files
from tests.factories import (
    image_file,
    make_article,
    make_photo,
    make_reporter,
    make_user,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("one_stage")]


@pytest.fixture
def reporter_client(client):
    client.user = make_user(groups=["reporters"])
    client.force_login(client.user)
    return client


def photo_inline(upload, **fields):
    return {
        **inline_management("photos", total=1),
        "photos-0-image": upload,
        "photos-0-caption": fields.get("caption", "检查组在车间查看设备"),
        "photos-0-alt_text": fields.get("alt_text", "两名检查人员站在机床旁"),
        "photos-0-credit_reporter": fields.get("credit_reporter", ""),
        "photos-0-credit_text": fields.get("credit_text", ""),
        "photos-0-order": "0",
    }


def test_a_reporter_attaches_a_photo_to_a_new_article(
    reporter_client, settings, django_capture_on_commit_callbacks
):
    upload = imagefiles.upload("IMG_2041.jpg", imagefiles.rotated_jpeg_with_gps())

    with django_capture_on_commit_callbacks(execute=True):
        response = reporter_client.post(
            reverse("admin:articles_article_add"),
            article_form_data(**photo_inline(upload, credit_text="受访者供图")),
        )

    assert response.status_code == 302, response.context["errors"]
    photo = Photo.objects.get()
    assert (photo.width, photo.height) == (40, 80)
    assert photo.credit == "受访者供图"
    assert media_files(settings) == photo_files(photo)
    assert dict(open_stored(photo.image.name).getexif()) == {}


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("cut.jpg", imagefiles.truncated_jpeg(), "damaged or incomplete"),
        ("bomb.png", imagefiles.png_bomb(20_000, 20_000), "megapixels"),
        ("photo.jpg", b"plain text, not a photo" * 10, "not a JPEG, PNG, WebP"),
        ("logo.svg", imagefiles.SVG, "SVG files are not accepted"),
        ("empty.jpg", b"", "empty"),
    ],
    ids=["truncated", "bomb", "text", "svg", "empty"],
)
def test_a_refused_upload_explains_itself_and_saves_nothing(
    reporter_client, settings, name, content, message
):
    response = reporter_client.post(
        reverse("admin:articles_article_add"),
        article_form_data(**photo_inline(imagefiles.upload(name, content))),
        headers={"accept-language": "en"},
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Article.objects.exists()
    assert not Photo.objects.exists()
    assert media_files(settings) == set()


def test_a_photo_too_large_for_the_settings_is_refused(reporter_client, settings):
    settings.NEWSROOM_IMAGE_MAX_BYTES = 1000
    upload = imagefiles.upload("big.jpg", imagefiles.encode(imagefiles.noise((64, 64))))

    response = reporter_client.post(
        reverse("admin:articles_article_add"),
        article_form_data(**photo_inline(upload)),
        headers={"accept-language": "en"},
    )

    assert "the limit is 1000" in response.content.decode()
    assert not Photo.objects.exists()
    assert media_files(settings) == set()


def test_a_photo_cannot_credit_a_reporter_and_a_text(reporter_client, settings):
    data = article_form_data(
        **photo_inline(
            image_file(), credit_reporter=make_reporter().pk, credit_text="新华社"
        )
    )

    response = reporter_client.post(
        reverse("admin:articles_article_add"), data, headers={"accept-language": "en"}
    )

    assert "Credit a reporter or write a credit, not both." in response.content.decode()
    assert not Photo.objects.exists()


def test_change_form_shows_thumbnails_and_offers_only_accepted_formats(
    reporter_client,
):
    article = make_article(created_by=reporter_client.user)
    first = make_photo(article, image=image_file(size=(900, 600)), order=1)
    second = make_photo(article, order=0)

    response = reporter_client.get(
        reverse("admin:articles_article_change", args=[article.pk])
    )

    content = response.content.decode()
    assert first.image.storage.url(first.renditions["sizes"][0]["jpg"]) in content
    assert second.image.storage.url(second.renditions["sizes"][0]["jpg"]) in content
    assert 'accept="image/jpeg,image/png,image/webp,image/gif"' in content
    assert [p.pk for p in article.photos.all()] == [second.pk, first.pk]


def test_replacing_a_photo_in_the_admin_swaps_its_files(
    reporter_client, settings, django_capture_on_commit_callbacks
):
    article = make_article(created_by=reporter_client.user)
    photo = make_photo(article, image=image_file(size=(800, 600)))
    data = article_form_data(
        headline=article.headline,
        slug=article.slug,
        expected_version=article.version,
        **photo_inline(image_file(size=(500, 400), color=(0, 0, 200))),
    )
    data.update(
        {
            "photos-INITIAL_FORMS": "1",
            "photos-0-id": photo.pk,
            "photos-0-article": article.pk,
        }
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = reporter_client.post(
            reverse("admin:articles_article_change", args=[article.pk]), data
        )

    assert response.status_code == 302, response.context["errors"]
    photo.refresh_from_db()
    assert (photo.width, photo.height) == (500, 400)
    assert media_files(settings) == photo_files(photo)


def test_refusals_are_explained_in_chinese_by_default(reporter_client):
    upload = imagefiles.upload("cut.jpg", imagefiles.truncated_jpeg())

    response = reporter_client.post(
        reverse("admin:articles_article_add"), article_form_data(**photo_inline(upload))
    )

    assert "图片无法完整读取" in response.content.decode()


def test_a_photo_chosen_on_a_form_with_an_error_is_kept_for_the_next_save(
    reporter_client, settings
):
    upload = imagefiles.upload("IMG_2041.jpg", imagefiles.rotated_jpeg_with_gps())
    url = reverse("admin:articles_article_add")

    # The headline is missing: the page comes back with the error …
    refused = reporter_client.post(
        url, article_form_data(headline="", **photo_inline(upload))
    )
    assert refused.status_code == 200
    assert not Photo.objects.exists()
    form = refused.context["inline_admin_formsets"][1].formset.forms[0]
    token = form["image_kept"].value()
    assert token
    assert f'name="photos-0-image_kept" value="{token}"' in refused.text
    assert "IMG_2041.jpg" in refused.text

    # … and sent again with the headline and no new file, the photo is saved.
    data = article_form_data(**photo_inline(""))
    data["photos-0-image_kept"] = token
    saved = reporter_client.post(url, data)

    assert saved.status_code == 302, saved.context["errors"]
    photo = Photo.objects.get()
    assert (photo.width, photo.height) == (40, 80)
    assert dict(open_stored(photo.image.name).getexif()) == {}


def test_a_kept_photo_is_never_taken_from_an_unknown_token(reporter_client):
    data = article_form_data(**photo_inline(""))
    data["photos-0-image_kept"] = "made-up"

    response = reporter_client.post(reverse("admin:articles_article_add"), data)

    assert response.status_code == 200
    assert not Photo.objects.exists()


def test_a_file_name_over_100_characters_is_accepted(reporter_client):
    name = "微信图片_" + "2026120114553" * 10 + ".jpg"
    assert len(name) > 100
    upload = imagefiles.upload(name, imagefiles.rotated_jpeg_with_gps())

    response = reporter_client.post(
        reverse("admin:articles_article_add"), article_form_data(**photo_inline(upload))
    )

    assert response.status_code == 302, response.context["errors"]
    assert len(Photo.objects.get().image.name) <= 100


def test_kept_uploads_need_no_server_of_their_own(reporter_client):
    """The kept photo lives in the shared cache: any app server can read it."""
    from django.core.cache import cache

    from pictures.kept_uploads import KEY_PREFIX, keep_upload, kept_upload

    token = keep_upload(imagefiles.upload("a.jpg", imagefiles.rotated_jpeg_with_gps()))

    assert cache.get(KEY_PREFIX + token)["name"] == "a.jpg"
    assert kept_upload(token).read() == imagefiles.rotated_jpeg_with_gps()
    assert kept_upload("x" * 65) is None
