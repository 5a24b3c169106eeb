"""SQLite: contentless FTS5 tables whose rowid is the sort key."""

from django.db.models import Q
from django.db.models.expressions import RawSQL

from ..tokens import document_tokens
from .base import DOCUMENT_TABLE, HEADLINE, ID_MASK, REST, Backend

FTS_TABLE = "search_fts"
HEADLINE_FTS_TABLE = "search_fts_headline"


class SQLiteBackend(Backend):
    """Contentless FTS5 tables whose rowid is the sort key.

    Contentless FTS5 (SQLite 3.40 has no ``contentless_delete``) forgets a row
    only when told the tokens it was given, which ``SearchDocument`` keeps.
    Positions make a phrase of character pairs exact.
    """

    vendor = "sqlite"

    def add(self, documents):
        """Index ``(article_id, sort_key, headline, text)`` documents."""
        self._write(documents, "INSERT INTO {table} (rowid, tokens) VALUES (%s, %s)")

    def remove(self, documents):
        """Forget documents, given exactly as they were added."""
        self._write(
            documents,
            "INSERT INTO {table} ({table}, rowid, tokens) VALUES ('delete', %s, %s)",
        )

    def _write(self, documents, statement):
        rows, headlines = [], []
        for _, key, headline, text in documents:
            rows.append((key, " ".join(document_tokens(text))))
            headlines.append((key, " ".join(document_tokens(headline))))
        if not rows:
            return
        with self.connection.cursor() as cursor:
            cursor.executemany(statement.format(table=FTS_TABLE), rows)
            cursor.executemany(statement.format(table=HEADLINE_FTS_TABLE), headlines)

    def clear(self):
        with self.connection.cursor() as cursor:
            for table in (FTS_TABLE, HEADLINE_FTS_TABLE):
                cursor.execute(f"INSERT INTO {table} ({table}) VALUES ('delete-all')")

    def optimize(self):
        """Merge each table's segments into one and refresh planner statistics."""
        with self.connection.cursor() as cursor:
            for table in (FTS_TABLE, HEADLINE_FTS_TABLE):
                cursor.execute(f"INSERT INTO {table} ({table}) VALUES ('optimize')")
            # Without statistics SQLite reads a page of results through the
            # status index instead of by id, which grows with the archive.
            cursor.execute("ANALYZE")

    @staticmethod
    def match_expression(query):
        phrases = []
        for term in query.terms:
            phrase = " + ".join(
                f'"{token}"' + (" *" if prefix else "") for token, prefix in term.pieces
            )
            phrases.append(f"({phrase})")
        return " AND ".join(phrases)

    @staticmethod
    def _unchecked(query):
        # A phrase across Chinese and Latin runs ignores what lies between the
        # runs (2023年 and 2023 年 give the same tokens): the text settles it.
        return [term.text for term in query.terms if term.runs > 1]

    def filters(self, query):
        """Return conditions that narrow an ``Article`` queryset to matches."""
        match = RawSQL(
            f"SELECT rowid & {ID_MASK} FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",
            [self.match_expression(query)],
        )
        return [Q(pk__in=match)] + [
            Q(search_document__text__contains=text) for text in self._unchecked(query)
        ]

    def _select(self, query, visible, tier, low, high):
        unchecked = self._unchecked(query)
        field = "headline" if tier == HEADLINE else "text"
        for text in unchecked:
            visible = visible.filter(**{f"search_document__{field}__contains": text})
        table = HEADLINE_FTS_TABLE if tier == HEADLINE else FTS_TABLE
        article_id = f"({table}.rowid & {ID_MASK})"
        exists_sql, exists_params = self._visible_sql(visible, article_id)
        match = self.match_expression(query)
        where = (
            f"{table} MATCH %s AND {table}.rowid >= %s AND {table}.rowid < %s "
            f"AND {exists_sql}"
        )
        params = [match, low, high, *exists_params]
        if tier == REST:
            checks = "".join(" AND instr(d.headline, %s) > 0" for _ in unchecked)
            headline_matches = (
                f"SELECT h.rowid FROM {HEADLINE_FTS_TABLE} h "
                f"WHERE h.{HEADLINE_FTS_TABLE} MATCH %s "
                "AND h.rowid >= %s AND h.rowid < %s"
            )
            if unchecked:
                headline_matches += (
                    f" AND EXISTS (SELECT 1 FROM {DOCUMENT_TABLE} d "
                    f"WHERE d.article_id = (h.rowid & {ID_MASK}){checks})"
                )
            where += f" AND {table}.rowid NOT IN ({headline_matches})"
            params += [match, low, high, *unchecked]
        return table, article_id, f"{table}.rowid", where, params

    def size(self):
        """Return the bytes the FTS5 tables and the documents take on disk."""
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE %s OR name LIKE %s",
                [f"{FTS_TABLE}%", f"{DOCUMENT_TABLE}%"],
            )
            return cursor.fetchone()[0] or 0
