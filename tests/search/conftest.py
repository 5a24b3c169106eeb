import pytest
from django.db import connection

from articles.models import Article
from articles.search.backends import FTS_TABLE, ID_MASK, get_backend
from articles.search.query import SearchResults, matching
from articles.search.tokens import parse_query


def public_ids(text, **kwargs):
    """Return the ids a reader's search finds, over every page, in order."""
    results = SearchResults(Article.objects.published(), parse_query(text), **kwargs)
    ids, offset = [], 0
    while True:
        page, more = results.ids(offset, 7)
        ids += page
        if not more:
            return ids
        offset += 7


def editor_ids(text):
    """Return the ids the admin's search finds among every article."""
    return set(
        matching(Article.objects.all(), parse_query(text)).values_list("pk", flat=True)
    )


@pytest.fixture
def find():
    return public_ids


@pytest.fixture
def find_any():
    return editor_ids


def indexed_ids(text):
    """Return the article ids the engine's own index holds for ``text``."""
    query = parse_query(text)
    backend = get_backend()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                f"SELECT rowid & {ID_MASK} FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",
                [backend.match_expression(query)],
            )
        else:
            cursor.execute(
                "SELECT article_id FROM search_searchdocument "
                "WHERE vector @@ %s::tsquery",
                [backend.tsquery(query)],
            )
        return {row[0] for row in cursor.fetchall()}


@pytest.fixture
def indexed():
    return indexed_ids
