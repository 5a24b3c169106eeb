"""Times as staff read them: in the newsroom's time zone, to the minute.

Messages, timeline comments and emails format times here; templates use
``|date:"Y-m-d H:i"``, which renders the same in the current time zone.
"""

from django.utils import timezone

STAFF_FORMAT = "%Y-%m-%d %H:%M"


def local_minute(value):
    """Return ``value`` as local time to the minute (2026-12-01 14:55), or ''."""
    if value is None:
        return ""
    return timezone.localtime(value).strftime(STAFF_FORMAT)
