"""Datelines: the day a lead names (3月16日, 3日, 昨日) in the edition's year."""

import re
import unicodedata
from datetime import date, timedelta

_DIGITS = "0-9０-９"
# A month and day at the start of the text after a lead marker: 3月16日.
DATE_PREFIX = re.compile(
    rf"^(?P<month>[{_DIGITS}]{{1,2}})\s*月\s*(?P<day>[{_DIGITS}]{{1,2}})\s*[日号]"
)
_MONTH_DAY = re.compile(
    rf"(?P<month>[{_DIGITS}]{{1,2}})\s*月\s*(?P<day>[{_DIGITS}]{{1,2}})\s*[日号]"
)
# Time words that may follow a date before the comma: 10月2日上午，
_TIME_WORDS = "上午|下午|中午|晚上|晚间|早上|清晨|凌晨|傍晚|夜间|晚|起|前后|当天|至今"
_DATE_OPENING = re.compile(
    rf"^(?P<text>(?:[{_DIGITS}]{{1,2}}\s*月\s*)?[{_DIGITS}]{{1,2}}\s*[日号])"
    rf"(?=\s*(?:{_TIME_WORDS})?\s*[，,、至—－-]|\s*(?:{_TIME_WORDS}))"
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


def date_opening(text):
    """Return the date ``text`` opens with (``10月2日``, ``3日``), or ""."""
    match = _DATE_OPENING.match(text)
    return match.group("text") if match else ""


def relative_opening(text):
    match = RELATIVE_PREFIX.match(text)
    return match.group("phrase") if match else ""


def month_day(text):
    """Return ``(month, day)`` of ``10月2日``, ``(None, day)`` of ``2日``."""
    match = _MONTH_DAY.search(text)
    if match:
        return _int(match.group("month")), _int(match.group("day"))
    digits = re.match(rf"[{_DIGITS}]{{1,2}}", text)
    return None, _int(digits.group()) if digits else None


def _int(digits):
    return int(unicodedata.normalize("NFKC", digits))


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


def resolve_day(day, edition):
    """Return the latest date on or before ``edition`` that falls on ``day``.

    A lead that gives the day alone (``3日，``) speaks of this month or the
    last; an impossible day gives None.
    """
    year, month = edition.year, edition.month
    for _ in range(2):
        try:
            candidate = date(year, month, day)
        except ValueError:
            candidate = None
        if candidate is not None and candidate <= edition:
            return candidate
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
        if year < date.min.year:
            return None
    return None


def shift(edition, days):
    """Return ``edition`` moved by ``days``, or None past the calendar's ends."""
    try:
        return edition + timedelta(days=days)
    except OverflowError:
        return None
