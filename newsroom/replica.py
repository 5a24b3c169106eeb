"""Reading public pages from a streaming replica of the database.

With ``DATABASE_REPLICA_URL`` set, the settings add a database alias
``replica`` and this router. ``ReplicaMiddleware`` decides per request where
reads go, in a context variable the router reads:

- anonymous GETs and HEADs of the public site (pages, feeds, sitemaps,
  search) read from the replica;
- the admin, previews, any request with a session cookie, every other method
  and every write use the primary;
- a request that wrote reads the primary from then on, and its answer
  carries a short-lived cookie (``DJANGO_REPLICA_PIN_SECONDS``) so that the
  same browser's next requests read the primary too: they see their write
  even when the replica has not replayed it yet.

Whether the replica is usable is checked at most every
``DJANGO_REPLICA_CHECK_SECONDS`` per process: a replica that cannot be
reached, or whose replay lags more than ``DJANGO_REPLICA_MAX_LAG`` seconds,
sends reads to the primary, with one log line when that starts and one when
it ends. A query that fails on the replica mid-request marks it down and the
view runs once more on the primary, so readers never see a 500 for it.
"""

import contextvars
import logging
import threading
import time

from django.conf import settings
from django.db import DatabaseError, connections

logger = logging.getLogger(__name__)

REPLICA = "replica"
PRIMARY = "default"
PIN_COOKIE = "newsroom_primary"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Paths whose reads always use the primary: staff work there.
PRIMARY_PREFIXES = ("/admin/", "/preview/", "/i18n/")

# "replica" while this request may read from the replica; "default" else.
_reads_from = contextvars.ContextVar("newsroom_reads_from", default=PRIMARY)
_wrote = contextvars.ContextVar("newsroom_wrote", default=False)

LAG_SQL = (
    # 0 when everything received is replayed: an idle primary sends nothing,
    # and the age of the last replayed commit would look like growing lag.
    "SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() "
    "THEN 0 ELSE extract(epoch FROM now() - pg_last_xact_replay_timestamp()) END"
)


def configured():
    return REPLICA in connections


class ReplicaState:
    """Whether this process may read from the replica, re-checked now and then."""

    def __init__(self):
        self.lock = threading.Lock()
        self.checked_at = None
        self.usable = True
        self.reason = ""

    def reset(self):
        with self.lock:
            self.checked_at = None
            self.usable = True
            self.reason = ""

    def is_usable(self):
        now = time.monotonic()
        with self.lock:
            fresh = (
                self.checked_at is not None
                and now - self.checked_at < settings.NEWSROOM_REPLICA_CHECK_SECONDS
            )
            if fresh:
                return self.usable
            # One thread checks; the others go on with the last answer.
            self.checked_at = now
        usable, reason = check_replica()
        self._record(usable, reason)
        return usable

    def mark_down(self, reason):
        with self.lock:
            self.checked_at = time.monotonic()
        self._record(False, reason)

    def _record(self, usable, reason):
        with self.lock:
            changed = usable != self.usable
            self.usable, self.reason = usable, reason
        if changed and not usable:
            logger.warning("Replica not used, reading from the primary: %s", reason)
        elif changed:
            logger.warning("Replica back in use for public reads")


state = ReplicaState()


def measure_lag():
    """Return the replica's replay lag in seconds (0 when it is caught up)."""
    connection = connections[REPLICA]
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            # Reachable is all that can be known of another engine.
            cursor.execute("SELECT 1")
            return 0.0
        cursor.execute(LAG_SQL)
        (lag,) = cursor.fetchone()
    # NULL on a server that is no standby (tests mirror the primary).
    return float(lag or 0)


def check_replica():
    """Return ``(usable, reason)`` for the replica, measured now."""
    try:
        lag = measure_lag()
    except DatabaseError as exc:
        close_replica()
        return False, f"unreachable ({type(exc).__name__}: {exc})".strip()
    if lag > settings.NEWSROOM_REPLICA_MAX_LAG:
        return False, (
            f"replay lags {lag:.1f} s, more than {settings.NEWSROOM_REPLICA_MAX_LAG} s"
        )
    return True, ""


def close_replica():
    try:
        connections[REPLICA].close()
    except DatabaseError:
        pass


def reads_from():
    return _reads_from.get()


def use_primary():
    """From now on in this request (or task), read from the primary."""
    _reads_from.set(PRIMARY)


class ReplicaRouter:
    """Reads go where the request's middleware said; writes to the primary."""

    def db_for_read(self, model, **hints):
        if _reads_from.get() == REPLICA and not _wrote.get():
            return REPLICA
        return PRIMARY

    def db_for_write(self, model, **hints):
        # A write means this request reads its own data from now on.
        _wrote.set(True)
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the very same rows.
        return True

    def allow_migrate(self, db, app_label, **hints):
        return db != REPLICA


def wants_replica(request):
    """Whether this request's reads may come from the replica."""
    if request.method not in ("GET", "HEAD"):
        return False
    if request.path.startswith(PRIMARY_PREFIXES):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or PIN_COOKIE in cookies:
        return False
    return not request.headers.get("Authorization")


class ReplicaMiddleware:
    """Choose the database public reads use; pin a browser after a write."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not configured():
            return self.get_response(request)
        use = wants_replica(request) and state.is_usable()
        reads = _reads_from.set(REPLICA if use else PRIMARY)
        wrote = _wrote.set(False)
        try:
            response = self.get_response(request)
            if request.method in UNSAFE_METHODS or _wrote.get():
                response.set_cookie(
                    PIN_COOKIE,
                    "1",
                    max_age=settings.NEWSROOM_REPLICA_PIN_SECONDS,
                    httponly=True,
                    samesite="Lax",
                    secure=settings.SESSION_COOKIE_SECURE,
                )
            return response
        finally:
            _reads_from.reset(reads)
            _wrote.reset(wrote)

    def process_exception(self, request, exception):
        """A query that failed on the replica: mark it down, run the view again."""
        if _reads_from.get() != REPLICA or not isinstance(exception, DatabaseError):
            return None
        if not is_replica_failure():
            return None
        state.mark_down(f"a query failed ({type(exception).__name__}: {exception})")
        close_replica()
        use_primary()
        match = request.resolver_match
        response = match.func(request, *match.args, **match.kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        return response


def is_replica_failure():
    """Whether the replica's connection is broken (not a bad query of ours)."""
    connection = connections[REPLICA]
    if connection.connection is None:
        return True
    try:
        return not connection.is_usable()
    except DatabaseError:
        return True


def wait_for_replica(timeout=None):
    """Wait until the replica has replayed every commit made so far; True if so.

    Called before the caches are cleared, so that a reader's request right
    after cannot cache a page made from rows the replica does not have yet.
    Gives up after ``timeout`` seconds (``DJANGO_REPLICA_MAX_LAG``).
    """
    if not configured() or connections[PRIMARY].vendor != "postgresql":
        return True
    if not state.usable:
        # Public reads come from the primary meanwhile.
        return False
    timeout = settings.NEWSROOM_REPLICA_MAX_LAG if timeout is None else timeout
    try:
        with connections[PRIMARY].cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()")
            (target,) = cursor.fetchone()
        deadline = time.monotonic() + timeout
        with connections[REPLICA].cursor() as cursor:
            while True:
                cursor.execute(
                    "SELECT pg_is_in_recovery() IS NOT TRUE "
                    "OR pg_last_wal_replay_lsn() >= %s::pg_lsn",
                    [target],
                )
                if cursor.fetchone()[0]:
                    return True
                if time.monotonic() >= deadline:
                    return False
                time.sleep(0.005)
    except DatabaseError as exc:
        # A replica that is down serves no reads either (see ReplicaState).
        logger.info("Not waiting for the replica: %s", exc)
        close_replica()
        return False
