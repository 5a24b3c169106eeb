"""Sharing SQLite's one write lock with the people using the site.

SQLite lets one writer in at a time, and a waiting writer polls, sleeping up
to 100 ms between tries. A long job of many short transactions (an import of
a thousand pages, a search rebuild) takes the lock again within microseconds
of releasing it, so a login or an editor's save could wait until the job
ends. ``share_write_lock()``, called after each of the job's transactions,
leaves the lock free a little longer than that sleep, once a second.
"""

import threading
import time

from django.db import connections

EVERY = 1.0
PAUSE = 0.12

_last_pause = threading.local()


def share_write_lock(using="default"):
    """Give waiting writers their turn, if this thread has written for a second."""
    if connections[using].vendor != "sqlite":
        return
    now = time.monotonic()
    last = getattr(_last_pause, "at", None)
    if last is None:
        _last_pause.at = now
    elif now - last >= EVERY:
        time.sleep(PAUSE)
        _last_pause.at = time.monotonic()


def refresh_planner_statistics(using="default"):
    """Give PostgreSQL's planner statistics of rows just written in bulk.

    Autovacuum may be off, or not yet have run: without statistics the
    planner takes a freshly loaded table for nearly empty and reads it whole
    (search at p95 60-70 ms after a bulk load, 11-19 ms after ANALYZE).
    SQLite's planner needs no statistics for these queries.
    """
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
