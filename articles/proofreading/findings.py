"""What a check reports (``Finding``), the character classes the checks share,
and applying fixes: every fix is refused if the text changed since it was checked.
"""

import re
from bisect import bisect_right
from dataclasses import dataclass

from newsroom.text import HAN

# Characters shown on each side of a finding, and compared before a fix.
EXCERPT_RADIUS = 10

HAN_CHAR = re.compile(f"[{HAN}]")
CJK_PUNCTUATION = frozenset("，。、；：！？（）【】《》〈〉「」『』〔〕…—～·")
CURLY_QUOTES = frozenset("“”‘’")
FULL_WIDTH = {
    ",": "，",
    ";": "；",
    ":": "：",
    "!": "！",
    "?": "？",
    "(": "（",
    ")": "）",
    ".": "。",
}
PAUSE_MARKS = "，。、；：！？"
# Each bracket, opening or closing, mapped to its kind; ( and （ are one kind,
# so that （文明办) is reported once, as half-width, not also as unbalanced.
_BRACKETS = {
    char: kind
    for kind, chars in {
        "paren": "（）()",
        "lenticular": "【】",
        "book": "《》",
        "angle": "〈〉",
        "corner": "「」",
        "white corner": "『』",
        "tortoise": "〔〕",
    }.items()
    for char in chars
}
_OPENERS = frozenset("（(【《〈「『〔")

_URL = re.compile(
    r"(?:https?://|www\.)[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*[A-Za-z0-9/#=&_~%+\-]"
    r"|[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Finding:
    """One problem found in a field, with its automatic fix when one is safe."""

    code: str
    message: str
    start: int
    end: int
    excerpt: str
    fix: str | None
    field: str
    original: str

    @property
    def fixable(self):
        return self.fix is not None


def is_han(char):
    return HAN_CHAR.match(char) is not None


def is_chinese(char):
    """Return whether ``char`` is a Chinese character or Chinese punctuation."""
    return char in CJK_PUNCTUATION or is_han(char)


def is_ascii_word(char):
    return char.isascii() and char.isalnum()


def is_space(char):
    return char != "\n" and (char.isspace() or char in "\u200b\ufeff")


def excerpt(text, start, end):
    return text[max(0, start - EXCERPT_RADIUS) : end + EXCERPT_RADIUS]


def prev_visible(text, index):
    """Return the index of the last non-space character before ``index`` on its line."""
    j = index - 1
    while j >= 0 and is_space(text[j]):
        j -= 1
    if j < 0 or text[j] == "\n":
        return -1
    return j


def next_visible(text, index):
    """Return the index of the first non-space character from ``index`` on its line."""
    j = index
    size = len(text)
    while j < size and is_space(text[j]):
        j += 1
    if j >= size or text[j] == "\n":
        return -1
    return j


def widen_over_spaces(text, start, end):
    """Return ``start, end`` extended over the spaces on both sides."""
    while start > 0 and is_space(text[start - 1]):
        start -= 1
    while end < len(text) and is_space(text[end]):
        end += 1
    return start, end


def protected_spans(text):
    """Return the spans of URLs and e-mail addresses, which keep ASCII marks."""
    if "://" not in text and "www." not in text.lower() and "@" not in text:
        return []
    spans = []
    for m in _URL.finditer(text):
        start, end = m.span()
        # A URL may end in a parenthesis it opened: /wiki/Foo_(bar).
        while (
            end < len(text)
            and text[end] == ")"
            and text.count("(", start, end) > text.count(")", start, end)
        ):
            end += 1
        spans.append((start, end))
    return spans


def in_spans(spans, start, end):
    """Return whether ``[start, end)`` lies inside one of the sorted ``spans``."""
    i = bisect_right(spans, (start, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= start and end <= spans[i][1]


class Collector:
    """Gather findings for one text, then resolve them into a sorted list."""

    def __init__(self, text, field):
        self.text = text
        self.field = field
        self.items = []

    def add(self, code, message, start, end, fix=None):
        self.items.append((start, end, code, message, fix))

    def findings(self):
        self.items.sort(key=lambda item: (item[0], item[1], item[2]))
        result = []
        fixed_until = -1
        for start, end, code, message, fix in self.items:
            if fix is not None:
                # Two fixes over the same characters cannot both apply; the
                # later one is still reported, for a person to decide.
                if start < fixed_until:
                    fix = None
                else:
                    fixed_until = end
            result.append(
                Finding(
                    code=code,
                    message=message,
                    start=start,
                    end=end,
                    excerpt=excerpt(self.text, start, end),
                    fix=fix,
                    field=self.field,
                    original=self.text[start:end],
                )
            )
        return result


# Applying fixes -------------------------------------------------------------


def verify(text, finding):
    if finding.fix is None:
        raise ValueError(
            f"The {finding.code} finding at {finding.start} has no automatic fix."
        )
    if (
        not 0 <= finding.start <= finding.end <= len(text)
        or text[finding.start : finding.end] != finding.original
        or excerpt(text, finding.start, finding.end) != finding.excerpt
    ):
        raise ValueError(
            f"The text around {finding.start}–{finding.end} has changed since it "
            f"was checked (expected “{finding.excerpt}”); check it again before "
            "fixing."
        )


def fixable_in_order(text, findings):
    chosen = [f for f in findings if f.fix is not None]
    for finding in chosen:
        verify(text, finding)
    chosen.sort(key=lambda f: (f.start, f.end))
    for earlier, later in zip(chosen, chosen[1:], strict=False):
        if later.start < earlier.end:
            raise ValueError(
                f"The fixes at {earlier.start}–{earlier.end} and "
                f"{later.start}–{later.end} overlap; apply one and check again."
            )
    return chosen


def apply_fix(text, finding):
    """Return ``text`` with ``finding`` fixed, refusing if the text has changed."""
    verify(text, finding)
    return text[: finding.start] + finding.fix + text[finding.end :]


def apply_fixes(text, findings):
    """Return ``text`` with every fixable finding fixed, right to left."""
    result = text
    for finding in reversed(fixable_in_order(text, findings)):
        result = result[: finding.start] + finding.fix + result[finding.end :]
    return result
