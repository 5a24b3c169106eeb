"""The newsroom's people and desks: departments, and reporters as bylines name them."""

import re

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _

from newsroom.addresses import remembered_reverse
from newsroom.text import HAN, pinyin_slug, unique_slug
from pictures.fields import ProcessedImageField
from pictures.renditions import HEADSHOT_WIDTHS


class Department(models.Model):
    name = models.CharField(_("name"), max_length=50, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=60,
        unique=True,
        help_text=_("Used in the desk's web address; ASCII letters, digits, hyphens."),
    )
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Desks are listed from low to high.")
    )

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return remembered_reverse("articles:department", self.slug)


class ReporterQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Reporter(models.Model):
    class Title(models.TextChoices):
        REPORTER = "reporter", _("Reporter")
        TRAINEE = "trainee", _("Trainee reporter")
        PHOTOGRAPHER = "photographer", _("Photojournalist")
        CORRESPONDENT = "correspondent", _("Correspondent")
        INTERN = "intern", _("Intern")
        EDITOR = "editor", _("Editor")

    # How the paper prints each title in a byline, whatever the UI language.
    PRINTED_TITLES = {
        Title.REPORTER: "记者",
        Title.TRAINEE: "见习记者",
        Title.PHOTOGRAPHER: "摄影记者",
        Title.CORRESPONDENT: "通讯员",
        Title.INTERN: "实习生",
        Title.EDITOR: "编辑",
    }

    name = models.CharField(
        _("name"), max_length=50, help_text=_("As printed in bylines, e.g. 鲁慧.")
    )
    slug = models.SlugField(
        _("slug"),
        max_length=60,
        unique=True,
        blank=True,
        help_text=_(
            "ASCII, used in web addresses. Left empty, it is made from pinyin."
        ),
    )
    title = models.CharField(
        _("title"), max_length=20, choices=Title, default=Title.REPORTER
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        # A desk closing must not erase who its people are.
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reporters",
    )
    bio = models.TextField(_("biography"), blank=True)
    headshot = ProcessedImageField(
        _("headshot"),
        upload_to="headshots/%Y/",
        blank=True,
        renditions_field="headshot_renditions",
        widths=HEADSHOT_WIDTHS,
        help_text=_("JPEG, PNG, WebP or GIF, checked like article photos."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reporter",
        help_text=_("Correspondents and former staff may have no login."),
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_(
            "Inactive reporters keep their bylines but are not offered for new ones."
        ),
    )

    headshot_renditions = models.JSONField(
        _("headshot renditions"), default=dict, editable=False
    )

    objects = ReporterQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("reporter")
        verbose_name_plural = _("reporters")

    def __str__(self):
        return f"{self.printed_title} {self.name}"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(
                Reporter,
                pinyin_slug(self.name),
                exclude_pk=self.pk,
                fallback="reporter",
            )
        super().save(*args, **kwargs)

    @property
    def printed_title(self):
        return self.PRINTED_TITLES.get(self.title, "")


_ALL_HAN = re.compile(f"[{HAN}]+")


def staff_name(user):
    """Return how staff see a colleague: byline name, else full name, else login.

    A Chinese full name is family name first, without a space (顾晓岚).
    """
    if user is None:
        return ""
    try:
        reporter = user.reporter
    except ObjectDoesNotExist:
        reporter = None
    if reporter is not None and reporter.name:
        return reporter.name
    first, last = user.first_name.strip(), user.last_name.strip()
    if _ALL_HAN.fullmatch(first + last):
        full = last + first
    else:
        full = " ".join(part for part in (first, last) if part)
    return full or user.get_username()
