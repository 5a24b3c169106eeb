from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """The searchable text of one article, as the index last saw it.

    Each database keeps its own index next to this row (``search.backends``):
    FTS5 tables on SQLite, ``tsvector`` columns with GIN indexes on PostgreSQL.
    """

    article = models.OneToOneField(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_document",
    )
    sort_key = models.BigIntegerField(
        _("sort key"),
        help_text=_("Publication minute and article id in one number, newest last."),
    )
    headline = models.TextField(_("headline"))
    text = models.TextField(
        _("text"), help_text=_("Headline, summary and body, normalized.")
    )

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self):
        return self.headline
