from django.conf import settings
from django.db import models, router, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from search import index as search_index
from staff.models import Department, Reporter, unique_slug

from .text import count_characters, pinyin_slug, plain_text, sanitize_body

BODY_EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "Link": {"enableTarget": False},
    "HardBreak": True,
    "History": True,
}


class ArticleQuerySet(search_index.IndexedQuerySet):
    def published(self):
        """Articles the public may read now; a future ``published_at`` is a
        schedule or an embargo and stays hidden until that moment."""
        return self.filter(
            status=Article.Status.PUBLISHED, published_at__lte=timezone.now()
        )

    def in_department(self, department):
        return self.filter(department=department)

    def by_reporter(self, reporter):
        return self.filter(
            pk__in=Byline.objects.filter(reporter=reporter).values("article_id")
        )

    def newest_first(self):
        return self.order_by("-published_at", "-pk")

    def for_listing(self):
        """Fetch what a list of stories shows, in a fixed number of queries."""
        return self.select_related("department").prefetch_related(
            models.Prefetch(
                "bylines", queryset=Byline.objects.select_related("reporter")
            ),
            "photos",
        )


class TaggedArticle(TaggedItemBase):
    content_object = models.ForeignKey(
        "Article", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("tagged article")
        verbose_name_plural = _("tagged articles")


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("In review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")

    headline = models.CharField(_("headline"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=80,
        unique=True,
        blank=True,
        help_text=_(
            "The web address. Left empty, it is made from the headline's pinyin."
        ),
    )
    dek = models.TextField(
        _("summary"),
        blank=True,
        help_text=_("One or two sentences shown under the headline and in lists."),
    )
    body = ProseEditorField(
        _("body"),
        blank=True,
        extensions=BODY_EDITOR_EXTENSIONS,
        sanitize=True,
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        # A desk with stories cannot be deleted; move its stories first.
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
    )
    tags = TaggableManager(_("tags"), through=TaggedArticle, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status,
        default=Status.DRAFT,
        editable=False,
    )
    dateline = models.DateField(
        _("dateline"),
        null=True,
        blank=True,
        help_text=_("The day the story happened, as in 本报讯 3月16日."),
    )
    print_edition = models.DateField(
        _("print edition"),
        null=True,
        blank=True,
        help_text=_("Date of the printed paper that carried the story."),
    )
    print_page = models.PositiveSmallIntegerField(
        _("print page"), null=True, blank=True
    )
    char_count = models.PositiveIntegerField(
        _("length (字数)"), default=0, editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="articles_created",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("A time in the future schedules the story."),
    )
    first_published_at = models.DateTimeField(
        _("first published"), null=True, blank=True, editable=False
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            models.Index(
                fields=["status", "-published_at"], name="article_status_pub_idx"
            ),
            models.Index(
                fields=["department", "status", "-published_at"],
                name="article_dept_pub_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="article_published_has_time",
            ),
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        self.body = sanitize_body(self.body)
        self.char_count = count_characters(plain_text(self.body))
        if not self.slug:
            self.slug = unique_slug(
                Article,
                pinyin_slug(self.headline),
                exclude_pk=self.pk,
                max_length=80,
                fallback="article",
            )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, "char_count"}
        using = kwargs.get("using") or router.db_for_write(Article, instance=self)
        with transaction.atomic(using=using):
            super().save(*args, **kwargs)
            search_index.article_saved(self, update_fields, using=using)

    def get_absolute_url(self):
        when = timezone.localtime(
            self.published_at or self.created_at or timezone.now()
        )
        return reverse(
            "articles:article-detail",
            kwargs={
                "year": when.year,
                "month": when.month,
                "day": when.day,
                "slug": self.slug,
            },
        )

    def delete(self, *args, **kwargs):
        using = kwargs.get("using") or router.db_for_write(Article, instance=self)
        with transaction.atomic(using=using):
            search_index.remove_articles([self.pk], using=using)
            return super().delete(*args, **kwargs)

    def is_published(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    is_published.boolean = True
    is_published.short_description = _("public")

    def byline_text(self):
        """Return the credit line the way the paper prints it.

        One reporter with several roles is one credit (记者 鲁慧 文/图); roles
        are spelled out only when someone is credited for photos.
        """
        bylines = list(self.bylines.all())
        show_roles = any(b.role == Byline.Role.PHOTO for b in bylines)
        credits = {}
        for byline in bylines:
            credit = credits.setdefault(byline.reporter_id, [byline.reporter, []])
            credit[1].append(byline.role)
        parts = []
        for reporter, roles in credits.values():
            words = [reporter.printed_title, reporter.name]
            printed_roles = [
                Byline.PRINTED_ROLES[role]
                for role in roles
                if role in (Byline.Role.TEXT, Byline.Role.PHOTO)
            ]
            if show_roles and printed_roles:
                words.append("/".join(printed_roles))
            parts.append(" ".join(w for w in words if w))
        return " ".join(parts)


class Byline(models.Model):
    class Role(models.TextChoices):
        TEXT = "text", _("Text (文)")
        PHOTO = "photo", _("Photo (图)")
        CORRESPONDENT = "correspondent", _("Correspondent (通讯员)")
        EDITOR = "editor", _("Editor")

    PRINTED_ROLES = {Role.TEXT: "文", Role.PHOTO: "图"}

    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="bylines",
    )
    reporter = models.ForeignKey(
        Reporter,
        verbose_name=_("reporter"),
        # Credits are part of the record: deactivate a reporter instead.
        on_delete=models.PROTECT,
        related_name="bylines",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.TEXT)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "reporter", "role"], name="byline_unique_role"
            ),
        ]

    def __str__(self):
        return f"{self.reporter.name} ({self.get_role_display()})"


class Photo(models.Model):
    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="photos",
    )
    image = models.ImageField(
        _("image"),
        upload_to="photos/%Y/%m/",
        width_field="width",
        height_field="height",
    )
    width = models.PositiveIntegerField(_("width"), default=0, editable=False)
    height = models.PositiveIntegerField(_("height"), default=0, editable=False)
    caption = models.TextField(_("caption"), blank=True)
    credit_reporter = models.ForeignKey(
        Reporter,
        verbose_name=_("credited reporter"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="photos",
    )
    credit_text = models.CharField(
        _("credit"),
        max_length=100,
        blank=True,
        help_text=_("For agency or courtesy photos, e.g. 新华社 or 受访者供图."),
    )
    alt_text = models.CharField(
        _("alt text"),
        max_length=250,
        blank=True,
        help_text=_("What the photo shows, for readers who cannot see it."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")

    def __str__(self):
        return self.caption[:40] or self.image.name

    @property
    def credit(self):
        if self.credit_reporter_id:
            return str(self.credit_reporter)
        return self.credit_text
