"""PostgreSQL: ``tsvector`` columns of character triples under GIN indexes."""

from django.db import transaction
from django.db.models import Q
from django.db.models.expressions import RawSQL

from ..tokens import triple_tokens
from .base import ALL, DOCUMENT_TABLE, HEADLINE, REST, Backend

# PostgreSQL's GIN indexes and the columns they index (migration 0003).
GIN_INDEXES = {
    "search_document_vector_gin": "vector",
    "search_document_headline_gin": "headline_vector",
}
# Building a GIN index of 100,000 documents in the default 64 MB spills to
# disk over and over.
INDEX_BUILD_MEMORY = "256MB"

# PostgreSQL reads this many of the newest documents before asking its GIN
# index: enough for a word in one story in 25 to fill a page.
NEWEST_SCANNED = 500

# A query mixing whole tokens and prefixes reads at most this many candidates
# found by its whole tokens alone before asking for the prefixes too.
WITHOUT_PREFIXES_LIMIT = 2000


class PostgreSQLBackend(Backend):
    """``tsvector`` columns of distinct tokens, under GIN indexes.

    The vectors keep no positions (a ``tsvector`` caps them at 16,383, and at
    256 per token, which would lose matches in long articles); a term of
    several tokens is confirmed against the stored text instead. They hold
    character triples rather than pairs (``triple_tokens()``), so a long
    term's candidates are mostly real matches and few need confirming.
    """

    vendor = "postgresql"

    def __init__(self, connection):
        super().__init__(connection)
        self._newest_cache = None
        self._candidates_cache = {}
        self._confirmed_cache = {}

    def add(self, documents):
        """Index ``(article_id, sort_key, headline, text)`` documents, saved."""
        ids, vectors, headline_vectors = [], [], []
        for article_id, _, headline, text in documents:
            ids.append(article_id)
            vectors.append(_tsvector_literal(text))
            headline_vectors.append(_tsvector_literal(headline))
        if not ids:
            return
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {DOCUMENT_TABLE} AS d SET vector = v.vector::tsvector, "
                "headline_vector = v.headline_vector::tsvector "
                "FROM unnest(%s::bigint[], %s::text[], %s::text[]) "
                "AS v(id, vector, headline_vector) WHERE d.article_id = v.id",
                [ids, vectors, headline_vectors],
            )

    def remove(self, documents):
        """Nothing to do: the vectors go with their document rows."""

    def clear(self):
        """Drop the GIN indexes until ``optimize()``: every vector is written again.

        Building a GIN index once over all documents is many times faster
        than growing it document by document. Searches stay right meanwhile,
        only slower; the vectors themselves go with their document rows.
        """
        with self.connection.cursor() as cursor:
            for name in GIN_INDEXES:
                cursor.execute(f"DROP INDEX IF EXISTS {name}")

    def create_indexes(self):
        """Build the GIN indexes that ``clear()`` dropped."""
        with transaction.atomic(using=self.connection.alias):
            with self.connection.cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('maintenance_work_mem', %s, true)",
                    [INDEX_BUILD_MEMORY],
                )
                # PostgreSQL will not index a table with foreign key checks
                # still pending in this transaction, so they are run first.
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                for name, column in GIN_INDEXES.items():
                    # No pending list, which every search would read in
                    # full until a vacuum (migration 0005).
                    cursor.execute(
                        f"CREATE INDEX IF NOT EXISTS {name} "
                        f"ON {DOCUMENT_TABLE} USING gin ({column}) "
                        "WITH (fastupdate = off)"
                    )
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    def optimize(self):
        """Build missing GIN indexes, drop dead rows, refresh statistics."""
        self.create_indexes()
        with self.connection.cursor() as cursor:
            for name in GIN_INDEXES:
                cursor.execute("SELECT gin_clean_pending_list(%s::regclass)", [name])
            if not self.connection.in_atomic_block:
                # A rebuild leaves a dead row per document; scans step over
                # them until they are vacuumed.
                cursor.execute(f"VACUUM {DOCUMENT_TABLE}")
            # Stale statistics on freshly loaded articles make the planner
            # walk every article instead of the newest matches.
            cursor.execute("ANALYZE")

    @staticmethod
    def tsquery(query):
        lexemes = {}
        for term in query.terms:
            for token, prefix in term.triple_pieces:
                lexemes[token] = lexemes.get(token, False) or prefix
        return " & ".join(
            f"'{token}'" + (":*" if prefix else "") for token, prefix in lexemes.items()
        )

    @staticmethod
    def _unchecked(query):
        return [term.text for term in query.terms if len(term.triple_pieces) > 1]

    def filters(self, query):
        """Return conditions that narrow an ``Article`` queryset to matches."""
        match = RawSQL(
            f"SELECT article_id FROM {DOCUMENT_TABLE} WHERE vector @@ %s::tsquery",
            [self.tsquery(query)],
        )
        return [Q(pk__in=match)] + [
            Q(search_document__text__contains=text) for text in self._unchecked(query)
        ]

    def _index_condition(self, query, tier, body_tsquery=None):
        """Return SQL on ``d`` choosing ``tier`` without reading the body text.

        Headline columns are small and stored in the row, so they are
        checked here; the body text is confirmed later, on few rows.
        ``body_tsquery`` replaces what the whole text's vector is asked.
        """
        tsquery = self.tsquery(query)
        unchecked = self._unchecked(query)
        headline = "d.headline_vector @@ %s::tsquery" + "".join(
            " AND strpos(d.headline, %s) > 0" for _ in unchecked
        )
        headline_params = [tsquery, *unchecked]
        if tier == HEADLINE:
            return headline, headline_params
        sql, params = "d.vector @@ %s::tsquery", [body_tsquery or tsquery]
        if tier == REST:
            sql += f" AND NOT COALESCE(({headline}), false)"
            params += headline_params
        return sql, params

    def _final_condition(self, query, visible, tier, alias):
        """Return SQL confirming the text and visibility of row ``alias``."""
        sql, params = self._visible_sql(visible, f"{alias}.article_id")
        unchecked = self._unchecked(query) if tier != HEADLINE else []
        for text in unchecked:
            sql += f" AND strpos({alias}.text, %s) > 0"
            params.append(text)
        return sql, params

    def ranked_ids(self, query, visible, tier, low, high, limit, offset):
        """Return ids of ``tier`` matches in ``visible``, newest first.

        A GIN index finds matches but cannot order them, and the planner
        cannot tell a rare word from a common one well enough to choose. So
        the newest documents are read first (enough for a common word), and
        only if they hold too few matches is the GIN index asked, which is
        then cheap because the word is not common.
        """
        wanted = offset + limit
        newest, complete = self._newest(query, visible, low, high)
        found = [pk for pk, in_headline in newest if _in_tier(in_headline, tier)]
        if len(found) < wanted and not complete:
            found = self._indexed_matches(query, visible, tier, low, high, wanted)
        return found[offset:wanted]

    def count(self, query, visible, tier, low, high, cap):
        """Count ``tier`` matches in ``visible``, up to ``cap``."""
        newest, complete = self._newest(query, visible, low, high)
        found = [pk for pk, in_headline in newest if _in_tier(in_headline, tier)]
        if len(found) >= cap or complete:
            return min(len(found), cap)
        return self._indexed_count(query, visible, tier, low, high, cap)

    def _newest(self, query, visible, low, high):
        """Return every match among the newest documents, and whether that was all.

        Each match is ``(article_id, headline matches)``. A search asks for
        the headline matches, the rest and a count, so this runs once per
        search.
        """
        key = (query, id(visible), low, high)
        if self._newest_cache and self._newest_cache[0] == key:
            return self._newest_cache[1]
        condition, params = self._index_condition(query, ALL)
        headline, headline_params = self._index_condition(query, HEADLINE)
        final, final_params = self._final_condition(query, visible, ALL, "d")
        newest = (
            f"SELECT * FROM {DOCUMENT_TABLE} WHERE sort_key >= %s AND sort_key < %s "
            "ORDER BY sort_key DESC LIMIT %s"
        )
        window = [low, high, NEWEST_SCANNED]
        with self.connection.cursor() as cursor:
            # The first column says how many documents were read, so a row
            # comes back even when nothing matched.
            cursor.execute(
                f"SELECT s.read, m.article_id, m.in_headline FROM (SELECT COUNT(*) "
                f"AS read FROM ({newest}) AS n) AS s LEFT JOIN LATERAL ("
                f"SELECT d.article_id, d.sort_key, COALESCE(({headline}), false) "
                f"AS in_headline FROM ({newest}) AS d "
                f"WHERE {condition} AND {final}) AS m ON true "
                "ORDER BY m.sort_key DESC",
                [*window, *headline_params, *window, *params, *final_params],
            )
            rows = cursor.fetchall()
        result = (
            [(pk, in_headline) for _, pk, in_headline in rows if pk is not None],
            rows[0][0] < NEWEST_SCANNED,
        )
        self._newest_cache = (key, result)
        return result

    def _indexed_matches(self, query, visible, tier, low, high, wanted):
        candidates = self._candidates(query, tier, low, high)
        return self._confirmed(query, visible, tier, candidates, wanted)

    def _indexed_count(self, query, visible, tier, low, high, cap):
        if (query, tier, low, high) in self._candidates_cache:
            # The page read them already: a rare word, few candidates.
            return len(self._indexed_matches(query, visible, tier, low, high, cap))
        if tier == ALL and all(
            (query, part, low, high) in self._candidates_cache
            for part in (HEADLINE, REST)
        ):
            found = len(self._indexed_matches(query, visible, HEADLINE, low, high, cap))
            rest = self._indexed_matches(query, visible, REST, low, high, cap - found)
            return found + len(rest)
        # Common enough to fill the page from the newest documents, so there
        # may be tens of thousands of candidates: count the first ``cap``
        # matches in the order the table holds them, and sort nothing.
        condition, params = self._index_condition(query, tier)
        final, final_params = self._final_condition(query, visible, tier, "d")
        with transaction.atomic(using=self.connection.alias):
            with self.connection.cursor() as cursor:
                # Otherwise the planner may walk the sort key or the table
                # and decompress every document's vector on the way.
                cursor.execute(
                    "SELECT set_config('enable_indexscan', 'off', true), "
                    "set_config('enable_seqscan', 'off', true)"
                )
                cursor.execute(
                    f"SELECT COUNT(*) FROM (SELECT 1 FROM {DOCUMENT_TABLE} d "
                    f"WHERE {condition} AND d.sort_key >= %s AND d.sort_key < %s "
                    f"AND {final} LIMIT %s) AS matches",
                    [*params, low, high, *final_params, cap],
                )
                return cursor.fetchone()[0]

    def _candidates(self, query, tier, low, high):
        """Return ids of documents in ``tier`` holding every token of ``query``,
        newest first, from the GIN indexes."""
        key = (query, tier, low, high)
        if key in self._candidates_cache:
            return self._candidates_cache[key]
        with transaction.atomic(using=self.connection.alias):
            with self.connection.cursor() as cursor:
                # Without a table scan, and with an order the sort key's
                # B-tree cannot give, the GIN index is the planner's way in,
                # and no document's vector or text is decompressed.
                cursor.execute("SELECT set_config('enable_seqscan', 'off', true)")
                candidates = None
                if tier != HEADLINE and self._prefix_terms(query):
                    candidates = self._candidates_without_prefixes(
                        cursor, query, tier, low, high
                    )
                if candidates is None:
                    condition, params = self._index_condition(query, tier)
                    cursor.execute(
                        f"SELECT d.article_id FROM {DOCUMENT_TABLE} d "
                        f"WHERE {condition} "
                        "AND d.sort_key >= %s AND d.sort_key < %s "
                        "ORDER BY d.sort_key + 0 DESC",
                        [*params, low, high],
                    )
                    candidates = [row[0] for row in cursor.fetchall()]
        self._candidates_cache[key] = candidates
        return candidates

    @staticmethod
    def _prefix_terms(query):
        """Return the one- and two-character terms of a query that has others.

        Such a prefix stands for every token it starts, thousands for a common
        pair (工作), which the GIN index gathers slowly; the other terms'
        whole tokens may find few candidates, whose text settles the prefix.
        """
        pieces = [piece for term in query.terms for piece in term.triple_pieces]
        if all(prefix for _, prefix in pieces):
            return []
        return [
            term.text
            for term in query.terms
            if all(prefix for _, prefix in term.triple_pieces)
        ]

    def _candidates_without_prefixes(self, cursor, query, tier, low, high):
        """Return candidates found by whole tokens alone, newest first, or None
        when there are too many to be worth it."""
        whole = {
            token
            for term in query.terms
            for token, prefix in term.triple_pieces
            if not prefix
        }
        condition, params = self._index_condition(
            query, tier, " & ".join(f"'{token}'" for token in whole)
        )
        cursor.execute(
            f"SELECT d.article_id, d.sort_key FROM {DOCUMENT_TABLE} d "
            f"WHERE {condition} AND d.sort_key >= %s AND d.sort_key < %s LIMIT %s",
            [*params, low, high, WITHOUT_PREFIXES_LIMIT + 1],
        )
        rows = cursor.fetchall()
        if len(rows) > WITHOUT_PREFIXES_LIMIT:
            return None
        rows.sort(key=lambda row: row[1], reverse=True)
        return [article_id for article_id, _ in rows]

    def _confirmed(self, query, visible, tier, candidates, wanted):
        """Return the first ``wanted`` of ``candidates`` that are matches in
        ``visible``, reading the text of as few as it can."""
        verdicts = self._confirmed_cache.setdefault((query, id(visible), tier), {})
        final, final_params = self._final_condition(query, visible, tier, "c")
        if tier != HEADLINE:
            for text in self._prefix_terms(query):
                final += " AND strpos(c.text, %s) > 0"
                final_params.append(text)
        found = []
        chunk = 2 * wanted + 20
        position = 0
        while len(found) < wanted and position < len(candidates):
            ids = candidates[position : position + chunk]
            unknown = [pk for pk in ids if pk not in verdicts]
            if unknown:
                with self.connection.cursor() as cursor:
                    cursor.execute(
                        f"SELECT c.article_id FROM {DOCUMENT_TABLE} c "
                        f"WHERE c.article_id = ANY(%s) AND {final}",
                        [unknown, *final_params],
                    )
                    shown = {row[0] for row in cursor.fetchall()}
                verdicts.update((pk, pk in shown) for pk in unknown)
            found.extend(pk for pk in ids if verdicts[pk])
            position += chunk
            chunk *= 4
        return found[:wanted]

    def size(self):
        """Return the bytes the documents, their vectors and indexes take."""
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT pg_total_relation_size(%s)", [DOCUMENT_TABLE])
            return cursor.fetchone()[0]


def _in_tier(in_headline, tier):
    return tier == ALL or in_headline == (tier == HEADLINE)


def _tsvector_literal(text):
    # Tokens hold only letters, digits and Chinese, so quoting needs no escapes.
    return " ".join(f"'{token}'" for token in set(triple_tokens(text)))
