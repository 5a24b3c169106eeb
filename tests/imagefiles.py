"""Image files for upload tests, good and hostile, made on the fly."""

import io
import random
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, PngImagePlugin

CAMERA_MAKE = "NewsroomTestCam"
CAMERA_SERIAL = "SN-2026-0316"
XMP_MARKER = b"xmpGPSLatitude=34,44.9N"


def upload(name, content, content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def encode(image, fmt="JPEG", **params):
    buffer = io.BytesIO()
    image.save(buffer, fmt, **params)
    return buffer.getvalue()


def noise(size, seed=1):
    """Return an RGB image of seeded noise: it compresses badly, as photos do."""
    rng = random.Random(seed)
    return Image.frombytes("RGB", size, rng.randbytes(size[0] * size[1] * 3))


def jpeg(size=(64, 48), color=(200, 30, 30), **params):
    return encode(Image.new("RGB", size, color), "JPEG", **params)


def truncated_jpeg():
    whole = encode(noise((240, 180)), "JPEG", quality=90)
    return whole[: len(whole) * 2 // 3]


def rotated_jpeg_with_gps():
    """Return a landscape JPEG, red left and blue right, that EXIF says to turn.

    Orientation 6 means "rotate 90° clockwise to display": upright, the
    picture is portrait with red on top.
    """
    image = Image.new("RGB", (80, 40), (220, 0, 0))
    image.paste((0, 0, 220), (40, 0, 80, 40))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = CAMERA_MAKE
    exif[ExifTags.Base.BodySerialNumber] = CAMERA_SERIAL
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (34.0, 44.0, 56.0),
        ExifTags.GPS.GPSLongitudeRef: "E",
        ExifTags.GPS.GPSLongitude: (113.0, 38.0, 24.0),
    }
    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/">' + XMP_MARKER + b"</x:xmpmeta>"
    return encode(image, "JPEG", exif=exif, xmp=xmp, quality=95)


def png_with_private_text():
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", CAMERA_SERIAL)
    info.add_text("Comment", CAMERA_MAKE)
    return encode(Image.new("RGB", (50, 30), (10, 120, 10)), "PNG", pnginfo=info)


def cmyk_jpeg():
    """Return a CMYK JPEG of pure magenta plus yellow ink: red on screen."""
    return encode(Image.new("CMYK", (60, 40), (0, 255, 255, 0)), "JPEG", quality=95)


def png_16bit_grey():
    """Return a 16-bit greyscale PNG ramping from black to white, left to right."""
    image = Image.new("I;16", (256, 8))
    image.putdata([x * 257 for x in range(256)] * 8)
    return encode(image, "PNG")


def animated_gif():
    """Return a two-frame GIF: red, then blue."""
    red = Image.new("RGB", (40, 30), (255, 0, 0))
    blue = Image.new("RGB", (40, 30), (0, 0, 255))
    return encode(red, "GIF", save_all=True, append_images=[blue], duration=200)


def png_bomb(width, height):
    """Return a small, valid 1-bit PNG whose pixels would fill ``width`` × ``height``.

    Rows of zeros compress about a thousandfold, so gigabytes of pixels fit
    in a file of kilobytes; the rows are compressed in a stream to stay small
    here too.
    """

    def chunk(kind, data):
        crc = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    row = bytes(1 + (width + 7) // 8)
    compressor = zlib.compressobj(9)
    data = b"".join(compressor.compress(row) for _ in range(height))
    data += compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", data)
        + chunk(b"IEND", b"")
    )


def png_text_bomb():
    """Return a PNG whose compressed text chunk inflates to 20 MB."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "0" * 20_000_000, zip=True)
    return encode(Image.new("RGB", (8, 8)), "PNG", pnginfo=info)


SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" '
    b'width="10" height="10"><script>alert(1)</script></svg>'
)
HEIC = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(64)
