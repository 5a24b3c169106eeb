"""Add tsvector columns with GIN indexes to search documents, on PostgreSQL only.

``vector`` holds the tokens of the whole article and ``headline_vector`` those
of the headline; the B-tree on ``sort_key`` lets a common word be read newest
first instead of being sorted.
"""

from django.db import migrations

STATEMENTS = [
    (
        "ALTER TABLE search_searchdocument "
        "ADD COLUMN vector tsvector, ADD COLUMN headline_vector tsvector",
        "ALTER TABLE search_searchdocument "
        "DROP COLUMN vector, DROP COLUMN headline_vector",
    ),
    (
        "CREATE INDEX search_document_vector_gin "
        "ON search_searchdocument USING gin (vector)",
        "DROP INDEX search_document_vector_gin",
    ),
    (
        "CREATE INDEX search_document_headline_gin "
        "ON search_searchdocument USING gin (headline_vector)",
        "DROP INDEX search_document_headline_gin",
    ),
    (
        "CREATE INDEX search_document_sort_key "
        "ON search_searchdocument (sort_key)",
        "DROP INDEX search_document_sort_key",
    ),
]


def add_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for forward, _ in STATEMENTS:
        schema_editor.execute(forward)


def drop_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for _, backward in reversed(STATEMENTS):
        schema_editor.execute(backward)


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0002_fts5_index_on_sqlite"),
    ]

    operations = [
        migrations.RunPython(add_vectors, drop_vectors, elidable=False),
    ]
