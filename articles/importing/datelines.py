"""Datelines: the day a lead names (3月16日, 昨日), placed in the edition's year."""

import re
from datetime import date

_DIGITS = "0-9０-９"
DATE_PREFIX = re.compile(
    rf"^(?P<month>[{_DIGITS}]{{1,2}})\s*月\s*(?P<day>[{_DIGITS}]{{1,2}})\s*[日号]"
)
# Leads that give no day; 昨日 and 今日 count from the edition date.
RELATIVE_DAYS = {"昨日": -1, "昨天": -1, "今日": 0, "今天": 0}
RELATIVE_PREFIX = re.compile(
    "^(?P<phrase>"
    + "|".join(
        sorted(
            [
                *RELATIVE_DAYS,
                "连日来",
                "日前",
                "近日",
                "近期",
                "近来",
                "连日",
                "今年以来",
                "近年来",
                "前不久",
                "目前",
                "当前",
                "最近",
            ],
            key=len,
            reverse=True,
        )
    )
    + ")"
)


def resolve_dateline(month, day, edition):
    """Return the date of 3月16日 in a paper printed on ``edition``.

    A day more than a month after the edition belongs to the previous year
    (a January paper reporting on 12月30日). Impossible days give None.
    """
    latest = date.fromordinal(min(edition.toordinal() + 31, date.max.toordinal()))
    for year in (edition.year, edition.year - 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= latest:
            return candidate
    return None
