"""Read the bytes of an exported page as text, whichever encoding the desk used."""

import unicodedata
from collections import Counter

from django.utils.translation import gettext as _

# Tab, line feed, vertical tab, form feed and carriage return occur in text
# exports; any other control character means the file is not plain text.
_ALLOWED_CONTROLS = {"\t", "\n", "\x0b", "\x0c", "\r"}
# GB18030 accepts many byte strings; a real page has almost no private-use or
# unassigned characters, while binary data decoded as GB18030 is full of them.
_MAX_ODD_SHARE = 0.01


class UndecodablePage(ValueError):
    """The bytes are not a page in UTF-8, UTF-8 with BOM or GB18030/GBK."""


def decode_page(data, name):
    """Return the text of a page file, naming ``name`` in any error."""
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
        _("%(name)s: not text in UTF-8 or GB18030/GBK (is it a Word or PDF file?)")
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
        return _("mostly unreadable characters: not UTF-8 or GB18030/GBK text")
    return None
