"""Plain-text rules every app shares: what a Chinese character is, 字数, slugs.

One character class (``HAN``) serves the counter here, the print parser, the
proofreading checks and search, so they never disagree about which characters
are Chinese.
"""

import re
import unicodedata

from django.utils.text import slugify
from pypinyin import lazy_pinyin

# Han characters: 〇, the unified ideographs and extensions A to G, and the
# compatibility ideographs. A character class body, for use inside [...].
HAN = (
    "\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\U00020000-\U0002a6df\U0002a700-\U0002ebef\U00030000-\U0003134f"
)

# One unit of 字数: a Han character, a run of Latin letters or digits (2023,
# CBD, e-mail), or any other visible character such as a punctuation mark.
COUNTED_UNIT = re.compile(
    rf"[{HAN}]|[A-Za-z0-9]+(?:[.'’-][A-Za-z0-9]+)*|[^\s{HAN}A-Za-z0-9]"
)


# C0 and C1 control characters, DEL, and the lone surrogates no encoding can
# write. Tab, line feed and carriage return are layout, and kept.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def find_control_character(text):
    """Return the first control character in ``text``, or None."""
    match = CONTROL_CHARACTERS.search(text or "")
    return match.group() if match else None


def strip_control_characters(text):
    """Return ``text`` without control characters (tab and line breaks stay)."""
    return CONTROL_CHARACTERS.sub("", text or "")


# What XML 1.0 forbids anywhere in a document, even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text):
    """Return ``text`` without the characters XML cannot carry."""
    return _NOT_XML.sub("", text) if isinstance(text, str) else text


_LINE_BREAKS = re.compile(r"[\r\n\x85\u2028\u2029]+")


def single_line(text):
    """Return ``text`` without control characters, its line breaks as spaces."""
    return _LINE_BREAKS.sub(" ", strip_control_characters(text))


def one_line(text):
    """Return ``text`` as one line of single spaces, fit for an email header."""
    return " ".join(strip_control_characters(str(text)).split())


def count_characters(text):
    """Count copy the way Chinese newsrooms do (字数).

    Each Chinese character and each punctuation mark counts once, and so does
    each run of Latin letters or digits (2023, CBD), as word processors count.
    """
    return len(COUNTED_UNIT.findall(unicodedata.normalize("NFKC", text or "")))


def pinyin_slug(text, max_length=60):
    """Return an ASCII slug for ``text``, spelling Chinese in pinyin."""
    words = lazy_pinyin(text or "")
    slug = slugify(" ".join(words))
    if len(slug) <= max_length:
        return slug
    cut = slug[:max_length]
    # Break at a syllable boundary so the slug stays readable.
    return cut.rsplit("-", 1)[0] if "-" in cut else cut


def unique_slug(model, base, *, exclude_pk=None, max_length=60, fallback="item"):
    """Return ``base`` or ``base-N``, whichever is free in ``model``'s slugs."""
    base = base[:max_length].strip("-") or fallback
    # Slugs with this prefix, as a range on the unique index: SQLite cannot
    # use an index for LIKE 'base%', and bulk imports would scan the table.
    after_prefix = base[:-1] + chr(ord(base[-1]) + 1)
    taken = set(
        model._default_manager.filter(slug__gte=base, slug__lt=after_prefix)
        .exclude(pk=exclude_pk)
        .order_by()
        .values_list("slug", flat=True)
    )
    candidate, n = base, 2
    while candidate in taken:
        suffix = f"-{n}"
        candidate = f"{base[: max_length - len(suffix)]}{suffix}"
        n += 1
    return candidate
