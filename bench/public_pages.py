"""Public pages at 100,000 published articles: queries, latency, throughput.

    .venv/bin/python bench/public_pages.py                    # SQLite, var/bench/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench \\
        .venv/bin/python bench/public_pages.py                # PostgreSQL

In-process figures come from Django's test client (server time, no network);
throughput comes from gunicorn with 2 workers driven by wrk on 127.0.0.1.
``--no-throughput`` skips gunicorn; ``--page front --page article`` measures
only those pages.
"""

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import time

from common import (
    ROOT,
    QueryCounter,
    populate,
    refresh_planner_statistics,
    setup_django,
    timed,
)


def add_tags_and_photos(every=10):
    """Give the archive tags and a photo on every ``every``th story, once."""
    from django.core.files.base import ContentFile
    from django.db import transaction
    from PIL import Image
    from taggit.models import Tag

    from articles.models import Article, Photo, TaggedArticle

    if TaggedArticle.objects.exists():
        return
    import io

    buffer = io.BytesIO()
    Image.new("RGB", (1600, 1067), (120, 140, 160)).save(buffer, "JPEG")
    holder = Article.objects.published().first()
    photo = Photo(article=holder, alt_text="示例图片", caption="示例")
    photo.image.save("bench.jpg", ContentFile(buffer.getvalue(), name="bench.jpg"))
    tags = [
        Tag.objects.get_or_create(name=name)[0]
        for name in ["植树", "巡察", "营商环境", "民生"]
    ]
    ids = list(Article.objects.values_list("pk", flat=True))
    with transaction.atomic():
        TaggedArticle.objects.bulk_create(
            TaggedArticle(content_object_id=pk, tag=tags[pk % 4]) for pk in ids
        )
        Photo.objects.bulk_create(
            Photo(
                article_id=pk,
                image=photo.image.name,
                renditions=photo.renditions,
                width=photo.width,
                height=photo.height,
                alt_text="示例图片",
            )
            for pk in ids[::every]
        )
        # Bulk writes send no post_save: the stories' copies are written here.
        Article.objects.all().refresh_parts()


def pages():
    from django.urls import reverse

    from articles.models import Article
    from staff.models import Department

    published = Article.objects.published().newest_first()
    article = published[50]
    # A full page 1,000 stories from the end of the archive (about 89,000
    # back when 90% of 100,000 stories are published).
    deep = published[max(0, published.count() - 1_000)]
    cursor = f"{deep.published_at.timestamp():.6f}_{deep.pk}"
    desk = Department.objects.first()
    return {
        "front page": "/",
        "article": article.get_absolute_url(),
        "department": reverse("articles:department", args=[desk.slug]),
        "deep archive": f"{reverse('articles:latest')}?before={cursor}",
        "feed (RSS)": reverse("articles:feed-rss"),
        "sitemap index": "/sitemap.xml",
        "sitemap (1,000 urls)": "/sitemap-articles.xml",
    }


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def throughput(urls, seconds):
    if not shutil.which("wrk"):
        print("wrk is not installed (apt-get install wrk); skipping throughput")
        return {}
    port = free_port()
    env = {**os.environ, "DJANGO_DEBUG": "0", "DJANGO_ALLOWED_HOSTS": "127.0.0.1"}
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "newsroom.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        results = {}
        for label, url in urls.items():
            out = subprocess.run(
                ["wrk", "-t2", "-c8", f"-d{seconds}s", f"http://127.0.0.1:{port}{url}"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
            rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
            errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
            results[label] = (rps, int(errors.group(1)) if errors else 0)
        return results
    finally:
        server.terminate()
        server.wait(timeout=10)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=10, help="wrk run per page")
    parser.add_argument(
        "--no-throughput", action="store_true", help="skip gunicorn and wrk"
    )
    parser.add_argument(
        "--page", action="append", help="measure only pages whose label has this"
    )
    args = parser.parse_args()
    setup_django("public_pages.sqlite3")

    from django.conf import settings
    from django.db import connection
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    total = populate(args.articles)
    add_tags_and_photos()
    refresh_planner_statistics()
    client = Client()
    urls = pages()
    if args.page:
        urls = {
            label: url
            for label, url in urls.items()
            if any(part in label for part in args.page)
        }
    from django.core.cache import cache

    from articles.page_cache import GENERATION_KEY

    def uncached(url):
        # A new generation: the page and everything under it is built afresh.
        cache.delete(GENERATION_KEY)
        return client.get(url)

    backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    print(f"{connection.vendor}, {total:,} articles; {args.repeat} runs each")
    print(f"in process (Django's test client), page cache: {backend}")
    print(
        f"{'page':<22}{'queries':>8}{'uncached median':>17}{'p95 ms':>8}"
        f"{'cached median':>15}{'p95 ms':>8}"
    )
    for label, url in urls.items():
        cache.delete(GENERATION_KEY)
        with QueryCounter() as queries:
            response = client.get(url)
        assert response.status_code == 200, (label, url, response.status_code)
        median, p95 = timed(lambda url=url: uncached(url), args.repeat)
        hot_median, hot_p95 = timed(lambda url=url: client.get(url), args.repeat)
        print(
            f"{label:<22}{queries.count:>8}{median:>17.1f}{p95:>8.1f}"
            f"{hot_median:>15.2f}{hot_p95:>8.2f}"
        )
    connection.close()
    print(f"load average: {' '.join(f'{n:.2f}' for n in os.getloadavg())}")
    if args.no_throughput:
        return
    results = throughput(urls, args.seconds)
    if results:
        print(f"\ngunicorn, 2 workers; wrk -t2 -c8 -d{args.seconds}s on 127.0.0.1")
        print(f"{'page':<22}{'req/s':>8}{'errors':>8}")
        for label, (rps, errors) in results.items():
            print(f"{label:<22}{rps:>8.0f}{errors:>8}")
        print(f"load average: {' '.join(f'{n:.2f}' for n in os.getloadavg())}")


if __name__ == "__main__":
    main()
