"""Keep the search index in step with articles, inside the caller's transaction.

``Article.save()`` and ``Article.delete()`` call in here, and
:class:`IndexedQuerySet` covers the bulk paths that skip them, so a search
never sees text or articles the database no longer holds.
"""

from django.db import models, transaction

from articles.body import plain_text

from .backends import get_backend, sort_key
from .models import SearchDocument
from .tokens import normalize

# Fields whose change changes a document: its text, or its place in time.
INDEXED_FIELDS = frozenset({"headline", "dek", "body", "published_at"})
BATCH_SIZE = 500
DOCUMENT_FIELDS = ("article_id", "sort_key", "headline", "text")


def document_text(article):
    """Return the text of ``article`` that search reads, one part per line."""
    parts = [article.headline, article.dek, plain_text(article.body)]
    return "\n".join(part for part in parts if part)


def document(article):
    """Return ``(article_id, sort_key, headline, text)`` as the index stores it."""
    when = article.published_at or article.created_at
    return (
        article.pk,
        sort_key(when, article.pk),
        normalize(article.headline),
        normalize(document_text(article)),
    )


def article_saved(article, update_fields=None, using="default"):
    """Reindex ``article`` after a save that may have changed its text."""
    if update_fields is not None and not INDEXED_FIELDS.intersection(update_fields):
        return
    index_articles([article], using=using)


def index_articles(articles, using="default"):
    """Index saved ``articles`` whose text differs from the index; return how many."""
    new = {
        article.pk: document(article) for article in articles if article.pk is not None
    }
    if not new:
        return 0
    documents = SearchDocument.objects.using(using)
    backend = get_backend(using)
    with transaction.atomic(using=using):
        old = {
            row[0]: row
            for row in documents.filter(pk__in=new).values_list(*DOCUMENT_FIELDS)
        }
        changed = [row for pk, row in new.items() if old.get(pk) != row]
        if not changed:
            return 0
        backend.remove(old[row[0]] for row in changed if row[0] in old)
        documents.bulk_create(
            [
                SearchDocument(**dict(zip(DOCUMENT_FIELDS, row, strict=True)))
                for row in changed
            ],
            update_conflicts=True,
            unique_fields=["article"],
            update_fields=DOCUMENT_FIELDS[1:],
        )
        backend.add(changed)
    return len(changed)


def remove_articles(article_ids, using="default"):
    """Drop the articles with ``article_ids`` (ids or a subquery) from the index."""
    documents = SearchDocument.objects.using(using).filter(pk__in=article_ids)
    with transaction.atomic(using=using):
        get_backend(using).remove(documents.values_list(*DOCUMENT_FIELDS))
        documents.delete()


def rebuild(articles, using="default", batch_size=BATCH_SIZE, progress=None):
    """Empty the index, then index ``articles`` batch by batch; return how many.

    Each batch commits on its own, so saves and searches carry on while it
    runs (searches find only what is indexed so far), and an article saved
    meanwhile is indexed by its own save. ``progress`` is called with
    (done, total) after each batch.
    """
    backend = get_backend(using)
    with transaction.atomic(using=using):
        backend.clear()
        SearchDocument.objects.using(using).all().delete()
    articles = articles.using(using).order_by("pk")
    ids = list(articles.values_list("pk", flat=True))
    fields = ("headline", "dek", "body", "published_at", "created_at")
    for start in range(0, len(ids), batch_size):
        batch = ids[start : start + batch_size]
        with transaction.atomic(using=using):
            index_articles(articles.filter(pk__in=batch).only(*fields), using=using)
        if progress:
            progress(start + len(batch), len(ids))
    backend.optimize()
    return len(ids)


class IndexedQuerySet(models.QuerySet):
    """Keep the index right through bulk writes that bypass ``save()``."""

    def bulk_create(self, objs, *args, **kwargs):
        with transaction.atomic(using=self.db):
            created = super().bulk_create(objs, *args, **kwargs)
            index_articles(created, using=self.db)
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        with transaction.atomic(using=self.db):
            updated = super().bulk_update(objs, fields, *args, **kwargs)
            if INDEXED_FIELDS.intersection(fields):
                index_articles(objs, using=self.db)
        return updated

    def update(self, **kwargs):
        if not INDEXED_FIELDS.intersection(kwargs):
            return super().update(**kwargs)
        with transaction.atomic(using=self.db):
            ids = list(self.values_list("pk", flat=True))
            updated = super().update(**kwargs)
            index_articles(self.model._base_manager.filter(pk__in=ids), using=self.db)
        return updated

    update.alters_data = True

    def delete(self):
        with transaction.atomic(using=self.db):
            remove_articles(self.values("pk"), using=self.db)
            return super().delete()

    delete.alters_data = True
    delete.queryset_only = True
