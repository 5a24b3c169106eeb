"""Bylines: who is credited, with the title and roles printed for them.

A byline is a run of groups ``[role/] [title] name… [role]``: ``记者 鲁慧 文/图``,
``见习记者 周文博 文 记者 林晓雪 图``, ``文/本报记者 甲乙``, ``制图 丙丁``,
``本报记者 甲乙 丙丁``. Names are separated by a blank or 、 and have two to
four Han characters, or parts joined by a middle dot. Every title word is a
title, never a name, and the list is open: a word ending in 记者, 通讯员 or
实习生 whose beginning is made of known title words (首席, 全媒体, 本报…)
or names a publication (…社, …报, …台, …网, …中心) is a title too.

A name with no title or role is a credit only inside the parentheses that
close a brief: ``（周伟）``, ``（周伟 孙静）`` credit their text.
"""

import re
from dataclasses import dataclass

from newsroom.text import HAN

from ..stories import Credit
from .chars import BLANK_CHARS, CLOSE_PARENS, OPEN_PARENS, ends_sentence

# Titles printed as one word, and what they mean.
TITLES = {
    "记者": "reporter",
    "本报记者": "reporter",
    "特约记者": "reporter",
    "见习记者": "trainee",
    "实习记者": "trainee",
    "摄影记者": "photographer",
    "通讯员": "correspondent",
    "实习生": "intern",
}
# Words that begin a coined title: 首席记者, 本报全媒体记者, 特约通讯员.
TITLE_PREFIXES = [
    "本报",
    "本刊",
    "本台",
    "本网",
    "本社",
    "首席",
    "全媒体",
    "融媒体",
    "新媒体",
    "特约",
    "特派",
    "见习",
    "实习",
    "摄影",
    "驻站",
    "驻地",
    "资深",
    "高级",
    "主任",
    "专职",
    "视觉",
]
ROLE_WORDS = {
    "文/图": ("text", "photo"),
    "图/文": ("text", "photo"),
    "文图": ("text", "photo"),
    "图文": ("text", "photo"),
    "摄影": ("photo",),
    "供图": ("photo",),
    "制图": ("graphics",),
    "报道": ("text",),
    "文": ("text",),
    "图": ("photo",),
    "摄": ("photo",),
}
# Role words that mark a photo caption's credit.
CAPTION_ROLE_WORDS = {"摄", "摄影", "供图"}
# Role words that can stand for a title (``甲乙 摄``, ``制图 丙丁``).
TITLE_LIKE_ROLES = {"摄", "摄影", "供图", "制图"}
# Role words that, followed by a name, credit that name (``记者 甲乙 制图 丙丁``).
LEADING_ROLES = {"摄影", "制图"}
DEFAULT_ROLES = {
    "reporter": ("text",),
    "trainee": ("text",),
    "photographer": ("photo",),
    "correspondent": ("correspondent",),
    "intern": ("trainee",),
}
# The title of a credit that prints none; the data model's default.
UNPRINTED_TITLE = "reporter"
# Parenthesised words at the end of a paragraph that are no one's name.
NOT_NAMES = {
    "完",
    "待续",
    "未完",
    "续完",
    "未完待续",
    "全文完",
    "试行",
    "草案",
    "摘要",
    "节选",
    "摘编",
    "有删节",
    "图片",
    "资料图",
    "资料图片",
    "示意图",
    "修订",
    "本报讯",
}

NOT_NAME_STARTS = ("据", "本报", "本刊", "本台", "本网")
NOT_NAME_ENDS = ("社", "网", "报", "台", "综合", "供图")

BYLINE_MAX = 120
_TITLE_CORES = ("记者", "通讯员", "实习生")
_PREFIX_RE = "|".join(TITLE_PREFIXES)
_COINED_TITLE = re.compile(
    rf"(?:{_PREFIX_RE}|[{HAN}]{{1,8}}?(?:社|报|台|网|中心))*"
    rf"(?:{_PREFIX_RE})*(?:记者|通讯员|实习生)"
)
_NAME = re.compile(rf"[{HAN}]{{1,6}}(?:[·•・][{HAN}]{{1,6}})+|[{HAN}]{{2,4}}")
_SEPARATORS = re.compile(f"[{re.escape(BLANK_CHARS)}、，,]+")
_GLUE = re.compile(r"[/／:：]")
# Punctuation no byline holds: a tail with any is a sentence.
_PROSE = re.compile('[。！？!?；;“”"《》]')
_GLUED_TITLES = sorted(TITLES, key=len, reverse=True)


def title_of(word):
    """Return what the title word ``word`` means, or None if it is no title."""
    if word in TITLES:
        return TITLES[word]
    if len(word) > 14 or not word.endswith(_TITLE_CORES):
        return None
    if not _COINED_TITLE.fullmatch(word):
        return None
    if word.endswith("通讯员"):
        return "correspondent"
    if word.endswith("实习生"):
        return "intern"
    core = word[:-2]
    if "摄影" in core:
        return "photographer"
    if "见习" in core or "实习" in core:
        return "trainee"
    return "reporter"


def is_name(word):
    return (
        bool(_NAME.fullmatch(word))
        and word not in NOT_NAMES
        and word not in ROLE_WORDS
        and not any(core in word for core in _TITLE_CORES)
        # A source, not a person: （据新华社）, （本报综合）, （人民网）.
        and not word.startswith(NOT_NAME_STARTS)
        and not word.endswith(NOT_NAME_ENDS)
    )


def _tokens(word):
    """Yield ``(kind, value)`` for one blank-separated word, or ``("bad", …)``."""
    canonical = word.replace("／", "/")
    if canonical in ROLE_WORDS:
        yield "role", canonical
        return
    title = title_of(word)
    if title is not None:
        yield "title", word
        return
    # 梁晨摄: no one's name ends in 摄, so the role is split off first.
    if word.endswith("摄") and is_name(word[:-1]):
        yield "name", word[:-1]
        yield "role", "摄"
        return
    if is_name(word):
        yield "name", word
        return
    glue = _GLUE.search(word)
    if glue and 0 < glue.start() < len(word) - 1:
        left, right = word[: glue.start()], word[glue.end() :]
        if left in ROLE_WORDS:
            yield "prefix", left
            yield from _tokens(right)
            return
        if right in ROLE_WORDS and is_name(left):
            yield "name", left
            yield "role", right
            return
    for title in _GLUED_TITLES:
        if word.startswith(title) and is_name(word[len(title) :]):
            yield "title", title
            yield "name", word[len(title) :]
            return
    yield "bad", word


class _Group:
    __slots__ = ("prefix", "title", "names", "suffix")

    def __init__(self):
        self.prefix = self.title = self.suffix = None
        self.names = []

    def empty(self):
        return not (self.prefix or self.title or self.names)


def _credits_of(group, untitled):
    if not group.names:
        return None
    roles_word = group.suffix or group.prefix
    if group.title is None and not untitled:
        if roles_word is None:
            return None
        if group.suffix is not None and group.suffix not in TITLE_LIKE_ROLES:
            if group.prefix is None:
                return None
    title = title_of(group.title) if group.title else UNPRINTED_TITLE
    if roles_word is not None:
        roles = ROLE_WORDS[roles_word]
    elif group.title is not None:
        roles = DEFAULT_ROLES[title]
    else:
        roles = ("text",)
    printed = group.title or ""
    return [Credit(name, title, roles, printed) for name in group.names]


def parse_byline(text, *, untitled=False):
    """Return the credits in ``text`` if it is nothing but a byline, else None.

    ``text`` may be wrapped in parentheses, as some pages print it. With
    ``untitled``, names alone are credits too (the brief's ``（周伟）``).
    """
    inner = text.strip(BLANK_CHARS)
    if inner[:1] in OPEN_PARENS and inner[-1:] in CLOSE_PARENS:
        inner = inner[1:-1]
    if not inner or len(inner) > BYLINE_MAX:
        return None
    credits, group = [], _Group()

    def close():
        made = _credits_of(group, untitled)
        if made is None:
            return False
        credits.extend(made)
        return True

    tokens = []
    for word in _SEPARATORS.split(inner.strip(BLANK_CHARS)):
        for token in _tokens(word) if word else ():
            if token[0] == "bad":
                return None
            tokens.append(token)
    for index, (kind, value) in enumerate(tokens):
        if kind == "role" and value in LEADING_ROLES and group.names:
            following = tokens[index + 1][0] if index + 1 < len(tokens) else None
            if following == "name":
                kind = "prefix"
        if kind == "prefix":
            if group.names:
                if not close():
                    return None
                group = _Group()
            elif group.prefix is not None or group.title is not None:
                return None
            group.prefix = value
        elif kind == "title":
            if group.names:
                if not close():
                    return None
                group = _Group()
            elif group.title is not None:
                return None
            group.title = value
        elif kind == "role":
            if group.names and group.suffix is None:
                group.suffix = value
            elif group.empty():
                group.prefix = value
            elif group.names:
                if not close():
                    return None
                group = _Group()
                group.prefix = value
            else:
                return None
        else:
            if group.suffix is not None:
                if not untitled or not close():
                    return None
                group = _Group()
            group.names.append(value)
    if not close():
        return None
    return credits


@dataclass(frozen=True)
class CreditSplit:
    """A paragraph's closing credit: the text before it, the credit, its people."""

    body: str
    text: str
    credits: list
    # The credit uses 摄: the paragraph before it is a photo caption.
    caption: bool
    # Only names in parentheses, as under a brief.
    names_only: bool


def _candidate_starts(text, start):
    """Positions where a closing credit may begin: after a blank or a sentence."""
    for pos in range(start, len(text)):
        if text[pos] in BLANK_CHARS:
            continue
        if pos == 0 or text[pos] in OPEN_PARENS:
            yield pos
            continue
        before = text[pos - 1]
        if before in BLANK_CHARS or before in "。！？!?…”’」』":
            yield pos


def split_credit(text, *, loose=False):
    """Split ``text`` into a :class:`CreditSplit` if it ends with a credit.

    The credit must stand alone or follow sentence-final punctuation or a
    blank, so a sentence that merely ends in a name is left alone; with
    ``loose`` (a brief), names in parentheses may follow any text.
    """
    stripped = text.rstrip(BLANK_CHARS)
    # Only the tail can be a credit; looking further back would make a long
    # line of near-bylines cost quadratic time.
    for start in _candidate_starts(stripped, max(0, len(stripped) - BYLINE_MAX)):
        before = stripped[:start]
        before_core = before.rstrip(BLANK_CHARS)
        after_sentence = (
            not before_core or before_core != before or ends_sentence(before_core)
        )
        tail = stripped[start:]
        if _PROSE.search(tail):
            continue
        wrapped = tail[:1] in OPEN_PARENS and tail[-1:] in CLOSE_PARENS
        caption = _uses_caption_word(tail)
        # A photo's credit in parentheses follows any caption: 一角（梁晨 摄）.
        titled_ok = after_sentence or (wrapped and caption)
        credits = parse_byline(tail) if titled_ok else None
        names_only = False
        if credits is None and wrapped and (after_sentence or loose):
            credits = parse_byline(tail, untitled=True)
            names_only = credits is not None
        if credits:
            return CreditSplit(before_core, tail, credits, caption, names_only)
    return None


def split_byline(text):
    """Split ``text`` into ``(body, byline, credits)`` if it ends with a byline."""
    split = split_credit(text)
    if split is None or split.names_only:
        return None
    return split.body, split.text, split.credits


def _uses_caption_word(text):
    words = _SEPARATORS.split(text.strip(BLANK_CHARS + "（()）"))
    return any(
        word in CAPTION_ROLE_WORDS or (word.endswith("摄") and is_name(word[:-1]))
        for word in words
    )
