"""Lead markers (本报讯, 本报10月3日讯, 新华社北京10月3日电) and datelines."""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

from .bylines import parse_byline
from .chars import DIGITS, HAN

# A paper's own lead: 本报讯, 本报10月3日讯, 本报北京10月3日讯, 东湖日报讯.
_LOCAL = re.compile(
    rf"^(?P<paper>本报|本刊|本台|本网|[{HAN}]{{2,8}}?(?:日报|晚报|时报|报))"
    rf"(?P<place>[{HAN}]{{2,6}}?)?"
    rf"(?P<date>[{DIGITS}]{{1,2}}\s*月\s*[{DIGITS}]{{1,2}}\s*日)?\s*讯"
)
# A wire story: 新华社北京10月3日电, 据新华社电, 中新网上海10月2日电.
KNOWN_AGENCIES = [
    "中国新闻社",
    "新华社",
    "中新社",
    "中新网",
    "人民日报",
    "人民网",
    "央视网",
    "央广网",
    "光明日报",
    "经济日报",
]
_WIRE_DATE = rf"[{DIGITS}]{{1,2}}\s*月\s*[{DIGITS}]{{1,2}}\s*日"
# A known agency may print no date (据新华社电); any other name needs one, or
# 国家电网东湖供电公司 would read as a wire from 东湖供.
_WIRE = re.compile(
    r"^(?P<ju>据)?\s*(?:(?P<agency>"
    + "|".join(KNOWN_AGENCIES)
    + rf")(?P<place>[{HAN}]{{2,8}}?)?(?P<date>{_WIRE_DATE})?"
    + rf"|(?P<coined>[{HAN}]{{2,6}}?(?:社|网|日报|报|台))"
    + rf"(?P<coined_place>[{HAN}]{{2,8}}?)?(?P<coined_date>{_WIRE_DATE}))\s*电"
)
_CREDIT = re.compile(r"\s*(?P<credit>[（(][^（()）]{1,60}[)）])?\s*")
_MONTH_DAY = re.compile(
    rf"(?P<month>[{DIGITS}]{{1,2}})\s*月\s*(?P<day>[{DIGITS}]{{1,2}})\s*[日号]"
)
# Time words that may follow a date before the comma: 10月2日上午，
_TIME_WORDS = "上午|下午|中午|晚上|晚间|早上|清晨|凌晨|傍晚|夜间|晚|起|前后|当天|至今"
_DATE_OPENING = re.compile(
    rf"^(?P<text>(?:[{DIGITS}]{{1,2}}\s*月\s*)?[{DIGITS}]{{1,2}}\s*[日号])"
    rf"(?=\s*(?:{_TIME_WORDS})?\s*[，,、至—－-]|\s*(?:{_TIME_WORDS}))"
)
# Leads that give no day; 昨日 and 今日 count from the edition date.
RELATIVE_DAYS = {"昨日": -1, "昨天": -1, "今日": 0, "今天": 0}
_RELATIVE = re.compile(
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


@dataclass(frozen=True)
class Lead:
    """The marker that opens a story's first paragraph, and what it says."""

    end: int
    wire: bool
    source: str
    place: str
    date_text: str
    credits: list | None


def read_lead(text):
    """Return the :class:`Lead` that ``text`` opens with, or None."""
    match = _LOCAL.match(text)
    wire = match is None
    if wire:
        match = _WIRE.match(text)
        if match is None or match.group("coined") == "本报":
            return None
    credit = _CREDIT.match(text, match.end())
    credits = None
    if credit.group("credit"):
        credits = parse_byline(credit.group("credit"))
    source, prefix = "", ""
    if wire and match.group("coined") is not None:
        source, prefix = match.group("coined"), "coined_"
    elif wire:
        source = match.group("agency")
    return Lead(
        end=credit.end(),
        wire=wire,
        source=source,
        place=match.group(f"{prefix}place") or "",
        date_text=match.group(f"{prefix}date") or "",
        credits=credits,
    )


def is_lead(text):
    return read_lead(text) is not None


def date_opening(text):
    """Return the date ``text`` opens with (``10月2日``, ``3日``), or ""."""
    match = _DATE_OPENING.match(text)
    return match.group("text") if match else ""


def relative_opening(text):
    match = _RELATIVE.match(text)
    return match.group("phrase") if match else ""


def month_day(text):
    """Return ``(month, day)`` of ``10月2日``, ``(None, day)`` of ``2日``."""
    match = _MONTH_DAY.search(text)
    if match:
        return _int(match.group("month")), _int(match.group("day"))
    digits = re.match(rf"[{DIGITS}]{{1,2}}", text)
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
