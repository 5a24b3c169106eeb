"""Shared set-up for benchmarks: a database of their own, filled in bulk."""

import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django(default_db_name):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret")
    if not os.environ.get("DATABASE_URL"):
        (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = (
            f"sqlite:///{ROOT / 'var' / 'bench' / default_db_name}"
        )
    import django

    django.setup()
    from django.core.management import call_command
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    # One connection for the whole run, as a long-lived app server keeps it.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)

    call_command("migrate", verbosity=0)
    # Pages name their static files by content hash, from the manifest
    # collectstatic writes (into var/static, where gunicorn serves them).
    call_command("collectstatic", interactive=False, verbosity=0)


WORDS = list(
    "经开区召开会议推进项目建设企业服务群众环境治理绿化交通安全生产社区网格文明城市"
    "创建督导调研座谈巡察整改营商优化民生工程供暖管网道路学校医院志愿者活动植树"
)


def sentence(rng, length):
    return "".join(rng.choice(WORDS) for _ in range(length)) + "。"


def populate(count, batch=5_000):
    """Create ``count`` published articles with bylines, unless they exist."""
    from django.db import transaction
    from django.utils import timezone

    from articles.models import Article, Byline
    from staff.models import Department, Reporter

    existing = Article.objects.count()
    if existing >= count:
        return existing
    rng = random.Random(20231116)
    desks = [
        Department.objects.get_or_create(
            slug=f"desk-{n}", defaults={"name": f"部门{n}"}
        )[0]
        for n in range(6)
    ]
    reporters = [
        Reporter.objects.get_or_create(
            slug=f"bench-{n}", defaults={"name": f"记者{n}"}
        )[0]
        for n in range(40)
    ]
    now = timezone.now()
    states = (
        ["published"] * 90 + ["draft"] * 4 + ["submitted"] * 4 + ["unpublished"] * 2
    )
    made = existing
    while made < count:
        rows = []
        for n in range(made, min(count, made + batch)):
            status = rng.choice(states)
            when = now - timedelta(minutes=17 * n)
            rows.append(
                Article(
                    headline=sentence(rng, rng.randint(10, 24))[:-1],
                    slug=f"bench-{n}",
                    dek=sentence(rng, 30),
                    body="".join(f"<p>{sentence(rng, 120)}</p>" for _ in range(8)),
                    char_count=970,
                    department=rng.choice(desks),
                    status=status,
                    published_at=when
                    if status in ("published", "unpublished")
                    else None,
                    first_published_at=when
                    if status in ("published", "unpublished")
                    else None,
                    submitted_at=when if status == "submitted" else None,
                    review_round=1 if status == "submitted" else 0,
                )
            )
        with transaction.atomic():
            created = Article.objects.bulk_create(rows)
            Byline.objects.bulk_create(
                Byline(article=a, reporter=rng.choice(reporters), role="text")
                for a in created
            )
            # Bulk writes send no post_save: the stories' copies are written here.
            Article.objects.filter(pk__in=[a.pk for a in created]).refresh_parts()
        made += len(rows)
        print(f"\r  {made:>7,}/{count:,} articles", end="", flush=True)
    print()
    return made


def refresh_planner_statistics():
    """Give PostgreSQL's planner statistics for the rows just loaded in bulk.

    Autovacuum does the same a little after a bulk load in production; until
    it does, the planner thinks the table nearly empty and picks plans that
    read every story (118 ms for related stories instead of 0.7).
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def timed(fn, repeat):
    """Run ``fn`` ``repeat`` times after one warm-up; return (median, p95) in ms."""
    fn()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]
    return statistics.median(samples), p95


class QueryCounter:
    """Count the SQL statements run on the default connection while active."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __enter__(self):
        from django.db import connection

        self._wrapper = connection.execute_wrapper(self)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        self._wrapper.__exit__(*exc)
