"""The page's own lines: masthead (报头/版头), page editors, column labels."""

import datetime
import re

from newsroom.text import HAN

from ..stories import PageEditor, PageHeader
from .chars import BLANK_CHARS, CHINESE_NUMERALS, DIGITS, number

_FULL_DATE = re.compile(
    rf"(?P<year>[{DIGITS}]{{4}})\s*年\s*(?P<month>[{DIGITS}]{{1,2}})\s*月"
    rf"\s*(?P<day>[{DIGITS}]{{1,2}})\s*日"
)
_WEEKDAY = re.compile(r"星期[一二三四五六日天]|周[一二三四五六日]")
_PAGE = re.compile(
    rf"第\s*(?P<a>[A-Za-zＡ-Ｚ]?[{DIGITS}]{{1,3}}|[{CHINESE_NUMERALS}]{{1,3}})\s*版"
    rf"|(?<![{DIGITS}])(?P<b>[A-Za-zＡ-Ｚ]?[{DIGITS}]{{1,3}})\s*版(?![{HAN}])"
    rf"|(?<![A-Za-z{DIGITS}])(?P<c>[A-ZＡ-Ｚ][{DIGITS}]{{2}})(?![{DIGITS}])"
)
# Words of a masthead line that say nothing the header keeps.
_MASTHEAD_NOISE = re.compile(
    rf"农历[{HAN}]{{2,8}}|总第\s*[{DIGITS}]+\s*期|今日\s*[{DIGITS}]+\s*版"
    rf"|第\s*[{DIGITS}]+\s*期"
)
EDITOR_TITLES = [
    "值班编辑",
    "责任编辑",
    "美术编辑",
    "图片编辑",
    "版式设计",
    "版面设计",
    "视觉设计",
    "责任校对",
    "审读",
    "责编",
    "美编",
    "版式",
    "校对",
    "编辑",
    "排版",
    "组版",
    "审校",
    "终审",
    "签发",
]
_EDITOR_TITLE = re.compile("(?P<title>" + "|".join(EDITOR_TITLES) + r")\s*[：:]?\s*")
_EDITOR_NAME = re.compile(rf"[{HAN}]{{2,4}}(?:[·•・][{HAN}]{{1,6}})*")
_SEPARATOR_CHARS = re.escape(BLANK_CHARS) + "|｜丨、，,/／"
_SEPARATOR = re.compile(f"[{_SEPARATOR_CHARS}]+")
_WORD = re.compile(f"[^{_SEPARATOR_CHARS}]+")
MASTHEAD_MAX = 100

BRIEF_LABELS = [
    "短讯",
    "简讯",
    "快讯",
    "速读",
    "简报",
    "速递",
    "集锦",
    "一句话新闻",
    "新闻串串烧",
]
PHOTO_LABELS = ["图片新闻", "新闻图片", "图片报道", "图说", "图闻"]
_DECORATION_CHARS = "【】〖〗[]■□◆◇●○▲△★☆▶►※·—－_=~～"
_DECORATION = re.compile(f"[{re.escape(BLANK_CHARS + _DECORATION_CHARS)}]+")
# A label is a known word, or a short name ending in one (经开短讯).
LABEL_MAX = 6


def read_editors(text):
    """Return the editors if ``text`` is nothing but ``责任编辑：王磊 …``, else None."""
    editors, pos, title = [], 0, None
    text = text.strip(BLANK_CHARS)
    while pos < len(text):
        sep = _SEPARATOR.match(text, pos)
        if sep:
            pos = sep.end()
            continue
        match = _EDITOR_TITLE.match(text, pos)
        if match:
            title, pos = match.group("title"), match.end()
            continue
        match = _EDITOR_NAME.match(text, pos)
        if match is None or title is None:
            return None
        end = match.end()
        if end < len(text) and _EDITOR_TITLE.match(text, end) is None:
            if not _SEPARATOR.match(text, end):
                return None
        editors.append(PageEditor(title, match.group()))
        pos = end
    return editors or None


def read_masthead(text):
    """Return a :class:`PageHeader` if ``text`` is a masthead line, else None.

    A masthead gives a full date and a weekday or a page, and nothing but
    short words around them: the paper, the page name, maybe its editors.
    """
    if len(text) > MASTHEAD_MAX or any(c in text for c in "。！？；;"):
        return None
    found = _FULL_DATE.search(text)
    if found is None:
        return None
    header = PageHeader(date_text=found.group())
    year, month, day = (number(found.group(k)) for k in ("year", "month", "day"))
    try:
        header.date = datetime.date(year, month, day)
    except ValueError:
        header.date = None
    page = _PAGE.search(text, found.end()) or _PAGE.search(text[: found.start()])
    weekday = _WEEKDAY.search(text)
    if page is None and weekday is None:
        return None
    spans = [found.span()]
    if weekday:
        spans.append(weekday.span())
    if page:
        label = page.group("a") or page.group("b") or page.group("c")
        header.page_label = label
        header.page = number(label)
        spans.append(page.span())
    spans.extend(m.span() for m in _MASTHEAD_NOISE.finditer(text))
    editors_at = _EDITOR_TITLE.search(text)
    rest_end = len(text)
    if editors_at:
        editors = read_editors(text[editors_at.start() :])
        if editors is None:
            return None
        header.editors = editors
        rest_end = editors_at.start()
    words = _leftover_words(text[:rest_end], spans)
    if words is None:
        return None
    page_end = page.end() if page else None
    before = [w for at, w in words if page_end is None or at < page_end]
    after = [w for at, w in words if page_end is not None and at >= page_end]
    if before:
        header.paper = before[0]
    if after:
        header.page_name = after[0]
    elif len(before) > 1:
        header.page_name = before[1]
    if len(after) > 1 and not header.paper:
        header.paper = after[1]
    return header


def _leftover_words(text, spans):
    """Return ``[(position, word)]`` outside ``spans``; None if one is not a name."""
    words, pos = [], 0
    for start, end in sorted(span for span in spans if span[0] < len(text)):
        words.extend(_words(text, pos, min(start, len(text))))
        pos = max(pos, end)
    words.extend(_words(text, pos, len(text)))
    if len(words) > 3 or any(len(word) > 16 for _at, word in words):
        return None
    return words


def _words(text, start, end):
    """Yield ``(position, word)`` for the words of ``text[start:end]``."""
    if start >= end:
        return
    for match in _WORD.finditer(text, start, end):
        if re.search(rf"[{HAN}A-Za-z]", match.group()):
            yield match.start(), match.group()


def column_label(text):
    """Return ``("brief" | "photo", label)`` if ``text`` names a column."""
    core = _DECORATION.sub("", text)
    if not core or not re.fullmatch(f"[{HAN}]+", core):
        return None
    for kind, labels in (("photo", PHOTO_LABELS), ("brief", BRIEF_LABELS)):
        for label in labels:
            if core == label or (len(core) <= LABEL_MAX and core.endswith(label)):
                return kind, core
    return None
