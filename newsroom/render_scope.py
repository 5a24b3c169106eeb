"""The request's language, time zone and URL prefix, read once per render.

Django keeps the active language, time zone, URLconf and script prefix in
asgiref ``Local`` objects, and each read of one costs microseconds. A public
page reads them a few hundred times, for every address, date and translated
word it writes: profiled, a fifth of an uncached article page. ``fixed()``
reads them once for the length of one render; the functions here answer
from that reading while it lasts and ask Django outside it, so they give
the same results as Django's own everywhere.
"""

import contextlib
import contextvars
from datetime import datetime
from typing import NamedTuple

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf
from django.utils import timezone
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language, trans_real
from django.utils.translation import gettext as django_gettext


class Scope(NamedTuple):
    urlconf: object
    script_prefix: str
    language: str
    timezone: object
    translation: object
    use_tz: bool


_scope = contextvars.ContextVar("render_scope", default=None)


@contextlib.contextmanager
def fixed():
    """Read the request's state once, for the render inside this block."""
    language = get_language()
    token = _scope.set(
        Scope(
            get_urlconf(),
            get_script_prefix(),
            language,
            timezone.get_current_timezone(),
            trans_real.translation(language) if settings.USE_I18N else None,
            settings.USE_TZ,
        )
    )
    try:
        yield
    finally:
        _scope.reset(token)


def current():
    """The fixed reading, or None outside ``fixed()``."""
    return _scope.get()


def language():
    scope = _scope.get()
    return scope.language if scope is not None else get_language()


def localtime(value):
    """``timezone.localtime(value)`` for an aware ``value``."""
    scope = _scope.get()
    if scope is None:
        return timezone.localtime(value)
    return value.astimezone(scope.timezone)


def template_localtime(value):
    """What Django's templates show of ``value``: local time when aware."""
    scope = _scope.get()
    if (
        isinstance(value, datetime)
        and (scope.use_tz if scope is not None else settings.USE_TZ)
        and not timezone.is_naive(value)
        and getattr(value, "convert_to_local_time", True)
    ):
        return localtime(value)
    return value


def gettext(message):
    """Django's ``gettext``, from the render's catalogue when fixed."""
    scope = _scope.get()
    # The catalogue's gettext("") is its header, Django's is "".
    if scope is None or scope.translation is None or not message:
        return django_gettext(message)
    result = scope.translation.gettext(
        message.replace("\r\n", "\n").replace("\r", "\n")
    )
    return mark_safe(result) if isinstance(message, SafeData) else result
