"""The parts of a story kept in rows of their own: bylines, photos and tags.

Each part points at its article by the string ``"articles.Article"``; a
revision of a story keeps them with it (``@reversion.register``).
"""

import reversion
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from taggit.models import TaggedItemBase

from pictures.fields import ProcessedImageField
from pictures.renditions import PHOTO_WIDTHS


@reversion.register()
class TaggedArticle(TaggedItemBase):
    content_object = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("tagged article")
        verbose_name_plural = _("tagged articles")
        indexes = [
            # "Does this story carry one of these tags?", asked per story.
            models.Index(
                fields=["content_object", "tag"], name="tagged_article_tag_idx"
            )
        ]


@reversion.register()
class Byline(models.Model):
    class Role(models.TextChoices):
        TEXT = "text", _("Text (文)")
        PHOTO = "photo", _("Photo (图)")
        CORRESPONDENT = "correspondent", _("Correspondent (通讯员)")
        TRAINEE = "trainee", _("Intern (实习生)")
        GRAPHICS = "graphics", _("Graphics (制图)")
        EDITOR = "editor", _("Editor")

    # How the paper prints a role next to the name, whatever the UI language.
    PRINTED_ROLES = {Role.TEXT: "文", Role.PHOTO: "图", Role.GRAPHICS: "制图"}
    # How a credit is named in records (history, revisions), in any language.
    SHORT_ROLES = {
        Role.TEXT: "文",
        Role.PHOTO: "图",
        Role.CORRESPONDENT: "通讯员",
        Role.TRAINEE: "实习生",
        Role.EDITOR: "编辑",
        Role.GRAPHICS: "制图",
    }

    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="bylines",
    )
    reporter = models.ForeignKey(
        "staff.Reporter",
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
        return f"{self.reporter.name}（{self.SHORT_ROLES.get(self.role, self.role)}）"


@reversion.register()
class Photo(models.Model):
    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="photos",
    )
    image = ProcessedImageField(
        _("image"),
        upload_to="photos/%Y/%m/",
        width_field="width",
        height_field="height",
        renditions_field="renditions",
        widths=PHOTO_WIDTHS,
        help_text=_(
            "JPEG, PNG, WebP or GIF. Turned upright and stripped of location "
            "and camera data before it is stored."
        ),
    )
    width = models.PositiveIntegerField(_("width"), default=0, editable=False)
    height = models.PositiveIntegerField(_("height"), default=0, editable=False)
    caption = models.TextField(_("caption"), blank=True)
    credit_reporter = models.ForeignKey(
        "staff.Reporter",
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
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("The lowest comes first: the lead photo.")
    )
    renditions = models.JSONField(_("renditions"), default=dict, editable=False)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        constraints = [
            models.CheckConstraint(
                condition=Q(credit_reporter__isnull=True) | Q(credit_text=""),
                name="photo_one_credit",
                violation_error_code="two_credits",
                violation_error_message=_(
                    "Credit a reporter or write a credit, not both."
                ),
            ),
        ]

    def __str__(self):
        return self.caption[:40] or self.image.name

    @property
    def credit(self):
        if self.credit_reporter_id:
            return str(self.credit_reporter)
        return self.credit_text
