"""Time photo uploads and renditions, and measure their peak memory.

Usage: .venv/bin/python bench/photos.py [--runs N]

Each scenario runs in a fresh interpreter, so its peak resident memory
(VmHWM) is its own; "above baseline" subtracts what the interpreter held
with Django and Pillow imported, before the image was touched. CPU is
user + system time of that process for the measured step only.
"""

import argparse
import io
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SCENARIOS = {
    "renditions-24mp": "All renditions of a 24 MP JPEG master (6000 × 4000)",
    "upload-24mp": "Whole upload of a 24 MP camera JPEG (11 MB), EXIF-rotated: "
    "check, clean, store, renditions",
    "upload-50mp-jpeg": "Whole upload of the worst accepted JPEG: 50 MP, "
    "EXIF-rotated, 22 MB",
    "upload-50mp-png": "Whole upload of the worst accepted PNG: 50 MP with alpha",
    "refuse-bomb": "Refusal of a 400 MP PNG decompression bomb (47 KB)",
}


def photo_like(size, seed):
    """Return an RGB image with a photo's mix of smooth areas and grain."""
    from PIL import Image

    rng = random.Random(seed)
    small = (max(8, size[0] // 40), max(8, size[1] // 40))
    base = Image.frombytes("RGB", small, rng.randbytes(small[0] * small[1] * 3))
    base = base.resize(size, Image.Resampling.BICUBIC)
    grain = Image.effect_noise(size, 40).convert("RGB")
    return Image.blend(base, grain, 0.25)


def camera_jpeg(size, seed, quality):
    from PIL import ExifTags, Image

    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "BenchCam"
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N",
        ExifTags.GPS.GPSLatitude: (34.0, 44.0, 56.0),
    }
    buffer = io.BytesIO()
    photo_like(size, seed).save(buffer, "JPEG", quality=quality, exif=exif)
    return buffer.getvalue()


def make_fixtures(folder):
    """Write the benchmark's input files into ``folder``; return their sizes."""
    from PIL import Image, ImageDraw

    sys.path.insert(0, str(ROOT))
    from tests.imagefiles import png_bomb

    files = {
        "24mp.jpg": camera_jpeg((6000, 4000), 1, 92),
        "50mp.jpg": camera_jpeg((8660, 5773), 2, 92),
        "bomb.png": png_bomb(20_000, 20_000),
    }
    master = Image.open(io.BytesIO(files["24mp.jpg"]))
    buffer = io.BytesIO()
    master.save(buffer, "JPEG", quality=92)
    files["24mp-master.jpg"] = buffer.getvalue()

    png = Image.new("RGBA", (8660, 5773), (0, 0, 0, 0))
    draw = ImageDraw.Draw(png)
    rng = random.Random(3)
    for _ in range(60):
        x, y = rng.randrange(8660), rng.randrange(5773)
        r = rng.randrange(200, 1500)
        colour = (rng.randrange(256), rng.randrange(256), rng.randrange(256), 255)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    buffer = io.BytesIO()
    png.save(buffer, "PNG")
    files["50mp.png"] = buffer.getvalue()

    for name, content in files.items():
        (folder / name).write_bytes(content)
    return {name: len(content) for name, content in files.items()}


def run_scenario(name, folder):
    """Run one scenario in this process and return its measurements."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only")
    # A media folder of its own: renditions found on disk are not redone.
    os.environ["DJANGO_MEDIA_ROOT"] = tempfile.mkdtemp(dir=folder)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.exceptions import ValidationError
    from django.core.files import File
    from django.core.files.storage import default_storage

    from pictures import renditions, uploads

    baseline_kb = proc_status_kb("VmRSS")
    start_cpu, start_wall = time.process_time(), time.perf_counter()
    outcome = ""
    if name == "renditions-24mp":
        content = (folder / "24mp-master.jpg").read_bytes()
        start_cpu, start_wall = time.process_time(), time.perf_counter()
        record = renditions.build_renditions(
            default_storage, "bench/24mp-master.jpg", renditions.PHOTO_WIDTHS, content
        )
        outcome = ", ".join(f"{s['width']}×{s['height']}" for s in record["sizes"])
    elif name.startswith("upload-"):
        source = {"upload-24mp": "24mp.jpg", "upload-50mp-jpeg": "50mp.jpg"}.get(
            name, "50mp.png"
        )
        with open(folder / source, "rb") as handle:
            cleaned = uploads.clean_upload(File(handle, name=source))
        stored = default_storage.save(
            f"bench/{cleaned.digest}.{cleaned.extension}",
            File(io.BytesIO(cleaned.content)),
        )
        record = renditions.build_renditions(
            default_storage, stored, renditions.PHOTO_WIDTHS, cleaned.content
        )
        outcome = (
            f"master {cleaned.width}×{cleaned.height}, {len(record['sizes'])} widths"
        )
    elif name == "refuse-bomb":
        with open(folder / "bomb.png", "rb") as handle:
            try:
                uploads.clean_upload(File(handle, name="bomb.png"))
            except ValidationError as exc:
                outcome = f"refused: {exc.code}"
    cpu = time.process_time() - start_cpu
    wall = time.perf_counter() - start_wall
    peak_kb = proc_status_kb("VmHWM")
    return {
        "cpu": cpu,
        "wall": wall,
        "peak_mb": peak_kb / 1024,
        "above_baseline_mb": (peak_kb - baseline_kb) / 1024,
        "outcome": outcome,
    }


def proc_status_kb(key):
    # VmHWM, unlike ru_maxrss, starts afresh in a new program instead of
    # inheriting the parent's peak.
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(f"{key}:"):
                return int(line.split()[1])
    raise LookupError(key)


def machine():
    model = ""
    with open("/proc/cpuinfo") as info:
        for line in info:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    from PIL import __version__ as pillow

    return (
        f"{model}, {os.cpu_count()} cores; Python {platform.python_version()}, "
        f"Pillow {pillow}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--scenario", help=argparse.SUPPRESS)
    parser.add_argument("--folder", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.scenario:
        print(json.dumps(run_scenario(args.scenario, Path(args.folder))))
        return

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sizes = make_fixtures(folder)
        print(f"Machine: {machine()}")
        print(
            "Inputs: "
            + ", ".join(f"{n} {s / 1024 / 1024:.1f} MB" for n, s in sizes.items())
        )
        print()
        print(
            "| scenario | CPU s (median) | wall s (median) | peak RSS MB | "
            "above baseline MB | result |"
        )
        print("| --- | --- | --- | --- | --- | --- |")
        for name, label in SCENARIOS.items():
            runs = []
            for _ in range(args.runs):
                result = subprocess.run(
                    [sys.executable, __file__, "--scenario", name, "--folder", tmp],
                    capture_output=True,
                    text=True,
                    check=True,
                    cwd=ROOT,
                )
                runs.append(json.loads(result.stdout.strip().splitlines()[-1]))
            print(
                f"| {label} | {statistics.median(r['cpu'] for r in runs):.2f} "
                f"| {statistics.median(r['wall'] for r in runs):.2f} "
                f"| {max(r['peak_mb'] for r in runs):.0f} "
                f"| {max(r['above_baseline_mb'] for r in runs):.0f} "
                f"| {runs[-1]['outcome']} |"
            )


if __name__ == "__main__":
    main()
