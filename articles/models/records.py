"""What happens to a story, kept as rows: its timeline, corrections, former
addresses, preview links and proofreading passes, and the banned-words list.

Each record points at its article by the string ``"articles.Article"``, so this
module needs only the workflow's vocabulary, not the article model.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.workflow import Action, Status


class ArticleRedirect(models.Model):
    """An address a published story had before its slug changed."""

    old_slug = models.SlugField(_("old slug"), max_length=80, unique=True)
    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="redirects",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("article redirect")
        verbose_name_plural = _("article redirects")

    def __str__(self):
        return f"{self.old_slug} → {self.article_id}"


class ArticleEvent(models.Model):
    """One step of an article's history: who moved it, from where, to where, why."""

    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="events",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=30)
    from_status = models.CharField(_("from"), max_length=20, choices=Status)
    to_status = models.CharField(_("to"), max_length=20, choices=Status)
    stage = models.PositiveSmallIntegerField(_("review stage"), null=True, blank=True)
    stage_name = models.CharField(_("review stage"), max_length=30, blank=True)
    round = models.PositiveIntegerField(_("review round"), default=0)
    # The story's version when it happened: tells whether its words changed
    # since (a retraction, a proofreading pass).
    version = models.PositiveIntegerField(_("version"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("article event")
        verbose_name_plural = _("article events")
        indexes = [
            models.Index(fields=["article", "action", "round"], name="event_round_idx")
        ]

    def __str__(self):
        return f"{self.article_id} {self.action} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def action_label(self):
        return Action.LABELS.get(self.action, self.action)


class Correction(models.Model):
    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        # Corrections are kept forever; an article that has them stays.
        on_delete=models.PROTECT,
        related_name="corrections",
    )
    text = models.TextField(_("correction"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")

    def __str__(self):
        return self.text[:50]


class PreviewLinkQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class PreviewLink(models.Model):
    """A shareable, expiring, revocable link to an unpublished story."""

    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="preview_links",
    )
    token = models.CharField(_("token"), max_length=64, unique=True, editable=False)
    note = models.CharField(
        _("for"),
        max_length=100,
        blank=True,
        help_text=_("Who the link is for, e.g. the source checking a quote."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("preview link")
        verbose_name_plural = _("preview links")

    def __str__(self):
        return f"{self.article} ({self.note or self.token[:6]})"

    def get_absolute_url(self):
        return reverse("articles:preview", kwargs={"token": self.token})

    def is_active(self):
        return self.revoked_at is None and self.expires_at > timezone.now()

    is_active.boolean = True


class ProofreadingPass(models.Model):
    """One proofreading pass (一校, 二校, 三校) over a story in its current round."""

    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="proofreading_passes",
    )
    number = models.PositiveSmallIntegerField(_("pass"))
    round = models.PositiveIntegerField(_("review round"), default=0)
    proofreader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proofreader"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    # The story's version the pass read: a later pass by the same person
    # counts only over edited text.
    version = models.PositiveIntegerField(_("version"), null=True, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    PRINTED = {1: "一校", 2: "二校", 3: "三校"}

    class Meta:
        ordering = ["round", "number"]
        verbose_name = _("proofreading pass")
        verbose_name_plural = _("proofreading passes")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "round", "number"], name="proofreading_pass_once"
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1) & Q(number__lte=3),
                name="proofreading_pass_1_to_3",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return self.PRINTED.get(self.number, str(self.number))

    @classmethod
    def name_of(cls, number):
        return cls.PRINTED.get(number, str(number))


class BannedWord(models.Model):
    """A word the proofreading panel flags: sensitive terms, barred superlatives."""

    class Kind(models.TextChoices):
        SENSITIVE = "sensitive", _("Sensitive word")
        ADVERTISING = "advertising", _("Barred by the Advertising Law")
        HOUSE = "house", _("House style")

    word = models.CharField(_("word"), max_length=50, unique=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind, default=Kind.SENSITIVE
    )
    note = models.CharField(
        _("note"),
        max_length=200,
        blank=True,
        help_text=_("Why it is flagged, or what to write instead."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "word"]
        verbose_name = _("banned word")
        verbose_name_plural = _("banned words")

    def __str__(self):
        return self.word
