"""Benchmark search at archive scale on whichever database DATABASE_URL names.

    DATABASE_URL=sqlite:///var/bench/search.sqlite3 \\
        .venv/bin/python bench/search_bench.py --articles 100000

Loads published articles of about 1,000 characters (only what is missing),
rebuilds the index and times it, reports the index size, then times searches
for 2-, 4- and 8-character substrings of the corpus and for common words. See
bench/README.md for figures.
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var/bench/search.sqlite3'}")
# The results page names the hashed static files: collected below.
os.environ.setdefault("DJANGO_STATIC_ROOT", str(ROOT / "var/bench/static"))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.utils import timezone  # noqa: E402

from articles.models import Article  # noqa: E402
from articles.search import index  # noqa: E402
from articles.search.backends import GIN_INDEXES, get_backend  # noqa: E402
from articles.search.query import SearchResults  # noqa: E402
from articles.search.tokens import UNSPACED, parse_query  # noqa: E402
from articles.search.views import SearchView  # noqa: E402
from bench.corpus import COMMON, CorpusGenerator  # noqa: E402
from staff.models import Department  # noqa: E402

BATCH = 1000


def load(total, seed):
    """Create published articles until there are ``total``; return seconds."""
    missing = total - Article.objects.count()
    if missing <= 0:
        return 0.0
    desks = [
        Department.objects.get_or_create(
            slug=f"bench-{n}", defaults={"name": f"测试部门{n}", "order": n}
        )[0]
        for n in range(8)
    ]
    existing = Article.objects.count()
    generator = CorpusGenerator(seed=seed + existing)
    rng = random.Random(seed)
    now = timezone.now()
    started = time.monotonic()
    done = 0
    while done < missing:
        batch = []
        for _ in range(min(BATCH, missing - done)):
            story = generator.article()
            published = now - timedelta(minutes=rng.randint(60, 5 * 365 * 24 * 60))
            n = existing + done + len(batch)
            batch.append(
                Article(
                    headline=story.headline,
                    dek=story.dek,
                    body=story.body,
                    slug=f"bench-{seed}-{n}",
                    department=rng.choice(desks),
                    status=Article.Status.PUBLISHED,
                    published_at=published,
                    first_published_at=published,
                    char_count=len(story.text),
                )
            )
        created = Article.objects.bulk_create(batch)
        # bulk_create sends no post_save: the stories' copies are written here.
        Article.objects.filter(pk__in=[a.pk for a in created]).refresh_parts()
        done += len(batch)
        print(f"\rloaded {done:,}/{missing:,}", end="", flush=True)
    print()
    return time.monotonic() - started


def sample_queries(length, count, rng):
    """Return ``count`` Chinese substrings of ``length`` taken from the corpus."""
    import re

    run = re.compile(rf"[{UNSPACED}]{{{length},}}")
    ids = list(Article.objects.values_list("pk", flat=True))
    queries = []
    while len(queries) < count:
        article = Article.objects.get(pk=rng.choice(ids))
        runs = run.findall(index.document_text(article))
        if not runs:
            continue
        chosen = rng.choice(runs)
        start = rng.randrange(len(chosen) - length + 1)
        queries.append(chosen[start : start + length])
    return queries


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def time_queries(queries, view, factory):
    """Time the database work and the whole page for each query, warm."""
    query_ms, page_ms, hits = [], [], []
    for text in queries:  # Warm-up pass: caches as a running site has them.
        run_search(text)
    for text in queries:
        started = time.perf_counter()
        count = run_search(text)
        query_ms.append((time.perf_counter() - started) * 1000)
        hits.append(count)
        started = time.perf_counter()
        response = view(factory.get("/search/", {"q": text}))
        response.render()
        page_ms.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return query_ms, page_ms, hits


def run_search(text):
    """Do what the search page does in the database: page one, then a count."""
    query = parse_query(text)
    results = SearchResults(Article.objects.published().for_listing(), query)
    page = results.page(1, 20)
    return results.count() if page.has_next() else len(page.object_list)


def sizes():
    backend = get_backend()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Measure the index as built, without the dead rows a rebuild
            # leaves behind until autovacuum reuses their space.
            cursor.execute("VACUUM FULL ANALYZE search_searchdocument")
    figures = {"index (documents + engine)": backend.size()}
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE 'search_fts%'"
            )
            figures["FTS5 tables"] = cursor.fetchone()[0]
            cursor.execute(
                "SELECT SUM(pgsize) FROM dbstat WHERE name = 'articles_article'"
            )
            figures["articles table"] = cursor.fetchone()[0]
            figures["database file"] = (
                Path(connection.settings_dict["NAME"]).stat().st_size
            )
        else:
            for name in GIN_INDEXES:
                cursor.execute("SELECT pg_relation_size(%s)", [name])
                figures[name] = cursor.fetchone()[0]
            cursor.execute("SELECT pg_total_relation_size('articles_article')")
            figures["articles table"] = cursor.fetchone()[0]
            cursor.execute("SELECT pg_database_size(current_database())")
            figures["database"] = cursor.fetchone()[0]
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=100, help="per shape")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--skip-rebuild", action="store_true")
    parser.add_argument(
        "--skip-sizes",
        action="store_true",
        help="do not measure the index (on PostgreSQL that is a VACUUM FULL)",
    )
    args = parser.parse_args()

    if connection.vendor == "sqlite":
        Path(connection.settings_dict["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    print(f"engine: {connection.vendor}, {connection.settings_dict['NAME']}")
    load_seconds = load(args.articles, args.seed)
    if load_seconds:
        print(f"load (insert + index in batches of {BATCH}): {load_seconds:.1f}s")
    published = Article.objects.published().count()
    print(f"published articles: {published:,}")

    if not args.skip_rebuild:
        started = time.monotonic()
        count = index.rebuild(Article.objects.all())
        print(
            f"rebuild_search_index: {count:,} articles in "
            f"{time.monotonic() - started:.1f}s"
        )
    for name, value in ({} if args.skip_sizes else sizes()).items():
        print(f"size, {name}: {value / 2**20:,.1f} MiB")

    load_average = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"load average before timing searches: {load_average}")
    rng = random.Random(args.seed)
    shapes = {
        f"{n} characters": sample_queries(n, args.queries, rng) for n in (2, 4, 8)
    }
    shapes["common word"] = [COMMON[i % 5] for i in range(args.queries)]
    shapes["1 character"] = sample_queries(1, args.queries // 4, rng)
    shapes["two terms"] = [
        f"{a} {b}"
        for a, b in zip(
            sample_queries(2, args.queries // 4, rng),
            sample_queries(3, args.queries // 4, rng),
            strict=True,
        )
    ]
    view = SearchView.as_view()
    factory = RequestFactory()
    print(
        "| query | n | matches (median) | query p50 | query p95 | page p50 | page p95 |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, queries in shapes.items():
        query_ms, page_ms, hits = time_queries(queries, view, factory)
        print(
            f"| {name} | {len(queries)} | {statistics.median(hits):,.0f} "
            f"| {statistics.median(query_ms):.1f} ms "
            f"| {percentile(query_ms, 0.95):.1f} ms "
            f"| {statistics.median(page_ms):.1f} ms "
            f"| {percentile(page_ms, 0.95):.1f} ms |"
        )


if __name__ == "__main__":
    main()
