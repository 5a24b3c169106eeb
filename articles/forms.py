from datetime import timedelta

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from newsroom.cleaning import CheckedModelForm, RejectControlCharactersMixin
from pictures.kept_uploads import KeepUploadsMixin, kept_upload_field

from .models import Article
from .workflow import Action


class ArticleAdminForm(CheckedModelForm):
    expected_version = forms.IntegerField(
        label=_("version"), widget=forms.HiddenInput, required=False
    )

    class Meta:
        model = Article
        fields = [
            "kicker",
            "headline",
            "dek",
            "body",
            "kind",
            "department",
            "tags",
            "dateline",
            "source",
            "source_byline",
            "slug",
            "print_edition",
            "print_page",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version
        if "kind" in self.fields:
            # A form that leaves the kind out keeps the story's own.
            self.fields["kind"].required = False

    def clean_kind(self):
        return self.cleaned_data.get("kind") or self.instance.kind

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            # The admin saves inside a transaction: the row lock taken here holds
            # until this save commits, so a second concurrent save waits, then
            # sees the new version and is refused.
            current = self.instance.lock_for_edit()
            if cleaned.get("expected_version") != current:
                url = reverse("admin:articles_article_change", args=[self.instance.pk])
                raise forms.ValidationError(
                    format_html(
                        '{} <a href="{}">{}</a>',
                        _(
                            "Someone else saved this article while you were editing "
                            "it, so your changes were not saved. Copy what you need, "
                            "then"
                        ),
                        url,
                        _("open the newer version"),
                    ),
                    code="stale",
                )
            if self.text_changed():
                refusal = self.instance.text_edit_refusal(self.user)
                if refusal:
                    raise forms.ValidationError(refusal, code="needs_signoff")
        return cleaned

    TEXT_FIELDS = ("kicker", "headline", "dek", "body")

    def text_changed(self):
        return any(name in self.changed_data for name in self.TEXT_FIELDS)


class BylineForm(CheckedModelForm):
    """A credit; the one filled in for the writer of a new story counts as given."""

    def has_changed(self):
        # Django skips an extra inline form left as it was offered; the
        # writer's own byline is offered so that it need not be typed.
        offered = self.instance.pk is None and self.initial.get("reporter")
        return super().has_changed() or bool(offered and self["reporter"].value())


class PhotoForm(KeepUploadsMixin, CheckedModelForm):
    """A story's photo; the chosen file survives an error elsewhere on the page."""

    kept_upload_fields = ("image",)
    image_kept = kept_upload_field()


class TransitionForm(RejectControlCharactersMixin, forms.Form):
    """The input one workflow action needs: a comment, a time, a reason."""

    comment = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    publish_at = forms.DateTimeField(
        label=_("Publish at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("Leave empty to publish now. A future time schedules the story."),
    )
    note = forms.CharField(label=_("For whom"), max_length=100, required=False)
    hours = forms.IntegerField(
        label=_("Valid for (hours)"), min_value=1, max_value=720, required=False
    )

    FIELDS = {
        Action.SUBMIT: [],
        Action.WITHDRAW: [],
        Action.SIGN: ["comment"],
        Action.REQUEST_CHANGES: ["comment"],
        Action.PUBLISH: ["comment", "publish_at"],
        Action.UNPUBLISH: ["comment"],
        Action.REPUBLISH: ["comment"],
        Action.CORRECT: ["comment"],
        Action.PREVIEW_LINK: ["note", "hours"],
        Action.PROOFREAD: ["comment"],
    }
    COMMENT_LABELS = {
        Action.SIGN: _("Review opinion (审稿意见)"),
        Action.REQUEST_CHANGES: _("What needs to change"),
        Action.PUBLISH: _("Review opinion (审稿意见)"),
        Action.UNPUBLISH: _("Reason for unpublishing"),
        Action.REPUBLISH: _("Why it goes back out"),
        Action.CORRECT: _("Correction note, as readers will see it"),
        Action.PROOFREAD: _("Proofreading note"),
    }
    REQUIRED = {
        Action.REQUEST_CHANGES,
        Action.UNPUBLISH,
        Action.REPUBLISH,
        Action.CORRECT,
    }

    def __init__(self, *args, action, last_stage=False, **kwargs):
        super().__init__(*args, **kwargs)
        wanted = list(self.FIELDS[action])
        if action == Action.SIGN and last_stage:
            wanted.append("publish_at")
        for name in list(self.fields):
            if name not in wanted:
                del self.fields[name]
        if "comment" in self.fields:
            self.fields["comment"].label = self.COMMENT_LABELS[action]
            self.fields["comment"].required = action in self.REQUIRED
        if "hours" in self.fields:
            self.fields["hours"].initial = 48

    def clean_publish_at(self):
        when = self.cleaned_data.get("publish_at")
        if when and when < timezone.now() - timedelta(minutes=1):
            raise forms.ValidationError(
                _("That time has passed; leave it empty to publish now."),
                code="past",
            )
        return when
