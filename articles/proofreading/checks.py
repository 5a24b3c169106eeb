"""The whole check of a text: every rule in order, then banned words and length."""

import re
import unicodedata
from functools import lru_cache

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from newsroom.text import COUNTED_UNIT, count_characters

from .findings import Collector, protected_spans
from .punctuation import _check_brackets, _check_half_width, _check_quotes
from .repetition import _check_repetition_and_spaces


def check_text(text, *, field="body", banned_words=(), max_length=None):
    """Return the proofreading findings for ``text``, sorted by position."""
    text = text or ""
    out = Collector(text, field)
    protected = protected_spans(text)
    converted = _check_half_width(text, out, protected)
    _check_quotes(text, out, converted)
    _check_brackets(text, out, protected)
    _check_repetition_and_spaces(text, out)
    _check_banned_words(text, out, banned_words)
    if max_length is not None:
        _check_length(text, out, max_length)
    return out.findings()


# Banned words and length ----------------------------------------------------


@lru_cache(maxsize=32)
def _banned_pattern(words):
    terms = sorted({w.strip() for w in words if w and w.strip()}, key=len, reverse=True)
    if not terms:
        return None
    return re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)


def _check_banned_words(text, out, banned_words):
    if not banned_words:
        return
    pattern = _banned_pattern(tuple(banned_words))
    if pattern is None:
        return
    for m in pattern.finditer(text):
        out.add(
            "banned-word",
            format_lazy(_("“{word}” is on the banned-words list."), word=m.group()),
            m.start(),
            m.end(),
        )


def _check_length(text, out, max_length):
    count = count_characters(text)
    if count <= max_length:
        return
    # Count as count_characters does, character by character, to know where
    # the limit falls in the original text.
    normalized = []
    origin = []
    for index, char in enumerate(text):
        folded = unicodedata.normalize("NFKC", char)
        normalized.append(folded)
        origin.extend([index] * len(folded))
    tokens = list(COUNTED_UNIT.finditer("".join(normalized)))
    cut = origin[tokens[max_length].start()] if len(tokens) > max_length else 0
    end = len(text.rstrip())
    out.add(
        "too-long",
        format_lazy(
            _("{count} characters, over the limit of {limit}."),
            count=count,
            limit=max_length,
        ),
        min(cut, end),
        end,
    )
