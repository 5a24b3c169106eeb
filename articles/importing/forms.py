import hashlib
import json
from pathlib import PurePath

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.text import normalize_newlines
from django.utils.translation import gettext_lazy as _

from staff.models import Department

from .decoding import UndecodablePage, decode_page, text_problem
from .parser import parse_page
from .service import DRAFT, PUBLISHED, SUBMITTED

MAX_UPLOAD_BYTES = 1024 * 1024
PREVIEW_SALT = "articles.importing.preview"
# An editor who leaves a preview open longer previews again before importing.
PREVIEW_MAX_AGE = 60 * 60


class ImportEditionForm(forms.Form):
    edition = forms.DateField(
        label=_("Edition date"),
        widget=AdminDateWidget,
        help_text=_("The date printed on the paper; datelines take its year."),
    )
    page = forms.IntegerField(
        label=_("Page"), min_value=1, max_value=999, required=False
    )
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.all(), required=False
    )
    mode = forms.ChoiceField(
        label=_("Create the articles as"),
        choices=[
            (SUBMITTED, _("Submitted for review")),
            (PUBLISHED, _("Published, dated the edition's morning (archives)")),
            (DRAFT, _("Drafts for the bylined reporters")),
        ],
        initial=SUBMITTED,
        widget=forms.RadioSelect,
    )
    upload = forms.FileField(
        label=_("Text file"),
        required=False,
        help_text=_("A .txt export of the page: UTF-8 or GB18030/GBK."),
    )
    text = forms.CharField(
        label=_("Or paste the page"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12, "class": "vLargeTextField"}),
    )
    preview = forms.CharField(required=False, widget=forms.HiddenInput)
    # The uploaded file's name, carried from the preview to the confirmation.
    source = forms.CharField(required=False, max_length=255, widget=forms.HiddenInput)

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        if upload is None:
            return None
        if PurePath(upload.name).suffix.lower() != ".txt":
            raise ValidationError(
                _("%(name)s is not a .txt file."),
                code="not_txt",
                params={"name": upload.name},
            )
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(
                _("%(name)s is larger than 1 MB; a page is a few kilobytes."),
                code="too_large",
                params={"name": upload.name},
            )
        try:
            return decode_page(upload.read(), upload.name)
        except UndecodablePage as exc:
            raise ValidationError(str(exc), code="undecodable") from exc

    def clean_text(self):
        text = self.cleaned_data["text"]
        problem = text_problem(text)
        if problem:
            raise ValidationError(
                _("The pasted text %(problem)s."),
                code="not_text",
                params={"problem": problem},
            )
        return text

    def clean(self):
        cleaned = super().clean()
        uploaded, pasted = cleaned.get("upload"), cleaned.get("text", "")
        if "upload" in self.errors or "text" in self.errors:
            return cleaned
        if uploaded is not None and pasted.strip():
            raise ValidationError(
                _("Upload a file or paste the text, not both."), code="both"
            )
        text = uploaded if uploaded is not None else pasted
        if not text.strip():
            raise ValidationError(
                _("Upload a .txt file or paste the text of a page."), code="empty"
            )
        # Browsers send a textarea back with CRLF; the preview must still match.
        text = normalize_newlines(text)
        cleaned["text"] = text
        if "edition" in cleaned:
            cleaned["page_parse"] = parse_page(text, edition=cleaned["edition"])
            if not cleaned["page_parse"].stories:
                raise ValidationError(
                    _(
                        "No stories found: a story is a headline followed by "
                        "本报讯, or paragraphs ending in a byline. Is this a "
                        "newspaper page?"
                    ),
                    code="no_stories",
                )
        return cleaned

    def digest(self):
        """Return what the editor previewed: the text and every option."""
        data = self.cleaned_data
        department = data.get("department")
        state = json.dumps(
            [
                data["text"],
                data["edition"].isoformat(),
                data.get("page"),
                department.pk if department else None,
                data["mode"],
            ]
        )
        return hashlib.sha256(state.encode()).hexdigest()

    def signed_digest(self):
        return signing.dumps(self.digest(), salt=PREVIEW_SALT)

    def matches_preview(self):
        """Tell whether the submission is exactly what the editor previewed."""
        try:
            previewed = signing.loads(
                self.cleaned_data.get("preview", ""),
                salt=PREVIEW_SALT,
                max_age=PREVIEW_MAX_AGE,
            )
        except signing.BadSignature:
            return False
        return previewed == self.digest()
