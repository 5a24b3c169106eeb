"""Accept uploaded photos safely and make the renditions the public site serves.

An upload is decoded in full, turned upright, converted to 8-bit sRGB and
re-encoded without metadata before anything is written, so what reaches storage
carries no GPS position, camera serial or editing history. Renditions are made
from that clean master, once, and recorded on the row that owns the image.
"""

import hashlib
import io
import logging
import posixpath
import struct
import warnings
import zlib
from dataclasses import dataclass
from functools import partial

from django import forms
from django.conf import settings
from django.core import checks
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import models, router, transaction
from django.db.models import signals
from django.db.models.fields.files import FieldFile, ImageFieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from PIL import ExifTags, Image, ImageCms, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
ACCEPT_ATTRIBUTE = "image/jpeg,image/png,image/webp,image/gif"

PHOTO_WIDTHS = (320, 640, 1024, 1600)
HEADSHOT_WIDTHS = (160, 320, 640)

# Masters are kept close to the upload; renditions are tuned for phones.
MASTER_JPEG_QUALITY = 92
MASTER_WEBP_QUALITY = 90
WEBP_QUALITY = 80
WEBP_METHOD = 4
JPEG_QUALITY = 82
# Bump when the way renditions are drawn changes, so every record goes stale.
RENDITION_VERSION = 1

# What Pillow raises for files that start like an image but do not decode.
DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, struct.error, zlib.error)

# Formats people send by mistake, named in the refusal so they know what to do.
_SIGNATURES = (
    (b"%PDF", "PDF"),
    (b"BM", "BMP"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
)
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1")

_SRGB = ImageCms.createProfile("sRGB")


@dataclass(frozen=True)
class CleanImage:
    """An accepted upload, re-encoded without metadata."""

    content: bytes
    extension: str
    width: int
    height: int

    @property
    def digest(self):
        return hashlib.sha256(self.content).hexdigest()[:20]


def max_bytes():
    return settings.NEWSROOM_IMAGE_MAX_BYTES


def max_pixels():
    return settings.NEWSROOM_IMAGE_MAX_PIXELS


def clean_upload(upload):
    """Return the upload decoded, upright, in sRGB and stripped of metadata."""
    # Raises ValidationError with a message an editor can act on. The result
    # is remembered on the upload, so the form field and the model field that
    # both check it decode it only once.
    cleaned = getattr(upload, "_newsroom_clean_image", None)
    if cleaned is None:
        cleaned = _clean(upload)
        upload._newsroom_clean_image = cleaned
    return cleaned


def _clean(upload):
    size = upload.size
    if not size:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > max_bytes():
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(max_bytes())},
        )
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    try:
        # The pixel limit below is the one that counts; Pillow's own bomb
        # warning would only add noise before the refusal.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(upload, formats=ACCEPTED_FORMATS)
    except UnidentifiedImageError as exc:
        raise unsupported_format(head) from exc
    except Image.DecompressionBombError as exc:
        raise too_many_pixels() from exc
    except DECODE_ERRORS as exc:
        raise damaged() from exc
    with image:
        width, height = image.size
        if width * height > max_pixels():
            raise too_many_pixels(width, height)
        source_format = image.format
        try:
            # load() decodes every byte of the (first) frame: verify() alone
            # passes files that are cut short.
            image.load()
            clean = normalise(image)
            content, extension = _encode_master(clean, source_format)
        except Image.DecompressionBombError as exc:
            raise too_many_pixels() from exc
        except DECODE_ERRORS as exc:
            raise damaged() from exc
        finally:
            upload.seek(0)
    return CleanImage(content, extension, clean.width, clean.height)


def unsupported_format(head):
    kind = _sniff(head)
    if kind:
        return ValidationError(
            _(
                "%(kind)s files are not accepted. Upload a JPEG, PNG, WebP or "
                "GIF image; export or screenshot it as JPEG first."
            ),
            code="unsupported_format",
            params={"kind": kind},
        )
    return ValidationError(
        _("This file is not a JPEG, PNG, WebP or GIF image."),
        code="unsupported_format",
    )


def too_many_pixels(width=None, height=None):
    limit = round(max_pixels() / 1_000_000, 1)
    if width is None:
        return ValidationError(
            _("The image has more than %(limit)s megapixels, the limit."),
            code="too_many_pixels",
            params={"limit": limit},
        )
    return ValidationError(
        _(
            "The image is %(width)s × %(height)s pixels (%(megapixels)s "
            "megapixels); the limit is %(limit)s megapixels. Make it smaller."
        ),
        code="too_many_pixels",
        params={
            "width": width,
            "height": height,
            "megapixels": round(width * height / 1_000_000, 1),
            "limit": limit,
        },
    )


def damaged():
    return ValidationError(
        _(
            "The image could not be read to the end: the file is damaged or "
            "incomplete. Export or copy it again and retry."
        ),
        code="damaged",
    )


def _sniff(head):
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"<svg") or (text.startswith(b"<?xml") and b"<svg" in text):
        return "SVG"
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in _HEIF_BRANDS:
            return "HEIC"
        if brand in (b"avif", b"avis"):
            return "AVIF"
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    return None


def normalise(image):
    """Return ``image`` upright, in 8-bit sRGB (L, RGB or RGBA), with no metadata."""
    icc_profile = image.info.get("icc_profile")
    ImageOps.exif_transpose(image, in_place=True)
    if image.mode.startswith("I"):
        # Pillow's own 16-bit to 8-bit conversion clips at 255, which turns
        # a 16-bit greyscale PNG white; scale the range down instead.
        image = image.point(lambda value: value / 256).convert("L")
    if icc_profile and image.mode in ("RGB", "RGBA", "CMYK"):
        image = _to_srgb(image, icc_profile)
    if image.mode == "1":
        image = image.convert("L")
    elif image.mode not in ("L", "RGB", "RGBA"):
        # CMYK without a profile, palettes, grey with alpha.
        image = image.convert("RGBA" if image.has_transparency_data else "RGB")
    if image.mode == "RGBA" and image.getchannel("A").getextrema() == (255, 255):
        image = image.convert("RGB")
    # Everything Pillow would write back (EXIF, XMP, ICC, comments, PNG text)
    # lives here; the pixels are all a public file needs.
    image.info = {}
    return image


def _to_srgb(image, icc_profile):
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        if "srgb" in ImageCms.getProfileDescription(profile).lower():
            return image
        alpha = image.getchannel("A") if image.mode == "RGBA" else None
        source = image.convert("RGB") if alpha is not None else image
        converted = ImageCms.profileToProfile(
            source,
            profile,
            _SRGB,
            renderingIntent=ImageCms.Intent.PERCEPTUAL,
            outputMode="RGB",
        )
    except (ImageCms.PyCMSError, OSError, ValueError) as exc:
        # A broken or mismatched profile still leaves usable pixels.
        logger.info("Ignoring an unusable colour profile: %s", exc)
        return image
    if alpha is not None:
        converted.putalpha(alpha)
    return converted


def _encode_master(image, source_format):
    buffer = io.BytesIO()
    if source_format == "JPEG" and image.mode in ("L", "RGB"):
        image.save(buffer, "JPEG", quality=MASTER_JPEG_QUALITY)
        extension = "jpg"
    elif source_format == "WEBP":
        image.save(buffer, "WEBP", quality=MASTER_WEBP_QUALITY)
        extension = "webp"
    else:
        # PNG and the first frame of a GIF: lossless, and no palette limits.
        image.save(buffer, "PNG")
        extension = "png"
    return buffer.getvalue(), extension


def rendition_spec(widths):
    """Return a short key for how renditions at ``widths`` are made."""
    recipe = (tuple(widths), WEBP_QUALITY, WEBP_METHOD, JPEG_QUALITY, RENDITION_VERSION)
    return hashlib.sha256(repr(recipe).encode()).hexdigest()[:8]


def rendition_widths(widths, width):
    """Return the widths to make for an image ``width`` pixels wide, never wider."""
    return sorted({min(w, width) for w in widths})


def build_renditions(storage, source_name, widths, content=None):
    """Write WebP and JPEG renditions of a stored image and return their record."""
    # Names come from the source name and the recipe, so a second run finds
    # the files of the first and writes nothing.
    if content is None:
        with storage.open(source_name, "rb") as stored:
            content = stored.read()
    spec = rendition_spec(widths)
    stem = posixpath.splitext(source_name)[0]
    written = []
    try:
        frames, width, height = _draw_renditions(content, widths)
        sizes = []
        for frame in frames:
            item = {"width": frame.width, "height": frame.height}
            for extension, encode in (("webp", _encode_webp), ("jpg", _encode_jpeg)):
                name = f"renditions/{stem}-{spec}-{frame.width}w.{extension}"
                if not storage.exists(name):
                    name = storage.save(name, ContentFile(encode(frame)))
                    written.append(name)
                item[extension] = name
            sizes.append(item)
    except BaseException:
        delete_files(storage, written)
        raise
    return {
        "source": source_name,
        "spec": spec,
        "width": width,
        "height": height,
        "sizes": sizes,
    }


def _draw_renditions(content, widths):
    # No `with`: closing the image would free the frame returned unresized.
    image = Image.open(io.BytesIO(content))
    width, height = image.size
    if width * height > max_pixels():
        raise too_many_pixels(width, height)
    if image.getexif().get(ExifTags.Base.Orientation, 1) in (5, 6, 7, 8):
        # Files stored before uploads were cleaned may still lie on
        # their side; they are shown upright.
        width, height = height, width
    targets = rendition_widths(widths, width)
    largest = (targets[-1], _scaled_height(width, height, targets[-1]))
    if image.format == "JPEG":
        # Let libjpeg decode at 1/2, 1/4 or 1/8 scale: far less memory and
        # time than decoding every pixel only to throw most away.
        image.draft(image.mode, largest if width == image.width else largest[::-1])
    image.load()
    frames = [normalise(image)]
    for target in reversed(targets):
        size = (target, _scaled_height(width, height, target))
        if frames[-1].size != size:
            # Each step shrinks the previous one: Lanczos over a smaller
            # source, a fraction of the work of starting over each time.
            frames.append(
                frames[-1].resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
            )
    if frames[0].size != largest:
        frames.pop(0)
    return frames[::-1], width, height


def _scaled_height(width, height, target):
    return max(1, round(height * target / width))


def _encode_webp(frame):
    buffer = io.BytesIO()
    frame.save(buffer, "WEBP", quality=WEBP_QUALITY, method=WEBP_METHOD)
    return buffer.getvalue()


def _encode_jpeg(frame):
    if frame.mode == "RGBA":
        flat = Image.new("RGB", frame.size, (255, 255, 255))
        flat.paste(frame, mask=frame.getchannel("A"))
        frame = flat
    buffer = io.BytesIO()
    frame.save(buffer, "JPEG", quality=JPEG_QUALITY, progressive=True, optimize=True)
    return buffer.getvalue()


def record_files(record):
    """Return the names of the rendition files a record points to."""
    names = set()
    for item in (record or {}).get("sizes", []):
        names.update(item.get(key) for key in ("webp", "jpg") if item.get(key))
    return names


def is_current(record, name, widths):
    return bool(
        record
        and name
        and record.get("source") == name
        and record.get("spec") == rendition_spec(widths)
    )


def delete_files(storage, names):
    """Delete stored files, logging the ones that could not be deleted."""
    for name in names:
        try:
            storage.delete(name)
        except OSError:
            logger.warning("Could not delete %s from storage", name, exc_info=True)


def discard_on_commit(storage, names, using):
    """Delete files once the transaction that stopped using them commits."""
    if names:
        transaction.on_commit(
            partial(delete_files, storage, sorted(names)), using=using, robust=True
        )


def renditions_for(field_file):
    """Return the renditions record of a stored image, making it first if needed."""
    # Records are made on upload; one is missing or stale only for files stored
    # another way or after the recipe changed. Then the row is locked (SELECT
    # ... FOR UPDATE) so that of two requests arriving together one makes the
    # files and the other waits and reuses them. None means nothing to show.
    if not field_file or not field_file._committed:
        return None
    field, instance = field_file.field, field_file.instance
    record = getattr(instance, field.renditions_field)
    if is_current(record, field_file.name, field.widths):
        return record
    if instance.pk is None:
        return None
    try:
        return _rebuild_locked(instance, field, field_file.name)
    except (ValidationError, *DECODE_ERRORS):
        logger.warning(
            "Could not make renditions of %s", field_file.name, exc_info=True
        )
        return None


def image_preview(field_file, *, width=120):
    """Return an <img> of a stored image's smallest rendition, for the admin."""
    record = renditions_for(field_file)
    if not record:
        return "—"
    smallest = record["sizes"][0]
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="" style="{}">',
        field_file.storage.url(smallest["jpg"]),
        width,
        round(width * smallest["height"] / smallest["width"]),
        "object-fit: contain; background: #eee",
    )


def _rebuild_locked(instance, field, name):
    model = type(instance)
    using = router.db_for_write(model, instance=instance)
    rows = model._base_manager.using(using).filter(pk=instance.pk)
    with transaction.atomic(using=using):
        # SQLite ignores FOR UPDATE; there a race costs duplicate work only,
        # as build_renditions() reuses files that already exist.
        row = (
            rows.select_for_update()
            .values_list(field.attname, field.renditions_field)
            .first()
        )
        if row is None or row[0] != name:
            return None
        stored = row[1]
        if is_current(stored, name, field.widths):
            record = stored
        else:
            record = build_renditions(field.storage, name, field.widths)
            rows.update(**{field.renditions_field: record})
            discard_on_commit(
                field.storage, record_files(stored) - record_files(record), using
            )
    setattr(instance, field.renditions_field, record)
    _stored_files(instance)[field.attname] = field.stored_files(instance)
    return record


def _stored_files(instance):
    """Return the per-instance memo of which files each image field's row uses."""
    return instance.__dict__.setdefault("_newsroom_stored_files", {})


class ProcessedImageFormField(forms.ImageField):
    """An image upload field that checks the whole file, not only its header."""

    def to_python(self, data):
        # Skip forms.ImageField's verify(): it passes truncated files and
        # reports a decompression bomb as a generic error.
        upload = forms.FileField.to_python(self, data)
        if upload is not None:
            clean_upload(upload)
        return upload

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = ACCEPT_ATTRIBUTE
        return attrs


class ProcessedImageFieldFile(ImageFieldFile):
    def save(self, name, content, save=True):
        """Store the cleaned upload and its renditions instead of the raw file."""
        cleaned = clean_upload(content)
        field, instance = self.field, self.instance
        # The name comes from the content: an upload's own name may say more
        # than it should about who took the picture.
        name = field.generate_filename(
            instance, f"{cleaned.digest}.{cleaned.extension}"
        )
        self.name = self.storage.save(
            name, ContentFile(cleaned.content), max_length=field.max_length
        )
        try:
            record = build_renditions(
                self.storage, self.name, field.widths, content=cleaned.content
            )
        except BaseException:
            delete_files(self.storage, [self.name])
            raise
        # Bypass the descriptor: it would read the stored file back to learn
        # dimensions that are already known.
        instance.__dict__[field.attname] = self.name
        self._committed = True
        if field.width_field:
            setattr(instance, field.width_field, cleaned.width)
        if field.height_field:
            setattr(instance, field.height_field, cleaned.height)
        setattr(instance, field.renditions_field, record)
        if save:
            instance.save()

    save.alters_data = True


class ProcessedImageField(models.ImageField):
    """An ImageField whose uploads are cleaned and come with renditions."""

    # ``renditions_field`` names a JSONField on the same model, declared after
    # this one, that records the renditions. Files a row stops using, because
    # its image was replaced or the row was deleted, leave storage once the
    # transaction commits, so a rollback never loses a picture.

    attr_class = ProcessedImageFieldFile
    # The content decides what a file is; its extension is replaced anyway.
    default_validators = []

    def __init__(self, *args, renditions_field, widths=PHOTO_WIDTHS, **kwargs):
        self.renditions_field = renditions_field
        self.widths = tuple(widths)
        super().__init__(*args, **kwargs)

    def check(self, **kwargs):
        return [*super().check(**kwargs), *self._check_companion_fields()]

    def _check_companion_fields(self):
        names = [f.name for f in self.model._meta.concrete_fields]
        errors = []
        for companion in (self.renditions_field, self.width_field, self.height_field):
            if not companion:
                continue
            if companion not in names:
                errors.append(
                    checks.Error(
                        f"'{companion}' is not a field of {self.model.__name__}.",
                        obj=self,
                        id="articles.E001",
                    )
                )
            elif names.index(companion) < names.index(self.name):
                # Django writes fields in declaration order, after each
                # one's pre_save(); values set while saving the image would
                # miss the row.
                errors.append(
                    checks.Error(
                        f"'{companion}' must be declared after '{self.name}'.",
                        obj=self,
                        id="articles.E002",
                    )
                )
        return errors

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["renditions_field"] = self.renditions_field
        kwargs["widths"] = self.widths
        return name, path, args, kwargs

    def contribute_to_class(self, cls, name, **kwargs):
        super().contribute_to_class(cls, name, **kwargs)
        if not cls._meta.abstract:
            # Storage housekeeping for this field, wired up the way
            # ImageField wires its dimension fields: cascades and bulk
            # deletes call no model method, only these signals.
            signals.post_init.connect(self._remember_files, sender=cls)
            signals.post_save.connect(self._discard_replaced_files, sender=cls)
            signals.post_delete.connect(self._discard_deleted_files, sender=cls)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": ProcessedImageFormField, **kwargs})

    def validate(self, value, model_instance):
        super().validate(value, model_instance)
        if value and not value._committed:
            clean_upload(value.file)

    def update_dimension_fields(self, instance, force=False, *args, **kwargs):
        value = instance.__dict__.get(self.attname)
        if isinstance(value, File) and not (
            isinstance(value, FieldFile) and value._committed
        ):
            # A fresh upload is untrusted until clean_upload() has read it;
            # its dimensions are set when it is saved.
            return
        super().update_dimension_fields(instance, force, *args, **kwargs)

    def pre_save(self, model_instance, add):
        memo = _stored_files(model_instance)
        if not add and self.attname not in memo:
            # Loaded with this field deferred: ask the database what it holds.
            memo[self.attname] = self._files_in_database(model_instance)
        file = super().pre_save(model_instance, add)
        if not file and getattr(model_instance, self.renditions_field):
            setattr(model_instance, self.renditions_field, {})
        return file

    def stored_files(self, instance):
        """Return the stored names the instance's image and renditions use."""
        file = getattr(instance, self.attname)
        names = record_files(getattr(instance, self.renditions_field))
        if file and file._committed:
            names.add(file.name)
        return names

    def _files_in_database(self, instance):
        row = (
            type(instance)
            ._base_manager.filter(pk=instance.pk)
            .values_list(self.attname, self.renditions_field)
            .first()
        )
        if row is None:
            return set()
        name, record = row
        return record_files(record) | ({name} if name else set())

    def _remember_files(self, instance, **kwargs):
        value = instance.__dict__.get(self.attname)
        if isinstance(value, str) and self.renditions_field in instance.__dict__:
            names = record_files(instance.__dict__[self.renditions_field])
            if value:
                names.add(value)
            _stored_files(instance)[self.attname] = names

    def _discard_replaced_files(self, instance, raw=False, using=None, **kwargs):
        if raw:
            return
        memo = _stored_files(instance)
        current = self.stored_files(instance)
        discard_on_commit(self.storage, memo.get(self.attname, set()) - current, using)
        memo[self.attname] = current

    def _discard_deleted_files(self, instance, using=None, **kwargs):
        names = _stored_files(instance).get(self.attname, set())
        discard_on_commit(self.storage, names | self.stored_files(instance), using)
