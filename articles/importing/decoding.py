"""Read the bytes of an exported page as text, whichever encoding the desk used.

UTF-8 (with or without BOM), GB18030/GBK and UTF-16 ("Unicode" in Windows
Notepad, little- or big-endian, with or without BOM) are read; anything else
is refused with a message naming the file. A page is a few kilobytes:
``MAX_PAGE_BYTES`` bounds what the command and the admin read at all.
"""

import codecs
import unicodedata
from collections import Counter

from django.utils.translation import gettext as _

# Tab, line feed, vertical tab, form feed and carriage return occur in text
# exports; any other control character means the file is not plain text.
_ALLOWED_CONTROLS = {"\t", "\n", "\x0b", "\x0c", "\r"}
# GB18030 accepts many byte strings; a real page has almost no private-use or
# unassigned characters, while binary data decoded as GB18030 is full of them.
_MAX_ODD_SHARE = 0.01
# The largest page file or paste read: a page's text is 5–30 KB, an edition's
# a few hundred; anything near this size is not a page.
MAX_PAGE_BYTES = 1024 * 1024


class UndecodablePage(ValueError):
    """The bytes are not a page in UTF-8, UTF-8 with BOM, GB18030/GBK or UTF-16."""


class PageTooLarge(UndecodablePage):
    """The file or paste is larger than any page: refused before it is read."""


def size_text(size):
    """Return ``size`` bytes as people say it: 20 MB, 1.5 MB, 300 KB."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f}".removesuffix(".0") + " MB"
    return f"{max(1, round(size / 1024))} KB"


def check_page_size(size, name):
    """Refuse a page of ``size`` bytes larger than MAX_PAGE_BYTES, naming it."""
    if size > MAX_PAGE_BYTES:
        raise PageTooLarge(
            _(
                "%(name)s is %(size)s, more than the %(limit)s a page may be: "
                "import one page at a time (a page is a few kilobytes)."
            )
            % {
                "name": name,
                "size": size_text(size),
                "limit": size_text(MAX_PAGE_BYTES),
            }
        )


_UTF16_BOMS = ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def _utf16_encoding(data):
    """Return the UTF-16 byte order ``data`` is in, or None if it is not UTF-16.

    Without a BOM, UTF-16 is recognised by its NUL bytes (every line break,
    digit and Latin letter has one; UTF-8 and GB18030 text has none), and
    the byte order by which reading gives the characters of Chinese copy.
    """
    for bom, encoding in _UTF16_BOMS:
        if data.startswith(bom):
            return encoding
    if b"\x00" not in data or len(data) % 2:
        return None
    best, best_share = None, _MIN_COPY_SHARE
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        share = sum(1 for char in text if _is_copy(char)) / len(text)
        if share >= best_share:
            best, best_share = encoding, share
    return best


# Han characters, ASCII, CJK and full-width punctuation: what a page is made of.
_COPY_RANGES = ((0x20, 0x7E), (0x2000, 0x206F), (0x3000, 0x303F), (0x4E00, 0x9FFF))
_COPY_RANGES += ((0xFF00, 0xFFEF), (0x3400, 0x4DBF))
_MIN_COPY_SHARE = 0.9


def _is_copy(char):
    code = ord(char)
    return char in "\t\n\r" or any(low <= code <= high for low, high in _COPY_RANGES)


def _decode_utf16(data, encoding, name):
    body = data[2:] if data[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) else data
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError as exc:
        raise UndecodablePage(
            _(
                "%(name)s: looks like UTF-16 (“Unicode” in Notepad) but is not "
                "valid UTF-16; save it again as UTF-8."
            )
            % {"name": name}
        ) from exc
    problem = text_problem(text)
    if problem is not None:
        raise UndecodablePage(
            _("%(name)s: read as UTF-16, it %(problem)s; save it again as UTF-8.")
            % {"name": name, "problem": problem}
        )
    return text


def decode_page(data, name):
    """Return the text of a page file, naming ``name`` in any error."""
    check_page_size(len(data), name)
    utf16 = _utf16_encoding(data)
    if utf16 is not None:
        return _decode_utf16(data, utf16, name)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        problem = text_problem(text)
        if problem is None:
            return text
        raise UndecodablePage(f"{name}: {problem}")
    raise UndecodablePage(
        _(
            "%(name)s: not text in UTF-8, GB18030/GBK or UTF-16 (is it a Word "
            "or PDF file?)"
        )
        % {"name": name}
    )


def text_problem(text):
    """Return why ``text`` cannot be a page of copy, or None if it can."""
    # A page uses a few hundred distinct characters: look at each once.
    counts = Counter(text)
    odd = 0
    for char, count in counts.items():
        category = unicodedata.category(char)
        if category == "Cc" and char not in _ALLOWED_CONTROLS:
            return _(
                "contains the control character U+%(code)04X, so it is not text"
            ) % {"code": ord(char)}
        if category in ("Co", "Cn", "Cs"):
            odd += count
    if text and odd > len(text) * _MAX_ODD_SHARE:
        return _("mostly unreadable characters: not UTF-8, GB18030/GBK or UTF-16 text")
    return None
