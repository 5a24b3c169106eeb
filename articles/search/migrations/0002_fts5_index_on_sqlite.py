"""Create the FTS5 tables that index search tokens, on SQLite only.

One table for whole articles and a small one for headlines, so headline
matches are found without reading every body match. Both are contentless (the
tokens come from Python and are not stored twice), keep positions so phrases
match exactly (detail=full), index one-character prefixes so a single
character is one lookup (prefix='1'), and use the ascii tokenizer, which
splits only on ASCII separators: each token written stays one token. The
rowid is the document's sort key, so matches come out newest first.
"""

from django.db import migrations

TABLES = ("search_fts", "search_fts_headline")


def create_fts5_tables(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for table in TABLES:
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {table} USING fts5("
            "tokens, content='', detail=full, prefix='1', tokenize='ascii')"
        )


def drop_fts5_tables(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for table in TABLES:
        schema_editor.execute(f"DROP TABLE IF EXISTS {table}")


class Migration(migrations.Migration):

    dependencies = [
        ("search", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_fts5_tables, drop_fts5_tables, elidable=False),
    ]
