"""Where each database keeps and searches the tokens: one interface, two engines.

Both engines index the tokens of a document's whole text and of its headline
under the document's sort key, which orders documents by publication time.
A search reads matches newest first and stops once a page is full, so a word
found in every article costs no more than a rare one.

Which articles may be shown is never the index's business: every search takes
an ``Article`` queryset (``published()`` for readers) and only returns
articles in it, checked when the search runs.
"""

from django.db import connections

from .base import (
    ALL,
    DOCUMENT_TABLE,
    HEADLINE,
    ID_MASK,
    REST,
    Backend,
    key_range,
    sort_key,
)
from .postgresql import GIN_INDEXES, PostgreSQLBackend
from .sqlite import FTS_TABLE, HEADLINE_FTS_TABLE, SQLiteBackend

BACKENDS = {backend.vendor: backend for backend in (SQLiteBackend, PostgreSQLBackend)}


def get_backend(using="default"):
    """Return the search backend for the database ``using``."""
    connection = connections[using]
    try:
        backend = BACKENDS[connection.vendor]
    except KeyError:
        raise NotImplementedError(
            f"Search supports SQLite and PostgreSQL, not {connection.vendor}."
        ) from None
    return backend(connection)


__all__ = [
    "ALL",
    "BACKENDS",
    "DOCUMENT_TABLE",
    "FTS_TABLE",
    "GIN_INDEXES",
    "HEADLINE",
    "HEADLINE_FTS_TABLE",
    "ID_MASK",
    "REST",
    "Backend",
    "PostgreSQLBackend",
    "SQLiteBackend",
    "get_backend",
    "key_range",
    "sort_key",
]
