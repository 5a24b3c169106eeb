"""No control character is stored in any text field of the newsroom's models.

A control character (ESC, VT, FF, US, the C1 range …) in a headline once made
every feed answer 500. Forms refuse them with a clear error
(``RejectControlCharactersMixin``); every other way in (imports, scripts,
the shell) is cleaned when the row is saved: the ``pre_save`` receiver strips
them from text fields, and turns line breaks in one-line fields into spaces.
"""

from django import forms
from django.db import models
from django.db.models.signals import pre_save
from django.utils.translation import gettext as _

from .text import find_control_character, single_line, strip_control_characters

# The apps whose rows hold text people type; taggit's tags among them.
CLEANED_APPS = {"articles", "staff", "planning", "taggit"}


def clean_text_fields(sender, instance, raw=False, **kwargs):
    if raw or sender._meta.app_label not in CLEANED_APPS:
        return
    for field in sender._meta.concrete_fields:
        if isinstance(field, models.TextField):
            clean = strip_control_characters
        elif isinstance(field, models.CharField):
            clean = single_line
        else:
            continue
        value = getattr(instance, field.attname)
        if isinstance(value, str):
            cleaned = clean(value)
            if cleaned != value:
                setattr(instance, field.attname, cleaned)


def connect_receivers():
    pre_save.connect(clean_text_fields, dispatch_uid="newsroom:clean-text-fields")


def control_character_error(value):
    """Return the error for a text holding a control character, or None."""
    values = value if isinstance(value, list | tuple) else [value]
    for item in values:
        if isinstance(item, str):
            found = find_control_character(item)
            if found is not None:
                return forms.ValidationError(
                    _(
                        "This text contains an invisible control character "
                        "(U+%(code)04X), often pasted from another program. "
                        "Delete it or retype the text."
                    ),
                    code="control_character",
                    params={"code": ord(found)},
                )
    return None


class RejectControlCharactersMixin:
    """A form mixin: any text field holding a control character is an error."""

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            error = control_character_error(value)
            if error is not None:
                self.add_error(name, error)
        return cleaned


class CheckedModelForm(RejectControlCharactersMixin, forms.ModelForm):
    """The ModelForm every admin page of the newsroom uses."""
