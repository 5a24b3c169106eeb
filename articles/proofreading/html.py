"""An HTML body: findings on its visible text, fixes made in its markup."""

import html as html_lib
import re

from .checks import check_text
from .findings import fixable_in_order, verify

# HTML bodies ----------------------------------------------------------------

_MARKUP = re.compile(r"<!--.*?(?:-->|\Z)|<(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.DOTALL)
_TAG_NAME = re.compile(r"</?\s*([A-Za-z][A-Za-z0-9]*)")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")
_SOURCE_BREAKS = str.maketrans("\r\n\t\f", "    ")
_BLOCK_TAGS = frozenset(
    {"p", "br", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote"}
    | {"div", "table", "tr", "td", "th", "hr", "pre", "figure", "figcaption"}
)


def visible_text(html):
    """Return the visible text of ``html`` and where each character came from.

    Blocks are separated by one newline, which comes from no position (-1).
    """
    pieces = []
    starts = []
    ends = []

    def at_line_start():
        return not pieces or pieces[-1].endswith("\n")

    def add_text(segment_start, segment_end):
        segment = html[segment_start:segment_end]
        if not segment.strip() and at_line_start():
            return
        cursor = segment_start
        if "&" in segment:
            for m in _ENTITY.finditer(html, segment_start, segment_end):
                decoded = html_lib.unescape(m.group())
                if decoded == m.group():
                    continue
                add_plain(cursor, m.start())
                pieces.append(decoded)
                starts.extend([m.start()] * len(decoded))
                ends.extend([m.end()] * len(decoded))
                cursor = m.end()
        add_plain(cursor, segment_end)

    def add_plain(a, b):
        # A line break in the source renders as a space.
        pieces.append(html[a:b].translate(_SOURCE_BREAKS))
        starts.extend(range(a, b))
        ends.extend(range(a + 1, b + 1))

    cursor = 0
    for m in _MARKUP.finditer(html):
        if cursor < m.start():
            add_text(cursor, m.start())
        cursor = m.end()
        name = _TAG_NAME.match(m.group())
        if name and name.group(1).lower() in _BLOCK_TAGS and not at_line_start():
            pieces.append("\n")
            starts.append(-1)
            ends.append(-1)
    if cursor < len(html):
        add_text(cursor, len(html))
    text = "".join(pieces)
    trailing = len(text) - len(text.rstrip("\n"))
    if trailing:
        text = text[:-trailing]
        del starts[-trailing:]
        del ends[-trailing:]
    return text, starts, ends


def check_html(html, **kwargs):
    """Return the findings for the visible text of an HTML body.

    Offsets refer to the visible text, blocks joined by newlines; pass the
    findings to ``fix_html`` to fix the HTML itself.
    """
    text, _starts, _ends = visible_text(html or "")
    return check_text(text, **kwargs)


def _html_edits(text, starts, ends, finding):
    """Return the edits to the HTML that make ``finding``'s fix, markup untouched."""
    old, new = finding.original, finding.fix
    prefix = 0
    while prefix < min(len(old), len(new)) and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while (
        suffix < min(len(old), len(new)) - prefix
        and old[-1 - suffix] == new[-1 - suffix]
    ):
        suffix += 1
    first, last = finding.start + prefix, finding.end - suffix
    middle = html_lib.escape(new[prefix : len(new) - suffix], quote=False)
    if first == last:
        if first > 0 and starts[first - 1] >= 0:
            return [(ends[first - 1], ends[first - 1], middle)]
        if first < len(text) and starts[first] >= 0:
            return [(starts[first], starts[first], middle)]
        raise ValueError("The fix falls between paragraphs and cannot be placed.")
    if any(starts[i] < 0 for i in range(first, last)):
        raise ValueError("The fix spans two paragraphs; edit it by hand.")
    if (first > 0 and starts[first - 1] == starts[first]) or (
        last < len(text) and starts[last] == starts[last - 1]
    ):
        raise ValueError("The fix would split a character reference; edit it by hand.")
    # Text interrupted by markup (的<strong>的</strong>) is edited piece by
    # piece: the replacement goes where the first piece was.
    pieces = [[starts[first], ends[first]]]
    for i in range(first + 1, last):
        if starts[i] == pieces[-1][1] or starts[i] == starts[i - 1]:
            pieces[-1][1] = ends[i]
        else:
            pieces.append([starts[i], ends[i]])
    edits = [(pieces[0][0], pieces[0][1], middle)]
    edits.extend((a, b, "") for a, b in pieces[1:])
    return edits


def _splice(html, edits):
    edits.sort()
    for (_a, earlier_end, _r), (later_start, _b, _s) in zip(
        edits, edits[1:], strict=False
    ):
        if later_start < earlier_end:
            raise ValueError("Two fixes overlap; apply one and check again.")
    parts = []
    cursor = 0
    for start, end, replacement in edits:
        parts.append(html[cursor:start])
        parts.append(replacement)
        cursor = end
    parts.append(html[cursor:])
    return "".join(parts)


def fix_html(html, finding):
    """Return ``html`` with ``finding`` (from ``check_html``) fixed in its text."""
    text, starts, ends = visible_text(html or "")
    verify(text, finding)
    return _splice(html or "", _html_edits(text, starts, ends, finding))


def fix_html_all(html, findings):
    """Return ``html`` with every fixable finding from ``check_html`` fixed."""
    text, starts, ends = visible_text(html or "")
    edits = []
    for finding in fixable_in_order(text, findings):
        edits.extend(_html_edits(text, starts, ends, finding))
    return _splice(html or "", edits)
