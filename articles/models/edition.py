"""The printed edition (数字报): its pages, and where each story was printed.

A ``PrintPage`` is one page of one day's paper, as its masthead names it
(版次 and page name) with the editors it credits. A ``PrintPlacement`` puts a
story on a page, in print order; a story that jumps (（下转第3版）) has one
placement per page it was printed on, and each placement keeps the
fingerprint of its printed part, so importing either page again finds it.
"""

import re
import unicodedata

from django.db import models
from django.utils.translation import gettext_lazy as _

from newsroom.addresses import remembered_reverse

from .article import Article

_LETTERED = re.compile(r"(?P<letter>[A-Z])(?P<digits>[0-9]{1,3})")


def page_label(value):
    """Return the label a page is known by: ``"3"`` for 第3版, ``"A01"`` for A01."""
    text = unicodedata.normalize("NFKC", str(value or "")).strip().upper()
    if text.isdigit():
        return str(int(text))
    return text


def page_position(label):
    """Return where a page sorts in its edition: 1, 2, … then A01, A02, B01 …"""
    if label.isdigit():
        return int(label)
    match = _LETTERED.fullmatch(label)
    if match:
        letter = ord(match.group("letter")) - ord("A") + 1
        return letter * 1000 + int(match.group("digits"))
    # An unknown page comes after every known one.
    return 999_999


class PrintPageQuerySet(models.QuerySet):
    def of_edition(self, day):
        return self.filter(edition=day).order_by("position", "label")


class PrintPage(models.Model):
    edition = models.DateField(_("edition"), db_index=True)
    label = models.CharField(
        _("page"),
        max_length=8,
        blank=True,
        help_text=_(
            "The page as printed: 3 for 第3版, A01 for a lettered page; "
            "empty when the page is not known."
        ),
    )
    number = models.PositiveSmallIntegerField(
        _("page number"), null=True, blank=True, editable=False
    )
    position = models.PositiveIntegerField(_("order"), default=0, editable=False)
    name = models.CharField(
        _("page name"), max_length=50, blank=True, help_text=_("As printed: 要闻.")
    )
    paper = models.CharField(_("paper"), max_length=50, blank=True)
    editors = models.JSONField(
        _("page editors"),
        default=list,
        blank=True,
        help_text=_('As printed: [["责任编辑", "周海波"], ["美术编辑", "林珊"]].'),
    )

    objects = PrintPageQuerySet.as_manager()

    class Meta:
        ordering = ["-edition", "position", "label"]
        verbose_name = _("print page")
        verbose_name_plural = _("print pages")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "label"], name="print_page_unique_label"
            ),
        ]

    def __str__(self):
        return " ".join(
            part
            for part in (self.edition.isoformat(), self.page_text, self.name)
            if part
        )

    def save(self, *args, **kwargs):
        self.label = page_label(self.label)
        self.number = int(self.label) if self.label.isdigit() else None
        self.position = page_position(self.label)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        url = remembered_reverse("articles:edition", self.edition.isoformat())
        return f"{url}#{self.anchor}"

    @property
    def anchor(self):
        return f"page-{self.label}" if self.label else "page-other"

    @property
    def page_text(self):
        """The page as the paper prints it: 第3版, A01版; "" when unknown."""
        if not self.label:
            return ""
        if self.label.isdigit():
            return f"第{self.label}版"
        return f"{self.label}版"

    def editors_text(self):
        return "　".join(f"{title}：{name}" for title, name in self.editors)


class PrintPlacement(models.Model):
    """A story (or one part of a story that jumps) as printed on a page."""

    page = models.ForeignKey(
        PrintPage,
        verbose_name=_("print page"),
        # A page with stories on it is part of the record of the edition.
        on_delete=models.PROTECT,
        related_name="placements",
    )
    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="placements",
    )
    position = models.PositiveSmallIntegerField(
        _("order on the page"), default=0, help_text=_("Print order, from 1.")
    )
    headline = models.CharField(
        _("printed headline"),
        max_length=200,
        blank=True,
        help_text=_("As printed on this page; a continuation repeats its headline."),
    )
    column = models.CharField(
        _("column"), max_length=20, blank=True, help_text=_("短讯, 图片新闻 …")
    )
    continues_on = models.PositiveSmallIntegerField(
        _("continues on page"), null=True, blank=True
    )
    continued_from = models.PositiveSmallIntegerField(
        _("continued from page"), null=True, blank=True
    )
    # The printed part's hash (see importing.service.fingerprint); NULL for
    # placements made by hand.
    fingerprint = models.CharField(
        _("import fingerprint"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        editable=False,
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("print placement")
        verbose_name_plural = _("print placements")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "page"], name="print_placement_once_per_page"
            ),
        ]
        indexes = [
            models.Index(fields=["page", "position"], name="print_placement_order_idx"),
        ]

    def __str__(self):
        return f"{self.page} #{self.position}: {self.headline}"


class EditionPage:
    """A page of an edition as the public sees it: the page and its stories."""

    def __init__(self, page):
        self.page = page
        self.entries = []

    def add(self, article, placement=None):
        self.entries.append((article, placement))


def edition_contents(day):
    """Return the :class:`EditionPage` list of ``day``'s published stories.

    Pages come in order (1, 2 … then A01 …, an unknown page last), stories in
    print order; a story that jumps is on each of its pages. Stories that
    name the edition but no page of it (entered by hand) are on the page
    their ``print_page`` says. Two queries, whatever the archive's size.
    """
    summary = [
        "headline",
        "kicker",
        "slug",
        "dek",
        "kind",
        "published_at",
        "created_at",
    ]
    published = Article.objects.published()
    placements = (
        PrintPlacement.objects.filter(
            page__edition=day, article__in=published.values("pk")
        )
        .select_related("page", "article")
        .only(
            "position",
            "continues_on",
            "continued_from",
            "column",
            *(f"page__{name}" for name in ("edition", "label", "position", "name")),
            "page__editors",
            *(f"article__{name}" for name in summary),
        )
        .order_by("page__position", "page__label", "position", "pk")
    )
    pages = {}
    for placement in placements:
        page = pages.setdefault(placement.page_id, EditionPage(placement.page))
        page.add(placement.article, placement)
    by_label = {page.page.label: page for page in pages.values()}
    unplaced = (
        published.filter(print_edition=day)
        .exclude(placements__page__edition=day)
        .only(*summary, "print_page")
        .order_by("print_page", "published_at", "pk")
    )
    for article in unplaced:
        label = str(article.print_page) if article.print_page else ""
        if label not in by_label:
            by_label[label] = EditionPage(PrintPage(edition=day, label=label))
            by_label[label].page.position = page_position(label)
        by_label[label].add(article)
    return sorted(
        by_label.values(), key=lambda page: (page.page.position, page.page.label)
    )
