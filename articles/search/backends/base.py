"""What both engines share: sort keys, tiers, and reading matches.

A sort key orders documents by publication time; a search reads one tier of
matches (headline matches first) newest first, through each engine's
``_select()``.
"""

from datetime import UTC, datetime, timedelta

from django.db.models.expressions import RawSQL

DOCUMENT_TABLE = "search_searchdocument"

# A sort key is the publication minute since 1900 shifted left past the
# article id: unique, and ordered by time, then id. Minutes rather than seconds
# keep the gaps between neighbouring keys, which the index stores, small.
ID_BITS = 24
ID_MASK = (1 << ID_BITS) - 1
EPOCH = datetime(1900, 1, 1, tzinfo=UTC)
SMALLEST_KEY = -(1 << 63)
LARGEST_KEY = (1 << 63) - 1

# Which matches a search reads: headline matches rank above the rest.
HEADLINE = "headline"
REST = "rest"
ALL = "all"


def _minutes(when):
    return (when - EPOCH) // timedelta(minutes=1)


def sort_key(when, article_id):
    """Return the key that orders the article ``article_id`` published ``when``."""
    if not 0 < article_id <= ID_MASK:
        raise ValueError(f"Search handles article ids up to {ID_MASK:,}.")
    return (_minutes(when) << ID_BITS) | article_id


def key_range(since=None, before=None):
    """Return keys ``low <= key < high`` of times from ``since`` to ``before``.

    The range may hold a little more (the same minute); the article queryset
    decides exactly.
    """
    low = _minutes(since) << ID_BITS if since else SMALLEST_KEY
    high = (_minutes(before) + 1) << ID_BITS if before else LARGEST_KEY
    return low, high


def compile_queryset(queryset):
    compiler = queryset.order_by().query.get_compiler(using=queryset.db)
    return compiler.as_sql()


class Backend:
    """What both engines share: reading matches through ``_select()``."""

    vendor = None

    def __init__(self, connection):
        self.connection = connection
        self._visible = {}

    def _visible_sql(self, visible, article_id):
        """Return SQL true when the article ``article_id`` is in ``visible``."""
        # A search asks several times over; compiling is the slow part.
        key = (id(visible), article_id)
        if key not in self._visible:
            sql, params = compile_queryset(
                visible.filter(pk=RawSQL(article_id, ())).values("pk")
            )
            # Holding ``visible`` keeps its id from being reused meanwhile.
            self._visible[key] = (visible, f"EXISTS ({sql})", tuple(params))
        _, sql, params = self._visible[key]
        return sql, list(params)

    def ranked_ids(self, query, visible, tier, low, high, limit, offset):
        """Return ids of ``tier`` matches in ``visible``, newest first."""
        table, article_id, key, where, params = self._select(
            query, visible, tier, low, high
        )
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {article_id} FROM {table} WHERE {where} "
                f"ORDER BY {key} DESC LIMIT %s OFFSET %s",
                [*params, limit, offset],
            )
            return [row[0] for row in cursor.fetchall()]

    def count(self, query, visible, tier, low, high, cap):
        """Count ``tier`` matches in ``visible``, up to ``cap``."""
        table, _, _, where, params = self._select(query, visible, tier, low, high)
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"SELECT COUNT(*) FROM (SELECT 1 FROM {table} WHERE {where} LIMIT %s) "
                "AS matches",
                [*params, cap],
            )
            return cursor.fetchone()[0]
