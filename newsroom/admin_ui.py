"""Where the Django admin would speak English on a Chinese page, and the fix.

Yes/no icons (``yes_no``) and the history page's entries
(``TranslatedHistoryMixin``) are worded here; the phrases Django's own
catalogue lacks are in ``admin_phrases``.
"""

from django.core.exceptions import FieldDoesNotExist
from django.templatetags.static import static
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _

ICONS = {True: "admin/img/icon-yes.svg", False: "admin/img/icon-no.svg"}


def yes_no(value):
    """Django's yes/no icon, with its alternative text translated.

    Django writes "True" and "False" as the icons' text whatever the
    language; a screen reader would read English on a Chinese page.
    """
    if value is None:
        return "—"
    return format_html(
        '<img src="{}" alt="{}">',
        static(ICONS[bool(value)]),
        _("yes") if value else _("no"),
    )


class TranslatedHistoryMixin:
    """A ModelAdmin mixin: history entries name fields the way they translate.

    Django stores the changed fields' form labels in English, capitalised
    ("Slug"), and translates them when the history is shown, where the
    catalogue has the model's own words ("slug"). This stores those.
    """

    def construct_change_message(self, request, form, formsets, add=False):
        message = super().construct_change_message(request, form, formsets, add)
        names = _field_msgids(form)
        for formset in formsets or []:
            for inline_form in formset.forms:
                names.update(_field_msgids(inline_form))
        for part in message:
            changed = part.get("changed")
            if changed and "fields" in changed:
                changed["fields"] = [names.get(f, f) for f in changed["fields"]]
        return message


def _field_msgids(form):
    """Map each field's label, as Django stores it, to its verbose name's msgid."""
    model = form._meta.model
    mapping = {}
    with translation.override(None):
        for name, field in form.fields.items():
            try:
                verbose = model._meta.get_field(name).verbose_name
            except FieldDoesNotExist:
                continue
            mapping[str(field.label or name)] = str(verbose)
    return mapping
