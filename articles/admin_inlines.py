"""The parts of the story form that are not the story: its byline and photo
inlines, and the paginator that keeps the list from counting the archive."""

from django import forms
from django.contrib import admin
from django.core.paginator import Paginator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from pictures.renditions import image_preview
from staff.models import Reporter

from .forms import BylineForm, PhotoForm
from .models import Byline, Photo


class CappedCountPaginator(Paginator):
    """Count at most ``CAP`` rows, so a list never scans the whole archive to count."""

    CAP = 10_000

    @cached_property
    def count(self):
        return self.object_list.values("pk")[: self.CAP + 1].count()


class BylineInline(admin.TabularInline):
    model = Byline
    form = BylineForm
    extra = 1
    autocomplete_fields = ["reporter"]
    fields = ["reporter", "role", "order"]


class PhotoInline(admin.StackedInline):
    model = Photo
    form = PhotoForm
    extra = 0
    autocomplete_fields = ["credit_reporter"]
    # Tuples share a line: the thumbnail sits beside its file.
    fields = [
        ("thumbnail", "image", "image_kept"),
        "caption",
        "alt_text",
        ("credit_reporter", "credit_text"),
        "order",
    ]
    readonly_fields = ["thumbnail"]
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})},
    }

    @admin.display(description=_("preview"))
    def thumbnail(self, obj):
        return image_preview(obj.image)


def writer_profile(user):
    """The signed-in person's byline profile, if they have an active one."""
    try:
        reporter = user.reporter
    except Reporter.DoesNotExist:
        return None
    return reporter if reporter.is_active else None
