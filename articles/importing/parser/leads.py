"""Lead markers: 本报讯, 本报10月3日讯, 本报北京10月3日讯, 新华社北京10月3日电."""

import re
from dataclasses import dataclass

from newsroom.text import HAN

from .bylines import parse_byline
from .chars import DIGITS

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
