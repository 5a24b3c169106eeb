"""The story itself: ``Article``, its fields, and the queries every page reads.

``Article.objects.published()`` is the one rule of what the public may read;
lists, feeds, sitemaps and search all start from it. The workflow's verbs,
previews and revisions are mixed in from their own modules.
"""

import re

import reversion
from django.conf import settings
from django.db import models, router, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from taggit.managers import TaggableManager

from articles.body import BODY_EDITOR_EXTENSIONS, plain_text, sanitize_body
from articles.previews import ArticlePreviewsMixin
from articles.revisions import ArticleRevisionsMixin
from articles.search import index as search_index
from articles.workflow import WORKFLOW_FIELDS, Status, WorkflowMixin
from newsroom import render_scope
from newsroom.addresses import remembered_reverse
from newsroom.text import count_characters, pinyin_slug, unique_slug

from .page_parts import PARTS_VERSION, StoredParts, empty_parts
from .parts import Byline, TaggedArticle
from .queries import ArticleQuerySet
from .records import ArticleRedirect

FIRST_SENTENCE = re.compile(r"[^。！？!?\n]*[。！？!?]")
LEAD_MARKER = re.compile(r"^本报(?:\S{0,12}?)?讯\s*(?:[（(][^）)]{0,40}[）)])?\s*")

# What the workflow writes: a save of these alone leaves ``version`` alone.
UNVERSIONED_FIELDS = frozenset(
    {
        *WORKFLOW_FIELDS,
        "updated_at",
        "import_warnings",
        "imported_by",
        "responsible_editor",
        "responsible_editor_user",
    }
)


# ``parts`` is a copy of the followed rows, remade from them when they change.
@reversion.register(follow=["bylines", "photos", "tagged_items"], exclude=["parts"])
class Article(WorkflowMixin, ArticleRevisionsMixin, ArticlePreviewsMixin, models.Model):
    Status = Status

    class Kind(models.TextChoices):
        STORY = "story", _("Story")
        PHOTO = "photo", _("Photo (图片新闻)")
        BRIEF = "brief", _("Brief (短讯)")

    kicker = models.CharField(
        _("kicker (引题)"),
        max_length=200,
        blank=True,
        help_text=_("The line printed above the headline, as in 喜迎国庆 共享欢乐."),
    )
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
        sanitize=sanitize_body,
    )
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=Kind,
        default=Kind.STORY,
        help_text=_("A photo item's text is its caption; a brief is one paragraph."),
    )
    source = models.CharField(
        _("source (来源)"),
        max_length=50,
        blank=True,
        help_text=_("The agency a wire story comes from, e.g. 新华社."),
    )
    source_byline = models.CharField(
        _("source byline"),
        max_length=200,
        blank=True,
        help_text=_("The agency's reporters as printed, e.g. 记者 韦一鸣."),
    )
    department = models.ForeignKey(
        "staff.Department",
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
    # Whoever ran the print import: not an author, so free to review it.
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="articles_imported",
    )
    # 责任编辑, credited on the public page: the signer of the review stage
    # NEWSROOM_RESPONSIBLE_EDITOR_STAGE names, kept as the name readers see
    # (refreshed on a rename) with the person it is, set when published.
    responsible_editor = models.CharField(
        _("responsible editor (责任编辑)"), max_length=100, blank=True, editable=False
    )
    responsible_editor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible editor (责任编辑)"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
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
    review_stage = models.PositiveSmallIntegerField(
        _("review stage"), default=0, editable=False
    )
    review_round = models.PositiveIntegerField(
        _("review round"),
        default=0,
        editable=False,
        help_text=_("Counts submissions; signatures belong to one round."),
    )
    submitted_at = models.DateTimeField(
        _("submitted"), null=True, blank=True, editable=False
    )
    status_changed_at = models.DateTimeField(
        _("status changed"), null=True, blank=True, editable=False
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=1,
        editable=False,
        help_text=_(
            "Goes up when the words or fields are saved, never on a workflow "
            "step; a form from an older version is refused."
        ),
    )
    import_warnings = models.JSONField(
        _("import warnings"),
        default=list,
        blank=True,
        editable=False,
        help_text=_("What the print import asks an editor to check."),
    )
    print_captions = models.JSONField(
        _("printed captions"),
        default=list,
        blank=True,
        editable=False,
        help_text=_("Captions printed with the story, for photos still to be added."),
    )
    parts = models.JSONField(
        _("what pages show of its parts"),
        default=dict,
        blank=True,
        editable=False,
        help_text=_(
            "A copy of its bylines, photos, tags, corrections and print pages, "
            "written whenever they change, so pages read one row per story."
        ),
    )
    # Identifies the printed story an article came from, so importing the same
    # page again finds it however the article was edited since. NULL for
    # articles written here, so the unique index can serve the lookups.
    import_fingerprint = models.CharField(
        _("import fingerprint"),
        max_length=64,
        unique=True,
        null=True,
        blank=True,
        editable=False,
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [
            ("submit_article", _("Can submit and withdraw articles for review")),
            ("review_article", _("Can review articles and see every article")),
            ("publish_article", _("Can publish and schedule articles")),
            ("unpublish_article", _("Can unpublish articles")),
            ("correct_article", _("Can add corrections to published articles")),
            ("preview_article", _("Can create shareable preview links")),
            ("proofread_article", _("Can record proofreading passes")),
            ("import_edition", _("Can import print editions")),
        ]
        indexes = [
            # The id breaks ties the way every list orders: newest first.
            models.Index(
                fields=["status", "-published_at", "-id"],
                name="article_status_pub_idx",
            ),
            models.Index(
                fields=["department", "status", "-published_at", "-id"],
                name="article_dept_pub_idx",
            ),
            models.Index(fields=["status", "submitted_at"], name="article_queue_idx"),
            # The print edition online: a day's stories, and the days in print.
            models.Index(
                fields=["print_edition", "print_page"], name="article_print_idx"
            ),
            # The sitemap index's "last modified": the newest edit of a
            # published story, without reading every story.
            models.Index(
                fields=["status", "-updated_at"], name="article_status_updated_idx"
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
        if self._state.adding and not self.parts:
            # A story not yet saved has no parts: nothing to read to say so.
            self.parts = empty_parts()
        update_fields = kwargs.get("update_fields")
        if (
            self.pk is not None
            and not kwargs.get("force_insert")
            and (update_fields is None or set(update_fields) - UNVERSIONED_FIELDS)
        ):
            # The version tells an open form that the words or fields changed
            # under it; a signature, a pass or a schedule is no such change.
            self.version += 1
        if update_fields is not None:
            extra = {"version", "updated_at"}
            if "body" in update_fields:
                extra.add("char_count")
            kwargs["update_fields"] = {*update_fields, *extra}
        elif not self._state.adding and not kwargs.get("force_insert"):
            # Only refresh_parts() writes ``parts``: a copy of the story read
            # before one of its parts changed must not write the old ones back.
            deferred = self.get_deferred_fields()
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key
                and field.name != "parts"
                and field.attname not in deferred
            ]
        using = kwargs.get("using") or router.db_for_write(Article, instance=self)
        with transaction.atomic(using=using):
            super().save(*args, **kwargs)
            search_index.article_saved(self, kwargs.get("update_fields"), using=using)

    def get_absolute_url(self):
        local = render_scope.localtime(self.published_at or self.created_at)
        return remembered_reverse(
            "articles:article-detail", local.year, local.month, local.day, self.slug
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

    def remember_old_slug(self, old_slug):
        """Keep a published story's former address answering with a redirect."""
        if not old_slug or old_slug == self.slug:
            return
        ArticleRedirect.objects.filter(old_slug=self.slug).delete()
        ArticleRedirect.objects.update_or_create(
            old_slug=old_slug, defaults={"article": self}
        )

    def related_stories(self, limit=5):
        """Published stories sharing a tag with this one, else from its desk."""
        # page_queries builds on this module: imported when first asked.
        from .page_queries import related_stories

        return related_stories(self, [tag.pk for tag in self.tags_in_order()], limit)

    def description(self, limit=120):
        """The story in a sentence: its summary, or the body's first sentence."""
        if self.dek:
            return self.dek
        text = plain_text(self.body)
        match = FIRST_SENTENCE.match(text)
        sentence = (match.group() if match else text).strip()
        # 本报讯 and the dateline say nothing to someone choosing what to read.
        sentence = LEAD_MARKER.sub("", sentence)
        if len(sentence) > limit:
            sentence = sentence[: limit - 1] + "…"
        return sentence or self.headline

    def byline_parts(self):
        """Return ``(reporter, credit)`` pairs the way the paper prints them.

        One reporter with several roles is one credit (记者 鲁慧 文/图); roles
        are spelled out only when someone is credited for photos.
        """
        bylines = self.bylines_in_order()
        show_roles = any(b.role == Byline.Role.PHOTO for b in bylines)
        credits = {}
        for byline in bylines:
            credit = credits.setdefault(byline.reporter_id, [byline.reporter, []])
            credit[1].append(byline.role)
        parts, drawn = [], []
        for reporter, roles in credits.values():
            if Byline.Role.GRAPHICS in roles:
                # 制图 leads the name it credits: 制图 叶青, after the writers.
                drawn.append(
                    (reporter, f"{Byline.PRINTED_ROLES['graphics']} {reporter.name}")
                )
                if roles == [Byline.Role.GRAPHICS]:
                    continue
            words = [reporter.printed_title, reporter.name]
            printed_roles = [
                Byline.PRINTED_ROLES[role]
                for role in roles
                if role in (Byline.Role.TEXT, Byline.Role.PHOTO)
            ]
            if show_roles and printed_roles:
                words.append("/".join(printed_roles))
            parts.append((reporter, " ".join(w for w in words if w)))
        return parts + drawn

    def source_name(self):
        """来源: the agency of a wire story, else the paper itself."""
        return self.source or settings.NEWSROOM_OWN_SOURCE

    def byline_text(self):
        return " ".join(text for _reporter, text in self.byline_parts())

    def stored_parts(self):
        """What ``parts`` holds, or None when it was not read or not written."""
        # A deferred field is missing from __dict__: reading it would query.
        parts = self.__dict__.get("parts")
        if not parts or parts.get("v") != PARTS_VERSION:
            return None
        stored = self.__dict__.get("_stored_parts")
        if stored is None or stored.raw is not parts:
            stored = self.__dict__["_stored_parts"] = StoredParts(parts)
        return stored

    def bylines_in_order(self):
        """The story's bylines with their reporters, from ``parts`` (else one
        query)."""
        stored = self.stored_parts()
        return list(self.bylines.all()) if stored is None else stored.bylines

    def photos_in_order(self):
        """The story's photos, lead photo first, from ``parts`` (else one
        query)."""
        stored = self.stored_parts()
        return list(self.photos.all()) if stored is None else stored.photos

    def tags_in_order(self):
        stored = self.stored_parts()
        return list(self.tags.all()) if stored is None else stored.tags

    def corrections_in_order(self):
        stored = self.stored_parts()
        return list(self.corrections.all()) if stored is None else stored.corrections

    def lead_photo(self):
        return next(iter(self.photos_in_order()), None)

    def print_placements(self):
        """The pages the story was printed on, in page order, with their pages
        (the rows, in one query)."""
        listed = self.placements.select_related("page")
        return sorted(listed, key=lambda p: (p.page.position, p.page.label))

    def printed_pages(self):
        """What the story page shows of ``print_placements()``: each one's page,
        from ``parts`` (else one query)."""
        stored = self.stored_parts()
        return self.print_placements() if stored is None else stored.placements
