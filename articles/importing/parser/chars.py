"""Characters and blanks as the print-page parser sees them."""

import re
import unicodedata

# Invisible characters that exports and web pastes scatter through text; they
# are layout, not copy, and count as blank like ordinary whitespace.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
BLANK_CHARS = "".join(chr(c) for c in range(0x3001) if chr(c).isspace()) + ZERO_WIDTH
_BLANK_RUN = re.compile(f"[{re.escape(BLANK_CHARS)}]+")

DIGITS = "0-9０-９"
CHINESE_NUMERALS = "〇零一二三四五六七八九十百"
SENTENCE_END = "。！？!?…"
CLOSERS = "”’」』）)】》\"'"
OPENING_QUOTES = '“「『"‘《'
# Characters that cannot begin a sentence: a piece starting with one after a
# finished paragraph has lost its beginning.
NON_INITIAL = "，,、；;：:。.！!？?）)」』”’》】…·"
OPEN_PARENS = "（("
CLOSE_PARENS = "）)"

_NUMERAL_VALUES = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0}


def is_blank(char):
    return char in BLANK_CHARS


def squeeze(text):
    """Return ``text`` without outer blanks and with inner runs as one space."""
    return _BLANK_RUN.sub(" ", text).strip(" ")


def visible_length(text):
    return len(text) - sum(len(run) for run in _BLANK_RUN.findall(text))


def number(text):
    """Return the value of ``12``, ``１２`` or ``十二``, or None."""
    text = unicodedata.normalize("NFKC", text).strip()
    if text.isascii() and text.isdigit():
        return int(text)
    if not text or any(c not in _NUMERAL_VALUES and c != "十" for c in text):
        return None
    if "十" not in text:
        value = 0
        for char in text:
            value = value * 10 + _NUMERAL_VALUES[char]
        return value
    tens, _ten, units = text.partition("十")
    if "十" in units or len(tens) > 1 or len(units) > 1:
        return None
    return _NUMERAL_VALUES.get(tens, 1) * 10 + _NUMERAL_VALUES.get(units, 0)


def ends_sentence(text):
    core = text.rstrip(BLANK_CHARS + CLOSERS)
    if not core:
        return False
    last = core[-1]
    if last in SENTENCE_END:
        return True
    return last in ".．" and not (len(core) > 1 and core[-2].isdigit())
