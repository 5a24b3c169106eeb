"""Rebuild the search index from every article."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from articles.models import Article
from articles.search import index
from newsroom.db import refresh_planner_statistics

BAR_WIDTH = 30


class ProgressBar:
    """Draw ``[#####.....] done/total`` on one line, redrawn in place."""

    def __init__(self, stream, width=BAR_WIDTH):
        self.stream = stream
        self.width = width
        self.started = time.monotonic()

    def __call__(self, done, total):
        filled = self.width * done // total if total else self.width
        percent = 100 * done // total if total else 100
        elapsed = time.monotonic() - self.started
        self.stream.write(
            f"\r[{'#' * filled}{'.' * (self.width - filled)}] "
            f"{done:,}/{total:,} {percent:3d}% {elapsed:5.1f}s",
            ending="",
        )
        self.stream.flush()


class Command(BaseCommand):
    help = (
        "Empty the search index and index every article again, in batches that "
        "commit one by one: the site stays up, and searches find only the "
        "articles indexed so far until it finishes. On PostgreSQL the GIN "
        "indexes are built again at the end, so searches are slower meanwhile."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size",
            type=int,
            default=index.BATCH_SIZE,
            help="Articles read and indexed per batch (default %(default)s).",
        )
        parser.add_argument(
            "--database",
            default=DEFAULT_DB_ALIAS,
            help="Database to rebuild the index in (default %(default)s).",
        )
        parser.add_argument(
            "--no-progress",
            action="store_true",
            help="Do not draw the progress bar.",
        )

    def handle(self, *args, **options):
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        if options["database"] not in connections:
            raise CommandError(f"Unknown database {options['database']!r}.")
        progress = None if options["no_progress"] else ProgressBar(self.stdout)
        started = time.monotonic()
        count = index.rebuild(
            Article.objects.all(),
            using=options["database"],
            batch_size=options["batch_size"],
            progress=progress,
        )
        refresh_planner_statistics(options["database"])
        if progress and count:
            self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(
                f"Indexed {count:,} article{'' if count == 1 else 's'} "
                f"in {time.monotonic() - started:.1f}s."
            )
        )
