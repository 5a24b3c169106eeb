"""Accept an uploaded image only after decoding it in full, and clean it.

An upload is decoded in full, turned upright, converted to 8-bit sRGB and
re-encoded without metadata before anything is written, so what reaches storage
carries no GPS position, camera serial or editing history.
"""

import hashlib
import io
import logging
import struct
import warnings
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
ACCEPT_ATTRIBUTE = "image/jpeg,image/png,image/webp,image/gif"

# Masters are kept close to the upload; renditions are tuned for phones.
MASTER_JPEG_QUALITY = 92
MASTER_WEBP_QUALITY = 90

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
