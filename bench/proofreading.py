"""Time check_html on a 5,000-character story, as the admin runs it on every save.

Run from the repository root:

    .venv/bin/python bench/proofreading.py [--runs 200]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STORY = Path(__file__).with_name("proofreading_story.txt")
BANNED = ("最佳", "最高级", "国家级", "第一", "顶级", "极品", "首选")


def story_html():
    """Return the sample story as the body editor stores it."""
    blocks = []
    for block in STORY.read_text(encoding="utf-8").split("\n\n"):
        block = block.strip()
        if block.startswith("## "):
            blocks.append(f"<h2>{block[3:]}</h2>")
        elif block:
            # Lead sentences in bold, as desks often mark them.
            lead, rest = block.split(",", 1) if "," in block else (block, "")
            body = f"<strong>{lead}</strong>,{rest}" if rest else lead
            blocks.append(f"<p>{body}</p>")
    return "\n".join(blocks)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key")
    import django

    django.setup()
    from articles.proofreading import check_html, visible_text

    html = story_html()
    text = visible_text(html)[0]
    findings = check_html(html, banned_words=BANNED)
    timings = []
    for _ in range(args.runs):
        started = time.perf_counter()
        check_html(html, banned_words=BANNED)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
    print(
        f"check_html: {len(text)} characters of visible text "
        f"({len(text.replace(chr(10), ''))} without paragraph breaks), "
        f"{len(findings)} findings, {args.runs} runs"
    )
    print(f"median {statistics.median(timings):.2f} ms, p95 {p95:.2f} ms")


if __name__ == "__main__":
    main()
