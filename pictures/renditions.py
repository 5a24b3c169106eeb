"""Renditions: the resized WebP and JPEG copies the public site serves.

Renditions are made from an upload's clean master, once, and recorded on the
row that owns the image (a JSON field next to it). Files a row stops using
leave storage only once the transaction that dropped them commits.
"""

import hashlib
import io
import logging
import posixpath
from functools import partial

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import router, transaction
from django.dispatch import Signal
from django.utils.html import format_html
from PIL import ExifTags, Image

import frontcache.purging as frontcache

from .uploads import DECODE_ERRORS, max_pixels, normalise, too_many_pixels

logger = logging.getLogger(__name__)

PHOTO_WIDTHS = (320, 640, 1024, 1600)
HEADSHOT_WIDTHS = (160, 320, 640)

WEBP_QUALITY = 80
WEBP_METHOD = 4
JPEG_QUALITY = 82
# Bump when the way renditions are drawn changes, so every record goes stale.
RENDITION_VERSION = 1

# Sent when a row's renditions record is rewritten by a queryset update.
renditions_rebuilt = Signal()


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
        # Each storage fails in exceptions of its own (OSError on disk,
        # botocore's on S3); a file left behind costs space, not a page.
        except Exception:
            logger.warning("Could not delete %s from storage", name, exc_info=True)


def discard_files(storage, names):
    """Delete files no row uses any more, and purge them from the front cache."""
    delete_files(storage, names)
    # A front cache (Varnish, a CDN) would go on serving them otherwise.
    frontcache.purge(urls={storage.url(name) for name in names})


def discard_on_commit(storage, names, using):
    """Delete files once the transaction that stopped using them commits."""
    if names:
        transaction.on_commit(
            partial(discard_files, storage, sorted(names)), using=using, robust=True
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


def rendition_near(field_file, width):
    """Return the JPEG rendition closest to ``width`` and no wider, or None.

    A dict of ``url``, ``width``, ``height`` and ``type``, for feeds and
    share images that want one picture rather than a srcset.
    """
    record = renditions_for(field_file)
    if not record:
        return None
    fitting = [i for i in record["sizes"] if i["width"] <= width] or record["sizes"][:1]
    item = max(fitting, key=lambda i: i["width"])
    return {
        "url": field_file.storage.url(item["jpg"]),
        "width": item["width"],
        "height": item["height"],
        "type": "image/jpeg",
    }


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
            # A queryset update sends no post_save; copies of the record
            # (Article.parts) listen for this instead.
            renditions_rebuilt.send(sender=model, pk=instance.pk, using=using)
            discard_on_commit(
                field.storage, record_files(stored) - record_files(record), using
            )
    setattr(instance, field.renditions_field, record)
    stored_files_memo(instance)[field.attname] = field.stored_files(instance)
    return record


def stored_files_memo(instance):
    """Return the per-instance memo of which files each image field's row uses."""
    return instance.__dict__.setdefault("_newsroom_stored_files", {})


# The width a browser without srcset support gets: fine on a phone, passable
# on a desktop.
FALLBACK_WIDTH = 1024


def picture_sources(image):
    """Return what a <picture> of an uploaded image names, or None.

    A dict of ``src`` (the fallback JPEG), the WebP and JPEG ``srcset``s and
    the largest rendition's ``width`` and ``height``, which give the browser
    the aspect ratio to reserve; without renditions only ``src``, ``width``
    and ``height`` of the stored file.
    """
    if not image:
        return None
    record = renditions_for(image)
    if not record:
        # No renditions could be made; the stored file still shows.
        instance, field = image.instance, image.field
        return {
            "src": image.url,
            "width": getattr(instance, field.width_field or "", None),
            "height": getattr(instance, field.height_field or "", None),
        }
    url = image.storage.url
    items = record["sizes"]
    fallback = max(
        (item for item in items if item["width"] <= FALLBACK_WIDTH),
        key=lambda item: item["width"],
        default=items[0],
    )
    return {
        "src": url(fallback["jpg"]),
        "webp_srcset": ", ".join(f"{url(i['webp'])} {i['width']}w" for i in items),
        "jpeg_srcset": ", ".join(f"{url(i['jpg'])} {i['width']}w" for i in items),
        "width": items[-1]["width"],
        "height": items[-1]["height"],
    }
