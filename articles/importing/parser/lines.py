"""What each line of a page looks like, read once before the page grammar runs."""

import re
from dataclasses import dataclass

from ..datelines import date_opening, relative_opening
from ..stories import PageHeader
from .bylines import CreditSplit, parse_byline, split_credit
from .chars import (
    BLANK_CHARS,
    CHINESE_NUMERALS,
    CLOSE_PARENS,
    CLOSERS,
    DIGITS,
    NON_INITIAL,
    OPEN_PARENS,
    ends_sentence,
    number,
    squeeze,
    visible_length,
)
from .header import column_label, read_editors, read_masthead
from .leads import Lead, read_lead

HEADLINE_MAX = 64
# Subheads are short: a longer unpunctuated line is a fragment or a headline.
SUBHEAD_MAX = 24
INFERRED_CLAUSE_MIN = 6
# Marks that open a brief's item; □ and ◎ open bylines and subheads instead.
BULLETS = "■▲●◆★▶►"
MARKS = BULLETS + "□◇○◎☆△•"
_PAGE_NUMBER = rf"[A-Za-zＡ-Ｚ]?[{DIGITS}]{{1,3}}|[{CHINESE_NUMERALS}]{{1,3}}"
JUMP_TO = re.compile(
    rf"[（(]\s*(?:下转|转)\s*第?\s*(?P<page>{_PAGE_NUMBER})\s*版[^（()）]{{0,6}}[)）]$"
)
_JUMP_FROM = re.compile(
    rf"^[（(]\s*(?:上接|接)\s*第?\s*(?P<page>{_PAGE_NUMBER})\s*版[^（()）]{{0,6}}[)）]"
)
_NOTE = re.compile(r"^[【\[〖]?\s*(?:编者按语?|编者的话)\s*[】\]〗]?\s*[：:]?")
_DASH = re.compile(r"^(?:—|－|-){1,3}")
# Running heads and credits of the page itself, never a story's headline.
_FURNITURE = re.compile(
    rf"[{DIGITS}]{{4}}\s*年\s*[{DIGITS}]{{1,2}}\s*月\s*[{DIGITS}]{{1,2}}\s*日"
    rf"|星期[一二三四五六日天]|第\s*[{DIGITS}一二三四五六七八九十]+\s*版"
    r"|责任编辑|责编|美编|校对"
)
_HEADLINE_SPLIT = re.compile(r"[，,。；;：:！!？?]")


@dataclass(frozen=True, slots=True)
class Line:
    """One non-blank line of the page (squeezed) and what it looks like."""

    text: str
    line: int
    head: bool
    subhead: bool
    dek: bool
    lead: Lead | None
    note: bool
    byline: list | None
    credit: CreditSplit | None
    dated: bool
    bullet: str
    jump_to: tuple | None
    jump_from: tuple | None
    masthead: PageHeader | None
    editors: list | None
    label: tuple | None
    ends: bool

    @property
    def jump_from_only(self):
        return self.jump_from is not None and self.jump_from[1] == len(self.text)

    @property
    def page_line(self):
        return self.masthead is not None or self.editors is not None or bool(self.label)


def read_lines(text):
    lines = []
    for number_, raw in enumerate(text.splitlines(), start=1):
        squeezed = squeeze(raw)
        if squeezed:
            lines.append(classify(squeezed, number_))
    return lines


def classify(text, line):
    jump_to = JUMP_TO.search(text)
    jump_from = _JUMP_FROM.match(text)
    masthead = read_masthead(text) if "年" in text else None
    editors = None
    if masthead is None and len(text) <= 100 and _starts_with_editor(text):
        editors = read_editors(text)
    label = column_label(text) if len(text) <= 16 else None
    bullet = text[0] if text[0] in BULLETS else ""
    marked = text[0] in MARKS
    unmarked = text.lstrip(MARKS + BLANK_CHARS) if marked else text
    byline = parse_byline(unmarked) if unmarked else None
    credit = split_credit(text)
    lead = read_lead(text)
    plain = credit is None and byline is None
    head = not marked and plain and lead is None and _headline_shape(text)
    subhead = False
    if unmarked and plain:
        subhead = subhead_like(unmarked, head if not marked else None)
    return Line(
        text=text,
        line=line,
        head=head,
        subhead=subhead,
        dek=is_dek(text),
        lead=lead,
        note=bool(_NOTE.match(text)),
        byline=byline,
        credit=credit,
        dated=bool(date_opening(text)),
        bullet=bullet,
        jump_to=(_page(jump_to), jump_to.start()) if jump_to else None,
        jump_from=(_page(jump_from), jump_from.end()) if jump_from else None,
        masthead=masthead,
        editors=editors,
        label=label,
        ends=ends_sentence(text) or jump_to is not None,
    )


def _page(match):
    return number(match.group("page"))


def _starts_with_editor(text):
    return text.startswith(("责任", "责编", "美术", "美编", "版式", "版面", "校对"))


def is_dek(text):
    return bool(_DASH.match(text)) and visible_length(text) <= HEADLINE_MAX + 3


def headline_like(text):
    """Tell whether ``text`` could be a headline: short, unpunctuated, not a byline."""
    return (
        _headline_shape(text) and read_lead(text) is None and parse_byline(text) is None
    )


def _headline_shape(text):
    """The checks of :func:`headline_like` that need no byline or lead reading."""
    if is_dek(text):
        return False
    length = visible_length(text)
    if not 2 <= length <= HEADLINE_MAX:
        return False
    if any(char in text for char in "。；;"):
        return False
    # A headline may end in ！ or ？, but a sentence end inside it is prose.
    if any(char in text.rstrip(CLOSERS)[:-1] for char in "！？!?…"):
        return False
    # Prose breaks into clauses; a headline has one comma at most.
    if sum(1 for char in text if char in "，,") > 1:
        return False
    if text[-1] in "，,、：:." or text[0] in NON_INITIAL:
        return False
    if text[0] in OPEN_PARENS and text[-1] in CLOSE_PARENS:
        return False
    if _FURNITURE.search(text) or _JUMP_FROM.match(text) or _NOTE.match(text):
        return False
    return not column_label(text)


def subhead_like(text, headline=None):
    """Tell whether ``text`` could be a subhead: short, with no punctuation."""
    return (
        (headline_like(text) if headline is None else headline)
        and visible_length(text) <= SUBHEAD_MAX
        and not any(char in text for char in "，,")
        and not ends_sentence(text)
    )


def split_bullet_line(text):
    """Split ``■标题 正文…`` into ``(bullet, title, body)``; title may be ""."""
    bullet = text[0]
    rest = text[1:]
    gap = len(rest) - len(rest.lstrip(BLANK_CHARS))
    body = rest[gap:]
    punctuation = _HEADLINE_SPLIT.search(body)
    limit = punctuation.start() if punctuation else len(body)
    space = body.rfind(" ", 0, limit)
    if space > 0:
        title, after = body[:space], body[space + 1 :]
        if (
            after
            and headline_like(title)
            and not date_opening(title + "，")
            and not relative_opening(title)
        ):
            return bullet, title, after
    return bullet, "", body


def infer_headline(text):
    """Take a headline from a paragraph that prints none: its first clause.

    The lead marker, its credit and an opening date are left out, so
    ``本报讯 10月1日，东湖区图书馆新馆开馆。`` gives ``东湖区图书馆新馆开馆``.
    """
    core = text
    lead = read_lead(core)
    if lead:
        core = core[lead.end :]
    opening = date_opening(core) or relative_opening(core)
    if opening:
        core = core[len(opening) :].lstrip(" ，,、上午下晚间")
    sentence = re.split(r"[。！？!?；;]", core, maxsplit=1)[0]
    clause = re.split(r"[，,]", sentence, maxsplit=1)[0]
    # A clause long enough to say something makes a better headline.
    if visible_length(clause) >= INFERRED_CLAUSE_MIN:
        sentence = clause
    if visible_length(sentence) > HEADLINE_MAX:
        sentence = sentence[:HEADLINE_MAX]
    sentence = sentence.strip(BLANK_CHARS + '，,、：:“”"')
    return sentence or text.strip(BLANK_CHARS)[:HEADLINE_MAX]
