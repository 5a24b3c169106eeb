"""Rejoining paragraphs that columns and page layout broke into pieces."""

import re

from .chars import BLANK_CHARS, DIGITS, NON_INITIAL, OPENING_QUOTES

_ENUMERATION = re.compile(
    r"^(?:[一二三四五六七八九十]+是|第[一二三四五六七八九十]+[，,、是]"
    r"|[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]+[)）]"
    rf"|[{DIGITS}]+[、．.]|首先|其次|再次|最后|此外)"
)
_SHORT_CLAUSE = re.compile(
    r"^[^，,、；;：:。！？!?]{1,8}[；;]|^[^，,、；;：:。！？!?]{1,3}、"
)


def opens_new_paragraph(previous, following):
    """Tell whether ``following`` starts a paragraph after unfinished ``previous``.

    Lists set out as 一是……；二是……； end their items with a semicolon or
    colon, so those break when the next piece starts a new item or a quote.
    """
    tail = previous.rstrip(BLANK_CHARS)[-1:]
    if tail not in "；;：:":
        return False
    return bool(_ENUMERATION.match(following)) or following[:1] in OPENING_QUOTES


def looks_cut_off(text):
    """Tell whether ``text`` starts mid-sentence, as after a lost column."""
    if text[:1] in NON_INITIAL:
        return True
    if text[:1] in "的们":
        return True
    return bool(_SHORT_CLAUSE.match(text)) and not _ENUMERATION.match(text)


def needs_space(left, right):
    """Tell whether rejoined pieces need a space: only between Latin words."""
    return (
        left[-1:].isascii()
        and right[:1].isascii()
        and left[-1:].isalpha()
        and right[:1].isalpha()
    )
