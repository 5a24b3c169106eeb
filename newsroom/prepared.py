"""Querysets compiled to SQL once per process, run with each request's values.

A public page's queries are the same on every request but for a few values:
the story's id, its desk, the time now. Building and compiling such a
queryset costs Django more than the database spends answering it (a third of
an uncached article page, profiled), so a ``PreparedQuery`` builds and
compiles it once per database and keeps the SQL. Each run fills in the
values and turns the rows into model instances or tuples the way a
queryset would, through a cursor Django wraps as its own, so query
logging, counting and the database router still see every query. On
PostgreSQL that cursor binds values on the server, and psycopg prepares
the statement once it has run a few times.

Values are named by ``Param`` in the queryset; ``late_param()`` lets an
expression such as ``CurrentTime`` supply a value at run time instead of
freezing the one it had when the query was compiled.
"""

import contextvars
import threading

from django.db import connections, models, router
from django.db.models.query import (
    FlatValuesListIterable,
    ModelIterable,
    ValuesListIterable,
)

try:
    import psycopg
    from django.db.backends.postgresql.base import TIMESTAMPTZ_OID
    from django.db.backends.postgresql.psycopg_any import register_tzloader
    from psycopg.pq import Format
except ImportError:  # no PostgreSQL driver: only SQLite is used
    psycopg = None

_preparing = contextvars.ContextVar("preparing", default=False)


class _Slot:
    """Where a value goes in the compiled parameters; filled in at each run."""

    def __init__(self, output_field, name=None, compute=None):
        self.output_field = output_field
        self.name = name
        self.compute = compute

    def value(self, values, connection):
        raw = self.compute() if self.compute is not None else values[self.name]
        return self.output_field.get_db_prep_value(raw, connection)


class Param(models.Expression):
    """A named value of a prepared query, given to ``PreparedQuery.fetch()``."""

    def __init__(self, name, output_field):
        super().__init__(output_field=output_field)
        self.name = name

    def as_sql(self, compiler, connection):
        if not _preparing.get():
            raise TypeError(f"Param {self.name!r} belongs in a PreparedQuery")
        return "%s", [_Slot(self.output_field, name=self.name)]


def late_param(output_field, compute, connection):
    """The SQL parameter of ``compute()``, worked out when the query runs.

    In an ordinary queryset that is now; in a prepared query, each run.
    """
    if _preparing.get():
        return _Slot(output_field, compute=compute)
    return output_field.get_db_prep_value(compute(), connection)


def _cursor(connection):
    """Django's cursor; on PostgreSQL, one that binds values on the server.

    The SQL of a prepared query is the same on every run, so psycopg can
    prepare it on the server once it has run ``prepare_threshold`` times on
    a connection (5 unless OPTIONS say otherwise; ``None`` turns it off,
    for a pgbouncer that cannot keep prepared statements). Planning was
    two thirds of the side lists' time on the server, and is then skipped.
    Django's own cursors bind on the client, and stay so for every other
    query. The cursor is wrapped as Django wraps its own, so queries are
    logged and counted the same.
    """
    if connection.vendor != "postgresql":
        return connection.cursor()
    with connection.wrap_database_errors:
        connection.close_if_health_check_failed()
        connection.ensure_connection()
        connection.validate_thread_sharing()
        raw = psycopg.Cursor(connection.connection)
    loader = raw.adapters.get_loader(TIMESTAMPTZ_OID, Format.TEXT)
    if connection.timezone != loader.timezone:
        register_tzloader(connection.timezone, raw)
    if connection.queries_logged:
        return connection.make_debug_cursor(raw)
    return connection.make_cursor(raw)


class _Compiled:
    def __init__(self, queryset, connection):
        query = queryset.query
        if (
            query.annotations
            or query.extra
            or query.select_related
            or queryset._prefetch_related_lookups
        ):
            raise TypeError(
                "A PreparedQuery reads plain columns: no annotations, extra(), "
                "select_related() or prefetch_related()."
            )
        compiler = query.get_compiler(connection=connection)
        token = _preparing.set(True)
        try:
            self.sql, params = compiler.as_sql()
        finally:
            _preparing.reset(token)
        self.params = tuple(params)
        self.slots = [i for i, p in enumerate(self.params) if isinstance(p, _Slot)]
        columns = [column for column, _sql, _alias in compiler.select]
        self.converters = compiler.get_converters(columns)
        self.model = queryset.model
        self.rows = {
            ModelIterable: "instances",
            ValuesListIterable: "tuples",
            FlatValuesListIterable: "flat",
        }.get(queryset._iterable_class)
        if self.rows is None:
            raise TypeError("A PreparedQuery returns instances or values_list() rows.")
        if self.rows == "instances":
            self.attnames = [column.target.attname for column in columns]
            concrete = [f.attname for f in self.model._meta.concrete_fields]
            if self.attnames != [n for n in concrete if n in self.attnames]:
                raise TypeError("A PreparedQuery reads a model's columns in order.")

    def run(self, alias, values):
        connection = connections[alias]
        params = list(self.params)
        for i in self.slots:
            params[i] = params[i].value(values, connection)
        with _cursor(connection) as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if self.converters:
            rows = [self._convert(row, connection) for row in rows]
        if self.rows == "flat":
            return [row[0] for row in rows]
        if self.rows == "tuples":
            return [tuple(row) for row in rows]
        from_db = self.model.from_db
        return [from_db(alias, self.attnames, row) for row in rows]

    def _convert(self, row, connection):
        row = list(row)
        for position, (converters, expression) in self.converters.items():
            value = row[position]
            for converter in converters:
                value = converter(value, expression, connection)
            row[position] = value
        return row


class PreparedQuery:
    """A queryset built by ``build()`` and compiled once per database.

    ``build`` returns the queryset, with ``Param(name, field)`` wherever a
    run's value goes. ``fetch(**values)`` returns model instances, or tuples
    for a ``values_list()`` queryset, exactly as iterating the queryset
    would.
    """

    def __init__(self, build):
        self.build = build
        self.model = None
        self._compiled = {}
        self._lock = threading.Lock()

    def compiled(self, alias):
        connection = connections[alias]
        key = (alias, connection.vendor)
        compiled = self._compiled.get(key)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(key)
                if compiled is None:
                    compiled = _Compiled(self.build(), connection)
                    self._compiled[key] = compiled
        return compiled

    def fetch(self, **values):
        if self.model is None:
            self.model = self.build().model
        alias = router.db_for_read(self.model)
        return self.compiled(alias).run(alias, values)
