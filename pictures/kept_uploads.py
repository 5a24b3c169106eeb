"""An upload that survives its form being shown again after an error elsewhere.

A browser cannot put a file back into a file input, so a photo chosen on a
form that comes back with an error (a missing headline) would be lost. The
form keeps each valid upload in the cache, private and for an hour, under a
random token it renders as a hidden field; sent back without a new file, the
form takes the kept one as if it had been uploaded again, and it is cleaned
like any upload when the form is saved. The cache is shared by the app
servers (Redis), so the next request may land on any of them.
"""

import secrets

from django import forms
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext_lazy as _

KEPT_SECONDS = 60 * 60
KEY_PREFIX = "pictures:kept-upload:"


def keep_upload(upload, token=None):
    """Keep ``upload``'s bytes under ``token`` (a new one if None); return it."""
    token = token or secrets.token_urlsafe(24)
    upload.seek(0)
    cache.set(
        KEY_PREFIX + token,
        {
            "name": upload.name,
            "content_type": getattr(upload, "content_type", ""),
            "content": upload.read(),
        },
        KEPT_SECONDS,
    )
    upload.seek(0)
    return token


def kept_upload(token):
    """Return the upload kept under ``token`` as a fresh upload, or None."""
    if not token or len(token) > 64:
        return None
    kept = cache.get(KEY_PREFIX + token)
    if kept is None:
        return None
    return SimpleUploadedFile(kept["name"], kept["content"], kept["content_type"])


def kept_upload_field():
    """The hidden field a form declares as ``<image field>_kept``."""
    return forms.CharField(
        label=_("kept photo"), widget=forms.HiddenInput, required=False
    )


class KeepUploadsMixin:
    """A form mixin: the uploads in ``kept_upload_fields`` outlive a re-display.

    The form declares a ``<name>_kept = kept_upload_field()`` for each, and
    lists it where the upload is shown. Call ``keep_uploads()`` when the page
    is shown again with this form bound; the admin does it in
    ``render_change_form``.
    """

    kept_upload_fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.kept_tokens = {}
        for name in self.kept_upload_fields:
            hidden = f"{name}_kept"
            if not self.is_bound or self.files.get(self.add_prefix(name)):
                continue
            token = self.data.get(self.add_prefix(hidden), "")
            upload = kept_upload(token)
            if upload is None:
                continue
            self.files = self.files.copy()
            self.files[self.add_prefix(name)] = upload
            self.kept_tokens[name] = token
            self._say_kept(name, upload)

    def keep_uploads(self):
        """Keep this bound form's valid uploads for the next submission."""
        if not self.is_bound:
            return
        for name in self.kept_upload_fields:
            upload = self.files.get(self.add_prefix(name))
            if upload is None or name in self.errors:
                continue
            token = keep_upload(upload, self.kept_tokens.get(name))
            self.data = self.data.copy()
            self.data[self.add_prefix(f"{name}_kept")] = token
            self._say_kept(name, upload)

    def _say_kept(self, name, upload):
        text = _(
            "The photo you chose, %(name)s, is kept and will be saved with the "
            "story; choose another file to replace it."
        ) % {"name": upload.name}
        self.fields[name].help_text = text
        # A bound field made while validating holds its own copy.
        self[name].help_text = text
