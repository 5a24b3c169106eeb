"""Django admin phrases the newsroom translates itself.

Django's own Chinese catalogue lacks some admin phrases (the screen-reader
headers of the model list, the search icon) and words others the way a
machine would ("增加 稿件", "选择 稿件 来修改"). Marked here so that
``make messages`` keeps them in ``locale/``, whose translations come before
Django's. Nothing imports this module; the strings are what matter.
"""

from django.utils.translation import gettext_noop

DJANGO_ADMIN_PHRASES = [
    # admin/app_list.html, read by screen readers.
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("Models in the %(name)s application"),
    # Page titles and buttons of every model's pages.
    gettext_noop("Add"),
    gettext_noop("Add %s"),
    gettext_noop("Add %(name)s"),
    gettext_noop("Change %s"),
    gettext_noop("View %s"),
    gettext_noop("Select %s to change"),
    gettext_noop("Select %s to view"),
    gettext_noop("Add another %(verbose_name)s"),
    gettext_noop("%(app)s administration"),
    # What the history page says of a change (admin LogEntry messages).
    gettext_noop("Added."),
    gettext_noop("Changed {fields}."),
    gettext_noop("Changed {fields} for {name} “{object}”."),
    gettext_noop("Added {name} “{object}”."),
    gettext_noop("Deleted {name} “{object}”."),
    gettext_noop("No fields changed."),
    # django-axes (login throttling) has no Chinese catalogue.
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
    gettext_noop("Locked Out"),
    gettext_noop("Form Data"),
    gettext_noop("Meta Data"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Not set"),
    gettext_noop("Attempt Remaining"),
]
