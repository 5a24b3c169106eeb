"""Recompute PostgreSQL's vectors as ``triple_tokens()`` of the stored text.

Vectors held character pairs; searches now look for the up to three
characters each character starts, which a vector written before would not
hold. The stored text is enough: no article is read. SQLite's index is
unchanged.
"""

from django.db import migrations

BATCH_SIZE = 500


def add_triples(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from articles.search.backends import PostgreSQLBackend

    SearchDocument = apps.get_model("search", "SearchDocument")
    backend = PostgreSQLBackend(schema_editor.connection)
    # Rewriting every vector under the GIN indexes takes many times longer
    # than building them again afterwards.
    backend.clear()
    documents = SearchDocument.objects.using(schema_editor.connection.alias)
    rows = documents.order_by("pk").values_list(
        "article_id", "sort_key", "headline", "text"
    )
    batch = []
    for row in rows.iterator(chunk_size=BATCH_SIZE):
        batch.append(row)
        if len(batch) == BATCH_SIZE:
            backend.add(batch)
            batch = []
    backend.add(batch)
    backend.create_indexes()


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0003_tsvector_gin_index_on_postgresql"),
    ]

    operations = [
        # Going back needs a rebuild_search_index under the older code.
        migrations.RunPython(add_triples, migrations.RunPython.noop, elidable=False),
    ]
