"""Full-text search of articles, an app of its own (label ``search``).

``tokens`` turns Chinese copy and queries into index tokens; ``index`` keeps
the index in step with articles inside their own transactions; ``backends``
stores and reads it on SQLite (FTS5) or PostgreSQL (GIN); ``query`` runs a
search against an ``Article`` queryset, which alone decides what may be found;
``views`` is the readers' search page.
"""
