"""Punctuation in Chinese copy: half-width marks, quotation marks and brackets."""

import re

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .findings import (
    _BRACKETS,
    _OPENERS,
    CURLY_QUOTES,
    FULL_WIDTH,
    HAN_CHAR,
    in_spans,
    is_ascii_word,
    is_chinese,
    is_han,
    next_visible,
    prev_visible,
    widen_over_spaces,
)

_HALF_WIDTH_RUN = re.compile(r"[,;:!?]+|\.+|[()]")
_QUOTE = re.compile('[“”"]')
_BRACKET = re.compile("[（）()【】《》〈〉「」『』〔〕]")
_LIST_MARKER = re.compile(
    r"(?:^|[\s；;。，,、：:])[0-9A-Za-z一二三四五六七八九十]{1,3}$"
)


# Half-width punctuation ----------------------------------------------------


def _check_half_width(text, out, protected):
    """Report half-width marks in Chinese text; return the positions converted."""
    candidates = [
        m.span()
        for m in _HALF_WIDTH_RUN.finditer(text)
        if not (protected and in_spans(protected, *m.span()))
    ]
    if not candidates:
        return {}
    converted = {}
    pairs = _pair_parentheses(text, candidates)

    def effective(j):
        return converted.get(j, text[j])

    def chinese_before(j):
        # What stands before a mark: Chinese, or a quotation closing Chinese.
        if j < 0:
            return False
        char = effective(j)
        if is_chinese(char):
            return True
        if char in CURLY_QUOTES or char == '"':
            k = prev_visible(text, j)
            return k >= 0 and is_chinese(effective(k))
        return False

    def chinese_after(j, adjacent_to):
        # A converted mark takes the spaces before it, so it ends up adjacent.
        return (
            j >= 0
            and is_chinese(effective(j))
            and (adjacent_to is None or j == adjacent_to or j in converted)
        )

    def decide(start, end):
        core = text[start:end]
        before = prev_visible(text, start)
        after = next_visible(text, end)
        if core == "(":
            if start in pairs:
                close = pairs[start]
                return (
                    HAN_CHAR.search(text, start + 1, close) is not None
                    or chinese_before(before)
                    or chinese_after(next_visible(text, close + 1), close + 1)
                )
            return chinese_before(before) or (after >= 0 and is_han(effective(after)))
        if core == ")":
            if start in pairs:
                return decide(pairs[start], pairs[start] + 1)
            return chinese_before(before) or chinese_after(after, end)
        if core[0] == ".":
            if len(core) == 2:
                return False
            if len(core) == 1 and after >= 0 and is_ascii_word(effective(after)):
                return False
            return chinese_before(before)
        if before < 0:
            return chinese_after(after, None)
        char = effective(before)
        if is_chinese(char) or char in CURLY_QUOTES or char == '"':
            return chinese_before(before) or chinese_after(after, None)
        # After Latin or digits, only Chinese straight after the mark makes it
        # Chinese: an English sentence leaves a space (``you! 他说``).
        return chinese_after(after, end)

    decided = set()
    changed = True
    # Converting one mark can make its neighbour Chinese (``经,(CBD)``), so
    # decide until nothing changes; each round only ever adds conversions.
    while changed:
        changed = False
        for start, end in candidates:
            if (start, end) in decided or not decide(start, end):
                continue
            decided.add((start, end))
            for j in range(start, end):
                converted[j] = FULL_WIDTH[text[j]]
            changed = True

    last_end = 0
    for start, end in sorted(decided):
        core = text[start:end]
        fix = (
            "……"
            if core[0] == "." and len(core) >= 3
            else "".join(FULL_WIDTH[c] for c in core)
        )
        wide_start, wide_end = widen_over_spaces(text, start, end)
        wide_start = max(wide_start, last_end)
        last_end = wide_end
        out.add(
            "halfwidth-punct",
            format_lazy(
                _("Half-width “{found}” in Chinese text: use “{fix}”."),
                found=core,
                fix=fix,
            ),
            wide_start,
            wide_end,
            fix,
        )
    return converted


def _pair_parentheses(text, candidates):
    """Map each paired half-width parenthesis to its partner, within a line."""
    pairs = {}
    stack = []
    line_end = -1
    for start, end in candidates:
        if end - start != 1 or text[start] not in "()":
            continue
        if start > line_end:
            stack = []
            line_end = text.find("\n", start)
            if line_end < 0:
                line_end = len(text)
        if text[start] == "(":
            stack.append(start)
        elif stack:
            opener = stack.pop()
            pairs[opener] = start
            pairs[start] = opener
    return pairs


# Quotation marks and brackets ---------------------------------------------


def _lines(text):
    """Yield ``(start, end)`` of each line that has any visible character."""
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip():
            yield start, end
        start = end + 1


def _straight_quote_is_chinese(text, index, converted):
    """Return whether the straight quotation mark at ``index`` stands in Chinese."""
    for j, forward in (
        (prev_visible(text, index), False),
        (next_visible(text, index + 1), True),
    ):
        # Half-width marks are looked through unless they become Chinese.
        while j >= 0 and text[j] in ",;:!?.()" and j not in converted:
            j = next_visible(text, j + 1) if forward else prev_visible(text, j)
        if j >= 0 and (j in converted or is_chinese(text[j])):
            return True
    return False


def _check_quotes(text, out, converted):
    """Report straight and unpaired quotation marks, paragraph by paragraph."""
    if '"' not in text and "“" not in text and "”" not in text:
        return
    pending = None
    for line_start, line_end in _lines(text):
        if pending is not None:
            first = next_visible(text, line_start)
            if text[first] != "“":
                _report_open_quote(text, out, pending)
            pending = None
        opened = None
        for m in _QUOTE.finditer(text, line_start, line_end):
            index = m.start()
            char = text[index]
            if char == '"' and not _straight_quote_is_chinese(text, index, converted):
                continue
            if char == "“":
                if opened is not None:
                    _report_open_quote(text, out, opened)
                opened = index
            elif char == "”":
                if opened is None:
                    out.add(
                        "unbalanced-quote",
                        _("Closing quotation mark without an opening one."),
                        index,
                        index + 1,
                    )
                else:
                    if text[opened] == '"':
                        _fix_straight_quote(text, out, opened, "“")
                    opened = None
            elif opened is None:
                opened = index
            else:
                if text[opened] == '"':
                    _fix_straight_quote(text, out, opened, "“")
                _fix_straight_quote(text, out, index, "”")
                opened = None
        if opened is not None:
            if text[opened] == "“":
                pending = opened
            else:
                _report_open_quote(text, out, opened)
    if pending is not None:
        _report_open_quote(text, out, pending)


def _report_open_quote(text, out, index):
    if text[index] == '"':
        out.add(
            "mixed-quotes",
            _("Straight quotation mark in Chinese text, and its pair is missing."),
            index,
            index + 1,
        )
    else:
        out.add(
            "unbalanced-quote",
            _("Opening quotation mark is never closed."),
            index,
            index + 1,
        )


def _fix_straight_quote(text, out, index, curly):
    start, end = index, index + 1
    # Chinese quotation marks take no spaces from their Chinese neighbours.
    before = prev_visible(text, start)
    if before >= 0 and is_chinese(text[before]):
        start = before + 1
    after = next_visible(text, end)
    if after >= 0 and is_chinese(text[after]):
        end = after
    out.add(
        "mixed-quotes",
        format_lazy(
            _("Straight quotation mark in Chinese text: use “{fix}”."), fix=curly
        ),
        start,
        end,
        curly,
    )


def _check_brackets(text, out, protected):
    """Report brackets left open or closed without opening, line by line."""
    if _BRACKET.search(text) is None:
        return
    for line_start, line_end in _lines(text):
        stack = []
        for m in _BRACKET.finditer(text, line_start, line_end):
            index = m.start()
            if protected and in_spans(protected, index, index + 1):
                continue
            char = text[index]
            kind = _BRACKETS[char]
            if char in _OPENERS:
                stack.append((kind, index))
                continue
            depth = next(
                (d for d in range(len(stack) - 1, -1, -1) if stack[d][0] == kind),
                None,
            )
            if depth is None:
                if not _LIST_MARKER.search(text, line_start, index):
                    out.add(
                        "unbalanced-bracket",
                        format_lazy(
                            _("“{bracket}” closes a bracket that was never opened."),
                            bracket=char,
                        ),
                        index,
                        index + 1,
                    )
                continue
            for _kind, opener in stack[depth + 1 :]:
                _report_open_bracket(text, out, opener)
            del stack[depth:]
        for _kind, opener in stack:
            _report_open_bracket(text, out, opener)


def _report_open_bracket(text, out, index):
    out.add(
        "unbalanced-bracket",
        format_lazy(_("“{bracket}” is never closed."), bracket=text[index]),
        index,
        index + 1,
    )
