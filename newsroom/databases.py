"""The database settings, from DATABASE_URL and DATABASE_REPLICA_URL.

Read by settings.py; each engine gets the options it is run with here and
the README's "Configuration" and "Scaling out" explain.
"""

import os

import dj_database_url

from newsroom.environment import env_bool


def from_environment(sqlite_file):
    """The primary: ``DATABASE_URL``, else SQLite at ``sqlite_file``."""
    default = dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{sqlite_file}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    if default["ENGINE"] == "django.db.backends.sqlite3":
        options = default.setdefault("OPTIONS", {})
        # A second writer waits for the lock instead of failing at once.
        options["timeout"] = 20
        # Every transaction takes the write lock when it begins: one that
        # read first and then wrote could otherwise find its snapshot stale
        # and fail with "database is locked" whatever the timeout.
        options["transaction_mode"] = "IMMEDIATE"
        # Write-ahead logging: readers are not blocked while a save or an
        # import writes, and a commit does not sync a rollback journal to
        # disk. Reads come from memory-mapped pages, shared by the
        # connections of a process.
        options["init_command"] = (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA mmap_size=1073741824"
        )
        # Connections stay open between requests (CONN_MAX_AGE), sparing
        # each request the open and the PRAGMAs above; WAL lets them read
        # side by side.
    elif default["ENGINE"] == "django.db.backends.postgresql" and env_bool(
        "DJANGO_DB_POOL", True
    ):
        # psycopg's connection pool, in each process: a request borrows an
        # open connection and gives it back. Django requires CONN_MAX_AGE 0
        # with it, and a health check would cost a round trip per request; a
        # connection that broke while idle fails one request, and the pool
        # replaces it.
        default["CONN_MAX_AGE"] = 0
        default["CONN_HEALTH_CHECKS"] = False
        default.setdefault("OPTIONS", {})["pool"] = {
            "min_size": 1,
            "max_size": int(os.environ.get("DJANGO_DB_POOL_SIZE", "4")),
            # With the database down, a request fails in seconds, not after 30.
            "timeout": 5,
        }
    if default["ENGINE"] == "django.db.backends.postgresql":
        prepared_statements(default)
    return {"default": default}


def prepared_statements(database):
    """Let psycopg prepare the public pages' fixed queries on the server.

    Only newsroom/prepared.py's queries bind values on the server; Django's
    own cursors bind them on the client and are never prepared, whatever
    this says. A statement run five times on a connection is prepared, and
    PostgreSQL stops planning it on every run. DJANGO_DB_PREPARED_STATEMENTS=0
    turns it off, for a connection pooler that cannot keep them.
    """
    threshold = 5 if env_bool("DJANGO_DB_PREPARED_STATEMENTS", True) else None
    database.setdefault("OPTIONS", {}).setdefault("prepare_threshold", threshold)


def replica(url, databases):
    """The streaming replica the public site reads (newsroom/replica.py).

    Tests run it as a mirror of the test database.
    """
    # Persistent connections, checked before their first use in a request:
    # with the primary pooled its CONN_MAX_AGE is 0, and a replica
    # connection per anonymous read cost more than the page's queries. A
    # pool would wait its timeout for a replica that is down; a health
    # check fails at once, and the router falls back to the primary.
    replica = dj_database_url.parse(
        url,
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    replica["TEST"] = {"MIRROR": "default"}
    if replica["ENGINE"].endswith("postgresql"):
        # A replica that does not answer must not hold a reader long.
        replica.setdefault("OPTIONS", {}).setdefault("connect_timeout", 2)
        prepared_statements(replica)
    return replica
