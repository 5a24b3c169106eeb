"""Doubled marks, characters and words, and stray spaces between Chinese."""

import re
from bisect import bisect_right

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from newsroom.text import HAN

from .findings import (
    CURLY_QUOTES,
    PAUSE_MARKS,
    in_spans,
    is_chinese,
    is_han,
)
from .lexicon import _ROLES, DOUBLING_SLIPS, REDUPLICATING_WORDS

# A byline closing a paragraph (…深入探讨。记者 鲁慧 文/图) or opening it in
# brackets (本报讯（记者 张三 通讯员 李四）): the paper spaces names there.
_BYLINE = re.compile(
    rf"(?:^|(?<=[。！？”』」）!?]))[^\S\n]*(?:本报)?(?:{_ROLES})[^\S\n]+"
    r"[^\n。！？，；：,;:!?]{0,40}$"
    rf"|[（(](?:本报)?(?:{_ROLES})[^\S\n]+[^（()）\n]{{0,40}}[）)]",
    re.MULTILINE,
)
# The paper prints a space between 本报讯 and the date or time that follows.
_DATELINE = re.compile(
    r"^[^\S\n]*本报讯[^\S\n]+"
    r"|本报讯[^\S\n]+(?=[0-9０-９]|[〇零一二三四五六七八九十]{1,3}月|连日来|连日|日前"
    r"|近日|近期|近来|昨日|昨天|今天|今日|当天|今年|去年|本周|上周|此前|目前)",
    re.MULTILINE,
)
# Slogans of parallel phrases are spaced, not punctuated: “文明交通 你我同行”.
_SLOGAN = re.compile(rf"(?<=[“\"])[{HAN}]+(?:[ \u3000][{HAN}]+)+(?=[”\"])")
_SPACES = re.compile(r"(?:[^\S\n]|[\u200b\ufeff])+")
_REPEATED_CHAR = re.compile(rf"([{HAN}])\1+")
_REPEATED_UNIT = re.compile(rf"(?=([{HAN}]{{2,4}}?)\1)")
_PAUSE_RUN = re.compile(f"[{PAUSE_MARKS}]{{2,}}")


# Repetition and spaces ------------------------------------------------------


def _exempt_space_spans(text):
    spans = []
    if "本报讯" in text or any(
        role in text for role in ("记者", "通讯员", "实习生", "摄影", "摄像")
    ):
        spans.extend(m.span() for m in _BYLINE.finditer(text))
        spans.extend(m.span() for m in _DATELINE.finditer(text))
    if "“" in text or '"' in text:
        spans.extend(m.span() for m in _SLOGAN.finditer(text))
    # Merged, so that in_spans finds a space inside any of them.
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _stray_spaces(text, field):
    """Return the spans of spaces that stand between Chinese characters."""
    exempt = None
    runs = []
    for m in _SPACES.finditer(text):
        start, end = m.span()
        if start == 0 or end == len(text):
            continue
        before, after = text[start - 1], text[end]
        if before in CURLY_QUOTES and after in CURLY_QUOTES:
            continue
        if not (
            (is_chinese(before) or before in CURLY_QUOTES)
            and (is_chinese(after) or after in CURLY_QUOTES)
        ):
            continue
        # Headlines separate their clauses with one space: 稳中求进 开创新局.
        if (
            field == "headline"
            and m.group() in (" ", "\u3000")
            and is_han(before)
            and is_han(after)
        ):
            continue
        if exempt is None:
            exempt = _exempt_space_spans(text)
        if exempt and in_spans(exempt, start, end):
            continue
        runs.append((start, end))
    return runs


def _settle_character_fixes(text, out):
    """Return ``text`` as it reads once the mark fixes found so far are made.

    Also return, for each character of that text, the span of ``text`` it
    stands for. Later checks read this text, so that fixing ``!！`` to ``！！``
    and then finding it doubled happens in one pass rather than two.
    """
    kept = []
    fixed_until = -1
    for index, (start, end, code, message, fix) in sorted(
        enumerate(out.items), key=lambda item: item[1][:2]
    ):
        if fix is None:
            continue
        if start < fixed_until:
            out.items[index] = (start, end, code, message, None)
            continue
        fixed_until = end
        kept.append((start, end, fix))
    return replace_spans(text, kept)


def _check_repetition_and_spaces(text, out):
    """Report doubled marks, characters and words, and stray spaces."""
    settled, origin = _settle_character_fixes(text, out)
    runs = _stray_spaces(settled, out.field)
    # Repetition is sought in the text without its stray spaces, so that
    # 的 的 is one slip, and fixing it removes the space along with the copy.
    if runs:
        pieces = []
        positions = []
        cursor = 0
        for start, end in runs:
            pieces.append(settled[cursor:start])
            positions.extend(range(cursor, start))
            cursor = end
        pieces.append(settled[cursor:])
        positions.extend(range(cursor, len(settled)))
        squeezed = "".join(pieces)
    else:
        squeezed = settled
        positions = None

    def original_span(start, end):
        first, last = start, end - 1
        if positions is not None:
            first, last = positions[first], positions[last]
        return origin[0][first], origin[1][last]

    covered = []
    for start, end, code, message, fix in _repetitions(squeezed):
        span = original_span(start, end)
        if fix is not None:
            covered.append(span)
        out.add(code, message, *span, fix)
    if not covered and not runs:
        return
    covered.sort()
    # A repetition's fix also makes the mark fixes and removes the spaces
    # inside it, so those are not offered a second time.
    out.items = [
        item
        for item in out.items
        if not (
            item[2] in ("halfwidth-punct", "mixed-quotes")
            and item[4] is not None
            and in_spans(covered, item[0], item[1])
        )
    ]
    for start, end in runs:
        start, end = origin[0][start], origin[1][end - 1]
        if covered and in_spans(covered, start, end):
            continue
        out.add(
            "stray-space",
            _("Space between Chinese characters."),
            start,
            end,
            "",
        )


def _repetitions(text):
    """Return doubled punctuation, characters and words found in ``text``."""
    found = list(_doubled_marks(text)) + list(_doubled_characters(text))
    fixes = sorted((s, e, fix) for s, e, _c, _m, fix in found if fix is not None)
    # Words are sought once the doubled characters are fixed, so that
    # 的的工作的工作 is one repeated word rather than two rounds of fixes.
    settled, origin = replace_spans(text, fixes)
    words = []
    for start, end, unit, fix in _doubled_words(settled):
        start, end = origin[0][start], origin[1][end - 1]
        words.append((start, end))
        found.append(
            (
                start,
                end,
                "repeated-word",
                format_lazy(_("“{word}” is written twice."), word=unit),
                fix,
            )
        )
    if words:
        found = [
            item
            for item in found
            if item[2] == "repeated-word"
            or not any(s <= item[0] and item[1] <= e for s, e in words)
        ]
    return found


def replace_spans(text, replacements):
    """Return ``text`` with sorted ``replacements`` made, and where each part began.

    The second value is a pair of lists: for each character of the result,
    the start and the end of the span of ``text`` it stands for.
    """
    if not replacements:
        return text, (range(len(text)), range(1, len(text) + 1))
    pieces = []
    starts = []
    ends = []
    cursor = 0
    for start, end, fix in replacements:
        pieces.append(text[cursor:start])
        starts.extend(range(cursor, start))
        ends.extend(range(cursor + 1, start + 1))
        pieces.append(fix)
        starts.extend([start] * len(fix))
        ends.extend([end] * len(fix))
        cursor = end
    pieces.append(text[cursor:])
    starts.extend(range(cursor, len(text)))
    ends.extend(range(cursor + 1, len(text) + 1))
    return "".join(pieces), (starts, ends)


def _doubled_marks(text):
    for m in _PAUSE_RUN.finditer(text):
        marks = m.group()
        if len(set(marks)) == 1:
            fix = "……" if marks[0] == "。" and len(marks) >= 3 else marks[0]
        elif set(marks) <= {"！", "？"}:
            continue
        else:
            fix = None
        yield (
            m.start(),
            m.end(),
            "doubled-punct",
            format_lazy(_("Doubled punctuation “{found}”."), found=marks),
            fix,
        )


def _doubled_characters(text):
    for m in _REPEATED_CHAR.finditer(text):
        char = m.group(1)
        if char not in DOUBLING_SLIPS:
            continue
        start, end = m.span()
        count = end - start
        if count == 2 and _is_aabb(text, start):
            continue
        word_before, word_after = DOUBLING_SLIPS[char]
        ends_word = any(
            start + 1 >= len(w) and text.startswith(w, start + 1 - len(w))
            for w in word_before
        )
        starts_word = any(text.startswith(w, end - 1) for w in word_after)
        # One copy may belong to the word before and one to the word after;
        # one more may stand alone, so a pair explained by either word is fine.
        needed = int(ends_word) + int(starts_word)
        if count <= needed + 1:
            continue
        yield (
            start,
            end,
            "repeated-char",
            format_lazy(_("“{char}” is written twice."), char=char),
            char * (needed + 1),
        )


def _doubled_words(text):
    """Yield ``(start, end, unit, fix)`` for each run of a repeated word.

    Removing one copy can bring two others together (工作工作的工作的), so
    copies are removed until no run is left, and overlapping removals are
    reported as one span whose fix is what remains of it.
    """
    current = text
    kept = list(range(len(text)))
    removed = []
    position = 0
    while True:
        m = _REPEATED_UNIT.search(current, position)
        if m is None:
            break
        start, unit = m.start(), m.group(1)
        size = len(unit)
        end = start + 2 * size
        while current.startswith(unit, end):
            end += size
        allowed = 2 if _reduplicates(unit) else 1
        if len(set(unit)) == 1 or (end - start) // size <= allowed:
            position = start + 1
            continue
        removed.append((kept[start], kept[end - 1] + 1, unit))
        keep = start + allowed * size
        current = current[:keep] + current[end:]
        del kept[keep:end]
        # A new repetition has to reach across the join: start 7 back.
        position = max(0, start - 7)
    if not removed:
        return
    removed.sort()
    merged = [list(removed[0])]
    for start, end, unit in removed[1:]:
        if start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end, unit])
    for start, end, unit in merged:
        left = bisect_right(kept, start - 1)
        right = bisect_right(kept, end - 1)
        yield start, end, unit, "".join(text[i] for i in kept[left:right])


def _is_aabb(text, start):
    """Return whether the pair at ``start`` is half of an AABB form (实实在在)."""

    def pair_at(i):
        return (
            0 <= i
            and i + 1 < len(text)
            and text[i] == text[i + 1]
            and is_han(text[i])
            and (i == 0 or text[i - 1] != text[i])
            and (i + 2 >= len(text) or text[i + 2] != text[i])
        )

    char = text[start]
    before = pair_at(start - 2) and text[start - 2] != char
    after = pair_at(start + 2) and text[start + 2] != char
    return before or after


def _reduplicates(unit):
    return unit in REDUPLICATING_WORDS or unit[0] == "一" or unit[-1] == "着"
