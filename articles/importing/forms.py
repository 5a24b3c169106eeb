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

from .decoding import (
    MAX_PAGE_BYTES,
    PageTooLarge,
    UndecodablePage,
    check_page_size,
    decode_page,
    size_text,
    text_problem,
)
from .pages import BadPageLabel, MissingEdition, clean_page_label, page_target
from .parser import parse_page
from .service import DRAFT, PUBLISHED, SUBMITTED

PREVIEW_SALT = "articles.importing.preview"
# An editor who leaves a preview open longer previews again before importing.
PREVIEW_MAX_AGE = 60 * 60


class ImportEditionForm(forms.Form):
    edition = forms.DateField(
        label=_("Edition date"),
        widget=AdminDateWidget,
        required=False,
        help_text=_(
            "The date printed on the paper; datelines take its year. Leave it "
            "empty to take it from the page's masthead."
        ),
    )
    page = forms.CharField(
        label=_("Page"),
        max_length=8,
        required=False,
        help_text=_(
            "3, or A01 for a lettered page. Leave it empty to take it from the "
            "masthead (第3版)."
        ),
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
        help_text=_(
            "A .txt export of the page: UTF-8, GB18030/GBK or UTF-16, at most "
            "%(limit)s."
        )
        % {"limit": size_text(MAX_PAGE_BYTES)},
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,text/plain"}),
    )
    text = forms.CharField(
        label=_("Or paste the page"),
        required=False,
        strip=False,
        help_text=_("At most %(limit)s, as for a file.")
        % {"limit": size_text(MAX_PAGE_BYTES)},
        widget=forms.Textarea(attrs={"rows": 12, "class": "vLargeTextField"}),
    )
    preview = forms.CharField(required=False, widget=forms.HiddenInput)
    # The uploaded file's name, carried from the preview to the confirmation.
    source = forms.CharField(required=False, max_length=255, widget=forms.HiddenInput)

    def clean_page(self):
        try:
            return clean_page_label(self.cleaned_data["page"])
        except BadPageLabel as exc:
            raise ValidationError(str(exc), code="bad_page") from exc

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
        try:
            check_page_size(upload.size, upload.name)
            text = decode_page(upload.read(), upload.name)
            # The preview sends the text back: it must fit the paste box too.
            check_page_size(len(text.encode()), upload.name)
        except PageTooLarge as exc:
            raise ValidationError(str(exc), code="too_large") from exc
        except UndecodablePage as exc:
            raise ValidationError(str(exc), code="undecodable") from exc
        return text

    def clean_text(self):
        text = self.cleaned_data["text"]
        size = len(text.encode())
        if size > MAX_PAGE_BYTES:
            raise ValidationError(
                _(
                    "The pasted text is %(size)s, more than the %(limit)s a page "
                    "may be: paste one page at a time."
                ),
                code="too_large",
                params={"size": size_text(size), "limit": size_text(MAX_PAGE_BYTES)},
            )
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
        if "edition" in self.errors or "page" in self.errors:
            return cleaned
        edition = cleaned.get("edition")
        page = parse_page(text, edition=edition)
        cleaned["page_parse"] = page
        if not page.stories:
            raise ValidationError(
                _(
                    "No stories found: a story is a headline followed by "
                    "本报讯, or paragraphs ending in a byline. Is this a "
                    "newspaper page?"
                ),
                code="no_stories",
            )
        try:
            cleaned["target"] = page_target(
                page, edition=edition, label=cleaned.get("page", "")
            )
        except MissingEdition as exc:
            self.add_error("edition", ValidationError(str(exc), code="no_edition"))
        return cleaned

    def digest(self):
        """Return what the editor previewed: the text and every option, as used."""
        data = self.cleaned_data
        department = data.get("department")
        target = data["target"]
        state = json.dumps(
            [
                data["text"],
                target.edition.isoformat(),
                target.label,
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
