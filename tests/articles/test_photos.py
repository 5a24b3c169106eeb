import io
import threading
import time
import warnings

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.utils import translation
from PIL import ExifTags, Image, ImageFile, JpegImagePlugin

from articles.models import Article, Photo
from pictures import renditions
from pictures.renditions import renditions_for
from pictures.uploads import clean_upload
from tests import imagefiles
from tests.factories import image_file, make_article, make_photo, make_reporter

pytestmark = pytest.mark.django_db


def media_files(settings):
    root = settings.MEDIA_ROOT
    if not root.exists():
        return set()
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def open_stored(name):
    with default_storage.open(name, "rb") as stored:
        image = Image.open(io.BytesIO(stored.read()))
        image.load()
    return image


def photo_files(photo):
    return {photo.image.name} | renditions.record_files(photo.renditions)


REFUSED = [
    pytest.param(
        "cut.jpg", imagefiles.truncated_jpeg(), "damaged", id="truncated-jpeg"
    ),
    pytest.param(
        "bomb.png",
        imagefiles.png_bomb(20_000, 20_000),
        "too_many_pixels",
        id="png-bomb-400mp",
    ),
    pytest.param(
        "wide.png",
        imagefiles.png_bomb(10_000, 6_000),
        "too_many_pixels",
        id="png-60mp-over-default-limit",
    ),
    pytest.param(
        "text.png", imagefiles.png_text_bomb(), "damaged", id="png-text-chunk-bomb"
    ),
    pytest.param(
        "photo.jpg",
        "这不是图片，只是一段文字。".encode() * 20,
        "unsupported_format",
        id="text-named-jpg",
    ),
    pytest.param("logo.svg", imagefiles.SVG, "unsupported_format", id="svg"),
    pytest.param("IMG_0001.HEIC", imagefiles.HEIC, "unsupported_format", id="heic"),
    pytest.param(
        "scan.bmp",
        imagefiles.encode(Image.new("RGB", (8, 8)), "BMP"),
        "unsupported_format",
        id="bmp",
    ),
    pytest.param("empty.jpg", b"", "empty", id="empty"),
]


class TestRefusedUploads:
    @pytest.mark.parametrize(("name", "content", "code"), REFUSED)
    def test_is_refused_with_a_reason_and_leaves_nothing(
        self, settings, name, content, code
    ):
        article = make_article()

        with warnings.catch_warnings():
            # A decompression bomb must not even get as far as Pillow's warning.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with pytest.raises(ValidationError) as raised, transaction.atomic():
                Photo.objects.create(
                    article=article, image=imagefiles.upload(name, content)
                )

        assert raised.value.code == code
        assert Photo.objects.count() == 0
        assert media_files(settings) == set()

    @pytest.mark.parametrize(
        ("content", "kind"),
        [(imagefiles.SVG, "SVG"), (imagefiles.HEIC, "HEIC"), (b"%PDF-1.7\n", "PDF")],
        ids=["svg", "heic", "pdf"],
    )
    def test_names_the_format_people_send_by_mistake(self, content, kind):
        with pytest.raises(ValidationError) as raised:
            clean_upload(imagefiles.upload("x.jpg", content))
        with translation.override("en"):
            (message,) = raised.value.messages
        assert message.startswith(f"{kind} files are not accepted.")
        assert "JPEG, PNG, WebP or GIF" in message

    def test_the_pixel_limit_is_read_from_settings(self, settings):
        settings.NEWSROOM_IMAGE_MAX_PIXELS = 100 * 100
        at_limit = imagefiles.upload("a.jpg", imagefiles.jpeg((100, 100)))
        over = imagefiles.upload("b.jpg", imagefiles.jpeg((101, 100)))

        assert clean_upload(at_limit).width == 100
        with pytest.raises(ValidationError) as raised:
            clean_upload(over)
        assert raised.value.code == "too_many_pixels"
        assert raised.value.params["width"] == 101

    def test_the_size_limit_is_read_from_settings(self, settings):
        content = imagefiles.jpeg((32, 32))
        settings.NEWSROOM_IMAGE_MAX_BYTES = len(content)
        assert clean_upload(imagefiles.upload("a.jpg", content)).width == 32

        settings.NEWSROOM_IMAGE_MAX_BYTES = len(content) - 1
        with pytest.raises(ValidationError) as raised:
            clean_upload(imagefiles.upload("a.jpg", content))
        assert raised.value.code == "file_too_large"

    def test_default_limits_are_25_mb_and_50_megapixels(self, settings):
        assert settings.NEWSROOM_IMAGE_MAX_BYTES == 25 * 1024 * 1024
        assert settings.NEWSROOM_IMAGE_MAX_PIXELS == 50_000_000

    def test_a_bomb_is_refused_before_its_pixels_are_decoded(self, monkeypatch):
        loaded = []
        for cls in (Image.Image, ImageFile.ImageFile):
            monkeypatch.setattr(cls, "load", lambda self: loaded.append(self))
        with pytest.raises(ValidationError):
            clean_upload(imagefiles.upload("b.png", imagefiles.png_bomb(8000, 7000)))
        assert loaded == []


class TestAcceptedUploads:
    def test_rotated_photo_is_stored_upright_without_gps_or_camera_data(self):
        photo = make_photo(
            make_article(),
            image=imagefiles.upload("IMG_2041.jpg", imagefiles.rotated_jpeg_with_gps()),
        )

        assert (photo.width, photo.height) == (40, 80)
        assert photo.renditions["sizes"][0]["width"] == 40
        for name in photo_files(photo):
            with default_storage.open(name, "rb") as stored:
                raw = stored.read()
            image = Image.open(io.BytesIO(raw))
            assert image.height > image.width, name
            top, bottom = (
                image.getpixel((20, 5)),
                image.getpixel((20, 75 * image.height // 80)),
            )
            assert top[0] > 150 and top[2] < 80, name
            assert bottom[2] > 150 and bottom[0] < 80, name
            exif = image.getexif()
            assert dict(exif) == {}, name
            assert exif.get_ifd(ExifTags.IFD.GPSInfo) == {}, name
            for secret in (
                imagefiles.CAMERA_MAKE.encode(),
                imagefiles.CAMERA_SERIAL.encode(),
                imagefiles.XMP_MARKER,
            ):
                assert secret not in raw, name

    def test_png_text_chunks_do_not_survive(self):
        photo = make_photo(
            make_article(),
            image=imagefiles.upload("map.png", imagefiles.png_with_private_text()),
        )
        for name in photo_files(photo):
            with default_storage.open(name, "rb") as stored:
                raw = stored.read()
            assert imagefiles.CAMERA_SERIAL.encode() not in raw
            assert imagefiles.CAMERA_MAKE.encode() not in raw

    def test_the_stored_name_gives_nothing_away(self):
        photo = make_photo(
            make_article(), image=image_file(name="线人王某提供-2026.jpg")
        )
        assert "线人" not in photo.image.name
        assert photo.image.name.startswith("photos/")
        assert photo.image.name.endswith(".jpg")

    def test_the_extension_follows_the_content(self):
        png_named_jpg = imagefiles.upload(
            "chart.jpg", imagefiles.encode(Image.new("RGBA", (20, 10)), "PNG")
        )
        photo = make_photo(make_article(), image=png_named_jpg)
        assert photo.image.name.endswith(".png")
        assert open_stored(photo.image.name).format == "PNG"

    def test_cmyk_jpeg_comes_out_in_true_colours(self):
        photo = make_photo(
            make_article(), image=imagefiles.upload("ad.jpg", imagefiles.cmyk_jpeg())
        )
        for name in photo_files(photo):
            image = open_stored(name)
            assert image.mode == "RGB", name
            red, green, blue = image.getpixel((30, 20))
            # Inverted CMYK would come out cyan.
            assert red > 200 and green < 60 and blue < 60, name

    def test_16_bit_png_keeps_its_tones(self):
        photo = make_photo(
            make_article(),
            image=imagefiles.upload("ramp.png", imagefiles.png_16bit_grey()),
        )
        master = open_stored(photo.image.name)
        assert master.mode == "L"
        assert master.getpixel((0, 4)) <= 2
        assert 120 <= master.getpixel((128, 4)) <= 136
        assert master.getpixel((255, 4)) >= 253
        rendition = open_stored(photo.renditions["sizes"][0]["jpg"])
        middle = rendition.convert("L").getpixel((128, 4))
        assert 110 <= middle <= 146

    def test_animated_gif_uses_its_first_frame(self):
        photo = make_photo(
            make_article(),
            image=imagefiles.upload(
                "flash.gif", imagefiles.animated_gif(), "image/gif"
            ),
        )
        assert (photo.width, photo.height) == (40, 30)
        for name in photo_files(photo):
            image = open_stored(name).convert("RGB")
            red, green, blue = image.getpixel((20, 15))
            assert red > 200 and blue < 60, name

    def test_transparency_is_kept_in_webp_and_flattened_on_white_in_jpeg(self):
        image = Image.new("RGBA", (40, 40), (0, 0, 0, 0))
        image.paste((0, 90, 0, 255), (0, 0, 20, 40))
        photo = make_photo(
            make_article(),
            image=imagefiles.upload("logo.png", imagefiles.encode(image, "PNG")),
        )
        sizes = photo.renditions["sizes"][0]
        webp, jpeg = open_stored(sizes["webp"]), open_stored(sizes["jpg"])
        assert webp.mode == "RGBA" and webp.getpixel((30, 20))[3] == 0
        assert jpeg.mode == "RGB" and min(jpeg.getpixel((30, 20))) > 240
        assert jpeg.getpixel((5, 20))[1] > 60

    def test_a_broken_colour_profile_does_not_refuse_the_photo(self):
        content = imagefiles.jpeg((20, 20), icc_profile=b"not a profile at all")
        photo = make_photo(make_article(), image=imagefiles.upload("p.jpg", content))
        assert open_stored(photo.image.name).getpixel((10, 10))[0] > 150


class TestRenditions:
    @pytest.mark.parametrize(
        ("width", "expected"),
        [
            (2000, [320, 640, 1024, 1600]),
            (1600, [320, 640, 1024, 1600]),
            (1601, [320, 640, 1024, 1600]),
            (700, [320, 640, 700]),
            (640, [320, 640]),
            (200, [200]),
        ],
    )
    def test_are_made_at_set_widths_and_never_upscaled(self, width, expected):
        photo = make_photo(make_article(), image=image_file(size=(width, width // 2)))

        sizes = photo.renditions["sizes"]
        assert [s["width"] for s in sizes] == expected
        for item in sizes:
            webp, jpeg = open_stored(item["webp"]), open_stored(item["jpg"])
            assert webp.format == "WEBP" and jpeg.format == "JPEG"
            assert webp.size == jpeg.size == (item["width"], item["height"])
            assert item["height"] == round(width // 2 * item["width"] / width)

    def test_large_jpegs_are_decoded_in_draft_mode(self, monkeypatch):
        drafts = []
        original = JpegImagePlugin.JpegImageFile.draft

        def spy(self, mode, size):
            result = original(self, mode, size)
            drafts.append((size, self.size))
            return result

        monkeypatch.setattr(JpegImagePlugin.JpegImageFile, "draft", spy)
        make_photo(make_article(), image=image_file(size=(4000, 3000)))

        assert drafts == [((1600, 1200), (2000, 1500))]

    def test_are_made_once_and_reused(self, monkeypatch):
        photo = make_photo(make_article())
        calls = []
        monkeypatch.setattr(
            renditions, "build_renditions", lambda *a, **k: calls.append(a) or {}
        )

        again = Photo.objects.get(pk=photo.pk)
        assert renditions_for(again.image) == photo.renditions
        assert calls == []

    def test_missing_renditions_are_made_on_first_use_and_recorded(
        self, django_assert_num_queries
    ):
        photo = make_photo(make_article(), image=image_file(size=(900, 600)))
        expected = photo.renditions
        Photo.objects.filter(pk=photo.pk).update(renditions={})
        for name in renditions.record_files(expected):
            default_storage.delete(name)

        stale = Photo.objects.get(pk=photo.pk)
        record = renditions_for(stale.image)

        assert [s["width"] for s in record["sizes"]] == [320, 640, 900]
        assert Photo.objects.get(pk=photo.pk).renditions == record
        assert all(default_storage.exists(n) for n in renditions.record_files(record))
        with django_assert_num_queries(0):
            assert renditions_for(stale.image) == record

    def test_a_changed_recipe_remakes_them_and_drops_the_old_files(
        self, monkeypatch, django_capture_on_commit_callbacks
    ):
        photo = make_photo(make_article(), image=image_file(size=(700, 500)))
        old_files = renditions.record_files(photo.renditions)
        monkeypatch.setattr(renditions, "WEBP_QUALITY", renditions.WEBP_QUALITY - 5)

        with django_capture_on_commit_callbacks(execute=True):
            record = renditions_for(Photo.objects.get(pk=photo.pk).image)

        assert record["spec"] != photo.renditions["spec"]
        assert not any(default_storage.exists(n) for n in old_files)
        assert all(default_storage.exists(n) for n in renditions.record_files(record))

    def test_a_missing_source_file_gives_no_renditions_instead_of_an_error(self):
        photo = make_photo(make_article())
        Photo.objects.filter(pk=photo.pk).update(renditions={})
        default_storage.delete(photo.image.name)

        assert renditions_for(Photo.objects.get(pk=photo.pk).image) is None

    def test_a_legacy_file_on_its_side_gets_upright_renditions(self):
        photo = make_photo(make_article())
        # As if stored before uploads were cleaned: raw bytes, EXIF and all.
        name = default_storage.save(
            "photos/legacy.jpg", ContentFile(imagefiles.rotated_jpeg_with_gps())
        )
        Photo.objects.filter(pk=photo.pk).update(image=name, renditions={})

        record = renditions_for(Photo.objects.get(pk=photo.pk).image)

        assert (record["width"], record["height"]) == (40, 80)
        rendition = open_stored(record["sizes"][0]["jpg"])
        assert rendition.size == (40, 80)
        assert dict(rendition.getexif()) == {}


class TestFileLifecycle:
    def test_replacing_the_image_remakes_renditions_and_removes_old_files(
        self, settings, django_capture_on_commit_callbacks
    ):
        photo = make_photo(make_article(), image=image_file(size=(800, 600)))
        old_files = photo_files(photo)

        with django_capture_on_commit_callbacks(execute=True):
            photo.image = image_file(size=(500, 500), color=(0, 90, 200))
            photo.save()

        assert (photo.width, photo.height) == (500, 500)
        assert [s["width"] for s in photo.renditions["sizes"]] == [320, 500]
        assert media_files(settings) == photo_files(photo)
        assert not old_files & photo_files(photo)
        assert Photo.objects.get(pk=photo.pk).renditions == photo.renditions

    def test_a_rolled_back_replacement_keeps_the_old_files(
        self, settings, django_capture_on_commit_callbacks
    ):
        photo = make_photo(make_article())
        old_files = photo_files(photo)

        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            with pytest.raises(RuntimeError), transaction.atomic():
                photo.image = image_file(color=(0, 0, 0))
                photo.save()
                raise RuntimeError

        assert callbacks == []
        assert old_files <= media_files(settings)

    def test_saving_other_fields_keeps_the_files(
        self, settings, django_capture_on_commit_callbacks
    ):
        photo = make_photo(make_article())
        with django_capture_on_commit_callbacks(execute=True):
            photo = Photo.objects.get(pk=photo.pk)
            photo.caption = "新的图片说明"
            photo.save()
        assert media_files(settings) == photo_files(photo)

    def test_deleting_a_photo_removes_its_files_after_commit(
        self, settings, django_capture_on_commit_callbacks
    ):
        keep = make_photo(make_article())
        photo = make_photo(make_article(), image=image_file(size=(700, 400)))

        with django_capture_on_commit_callbacks() as callbacks:
            Photo.objects.get(pk=photo.pk).delete()
            # Until the transaction commits, the files are still there.
            assert photo_files(photo) <= media_files(settings)
        for callback in callbacks:
            callback()

        assert media_files(settings) == photo_files(keep)

    def test_a_rolled_back_delete_keeps_the_files(
        self, settings, django_capture_on_commit_callbacks
    ):
        photo = make_photo(make_article())

        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            with pytest.raises(RuntimeError), transaction.atomic():
                photo.delete()
                raise RuntimeError

        assert callbacks == []
        assert media_files(settings) == photo_files(photo)

    def test_deleting_an_article_removes_its_photos_files(
        self, settings, django_capture_on_commit_callbacks
    ):
        article = make_article()
        make_photo(article)
        make_photo(article, image=image_file(size=(400, 300)))

        with django_capture_on_commit_callbacks(execute=True):
            Article.objects.filter(pk=article.pk).delete()

        assert media_files(settings) == set()

    def test_files_saved_through_the_field_file_are_cleaned_too(self, settings):
        photo = Photo(article=make_article())
        photo.image.save(
            "upload.jpg", ContentFile(imagefiles.rotated_jpeg_with_gps()), save=False
        )
        photo.save()

        assert (photo.width, photo.height) == (40, 80)
        assert media_files(settings) == photo_files(photo)


class TestCredit:
    def test_a_photo_credits_a_reporter_or_a_text_not_both(self):
        photo = make_photo(make_article(), credit_reporter=make_reporter())
        photo.credit_text = "新华社"
        with pytest.raises(ValidationError) as raised:
            photo.full_clean()
        assert raised.value.error_dict["__all__"][0].code == "two_credits"

        photo.credit_text = ""
        photo.full_clean()


@pytest.mark.django_db(transaction=True)
def test_two_requests_at_once_make_renditions_only_once(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row locks; the PostgreSQL run covers this.")
    photo = make_photo(make_article())
    Photo.objects.filter(pk=photo.pk).update(renditions={})
    real_build = renditions.build_renditions
    builds = []

    def slow_build(*args, **kwargs):
        builds.append(threading.get_ident())
        time.sleep(0.5)
        return real_build(*args, **kwargs)

    monkeypatch.setattr(renditions, "build_renditions", slow_build)
    results = []

    def request():
        try:
            results.append(renditions_for(Photo.objects.get(pk=photo.pk).image))
        finally:
            connection.close()

    threads = [threading.Thread(target=request) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(builds) == 1
    assert len(results) == 2 and results[0] == results[1]
    assert results[0]["source"] == photo.image.name


class TestMakeRenditionsCommand:
    def test_makes_what_is_missing_and_leaves_the_rest(self, capsys):
        fresh = make_photo(make_article())
        stale = make_photo(make_article(), image=image_file(size=(700, 500)))
        reporter = make_reporter(headshot=image_file(size=(400, 400)))
        Photo.objects.filter(pk=stale.pk).update(renditions={})
        type(reporter).objects.filter(pk=reporter.pk).update(headshot_renditions={})

        call_command("make_renditions")

        assert "2 made, 1 already current" in capsys.readouterr().out
        assert Photo.objects.get(pk=stale.pk).renditions == stale.renditions
        assert Photo.objects.get(pk=fresh.pk).renditions == fresh.renditions
        reporter.refresh_from_db()
        assert [s["width"] for s in reporter.headshot_renditions["sizes"]] == [
            160,
            320,
            400,
        ]

    def test_names_the_files_it_could_not_read(self):
        photo = make_photo(make_article())
        Photo.objects.filter(pk=photo.pk).update(renditions={})
        default_storage.delete(photo.image.name)

        with pytest.raises(CommandError, match=photo.image.name):
            call_command("make_renditions")
