"""Turn the plain text of a printed page into stories, without touching the database.

A page is a run of stories: a headline on its own line, an optional ——subtitle,
paragraphs of which the first starts with the lead marker 本报讯, and a byline
(记者 鲁慧 文/图) that ends the story, either on its own line or at the end of
the last paragraph. Columns and page jumps break paragraphs into pieces that
are separated by blank lines; a piece without sentence-final punctuation is
continued by the next one.

Nothing is dropped: every non-blank character of the input ends up in exactly
one text field of a story (headline, dek, paragraphs, byline_text) or in an
unparsed piece, in reading order (see ``ParsedPage.fields``).
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from newsroom.text import HAN

from .datelines import DATE_PREFIX, RELATIVE_DAYS, RELATIVE_PREFIX, resolve_dateline
from .stories import (
    Credit,
    ParsedPage,
    ParsedStory,
    StoryWarning,
    Unparsed,
    warning_order,
)

# Invisible characters that exports and web pastes scatter through text; they
# are layout, not copy, and count as blank like ordinary whitespace.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
BLANK_CHARS = "".join(chr(c) for c in range(0x3001) if chr(c).isspace()) + ZERO_WIDTH
_BLANK_RUN = re.compile(f"[{re.escape(BLANK_CHARS)}]+")

LEAD_MARKERS = ("本报讯",)

# Byline titles as printed, longest first so 见习记者 wins over 记者.
TITLES = {
    "见习记者": "trainee",
    "摄影记者": "photographer",
    "本报记者": "reporter",
    "记者": "reporter",
    "通讯员": "correspondent",
}
ROLE_WORDS = {
    "文/图": ("text", "photo"),
    "图/文": ("text", "photo"),
    "文图": ("text", "photo"),
    "图文": ("text", "photo"),
    "摄影": ("photo",),
    "文": ("text",),
    "图": ("photo",),
    "摄": ("photo",),
}
DEFAULT_ROLES = {
    "reporter": ("text",),
    "trainee": ("text",),
    "photographer": ("photo",),
    "correspondent": ("correspondent",),
}

SENTENCE_END = "。！？!?…"
CLOSERS = "”’」』）)】》\"'"
OPENING_QUOTES = '“「『"‘《'
# Characters that cannot begin a sentence: a piece starting with one after a
# finished paragraph has lost its beginning.
NON_INITIAL = "，,、；;：:。.！!？?）)」』”’》】…·"

_TITLE_RE = "|".join(re.escape(t) for t in TITLES)
_ROLE_RE = "|".join(
    re.escape(r).replace("/", "[/／]")
    for r in sorted(ROLE_WORDS, key=len, reverse=True)
)
# Han names have two to four characters; minority names join parts with a dot.
_NAME_CHAR = rf"(?!{_TITLE_RE})[{HAN}]"
_NAME = rf"(?:{_NAME_CHAR}{{1,6}}(?:[·•・]{_NAME_CHAR}{{1,6}})+|{_NAME_CHAR}{{2,4}})"
_BYLINE_TOKEN = re.compile(
    rf"(?P<sep>[\s、，,]+)|(?P<title>{_TITLE_RE})|(?P<role>(?:{_ROLE_RE})(?![{HAN}]))"
    rf"|(?P<name>{_NAME})"
)
_TITLE_START = re.compile(_TITLE_RE)
_DIGITS = "0-9０-９"
_LEAD = re.compile(
    r"^(?P<marker>" + "|".join(LEAD_MARKERS) + r")\s*"
    r"(?P<credit>[（(][^（()）]{1,60}[)）])?\s*"
)
_ENUMERATION = re.compile(
    r"^(?:[一二三四五六七八九十]+是|第[一二三四五六七八九十]+[，,、是]"
    r"|[一二三四五六七八九十]+[、．.]|[（(][一二三四五六七八九十\d]+[)）]"
    rf"|[{_DIGITS}]+[、．.]|首先|其次|再次|最后|此外)"
)
_JUMP = re.compile(
    rf"[（(]\s*(?:下转|转)第?\s*(?P<page>[{_DIGITS}一二三四五六七八九十]+)\s*版\s*[)）]$"
)
_CONTINUED = re.compile(
    rf"^[（(]\s*(?:上接|接)第?\s*[{_DIGITS}一二三四五六七八九十]+\s*版\s*[)）]"
)
# Running heads and credits of the page itself, never a story's headline.
_FURNITURE = re.compile(
    rf"[{_DIGITS}]{{4}}\s*年\s*[{_DIGITS}]{{1,2}}\s*月\s*[{_DIGITS}]{{1,2}}\s*日"
    rf"|星期[一二三四五六日天]|第\s*[{_DIGITS}一二三四五六七八九十]+\s*版"
    r"|责任编辑|责编|美编|校对"
)
_SHORT_CLAUSE = re.compile(
    r"^[^，,、；;：:。！？!?]{1,8}[；;]|^[^，,、；;：:。！？!?]{1,3}、"
)
_DASH = re.compile(r"^(?:—|－|-){1,3}")

HEADLINE_MAX = 64
BYLINE_MAX = 120


@dataclass(frozen=True)
class _Piece:
    text: str
    line: int


def is_blank(char):
    return char in BLANK_CHARS


def squeeze(text):
    """Return ``text`` without outer blanks and with inner runs as one space."""
    return _BLANK_RUN.sub(" ", text).strip(" ")


def visible_length(text):
    return sum(1 for char in text if not is_blank(char))


def parse_byline(text):
    """Return the credits in ``text`` if it is nothing but a byline, else None.

    ``text`` may be wrapped in parentheses, as some pages print it.
    """
    inner = text.strip(BLANK_CHARS)
    if inner[:1] in "（(" and inner[-1:] in ")）":
        inner = inner[1:-1]
    credits, names, title, roles = [], [], None, None
    kind = None

    def flush():
        for name in names:
            credits.append(Credit(name, title, roles or DEFAULT_ROLES[title]))

    pos = 0
    while pos < len(inner):
        match = _BYLINE_TOKEN.match(inner, pos)
        if match is None:
            return None
        pos = match.end()
        kind, previous = match.lastgroup, kind
        if kind == "sep":
            continue
        if kind == "title":
            if title is not None and not names:
                return None
            flush()
            names, title, roles = [], TITLES[match.group()], None
        elif kind == "role":
            if not names or roles is not None:
                return None
            roles = ROLE_WORDS[match.group().replace("／", "/")]
        else:
            # Two names always have a space or 、 between them.
            if title is None or roles is not None or previous == "name":
                return None
            names.append(match.group())
    if title is None or not names:
        return None
    flush()
    return credits


def split_byline(text):
    """Split ``text`` into ``(body, byline, credits)`` if it ends with a byline.

    The byline must stand alone or follow sentence-final punctuation or a
    space, so a sentence that merely ends in a name is left alone.
    """
    stripped = text.rstrip(BLANK_CHARS)
    # Only the tail can be a byline; looking further back would make a long
    # line of near-bylines cost quadratic time.
    for match in _TITLE_START.finditer(stripped, max(0, len(stripped) - BYLINE_MAX)):
        start = match.start()
        if start and stripped[start - 1] in "（(":
            start -= 1
        before = stripped[:start]
        before_core = before.rstrip(BLANK_CHARS)
        if before_core and before_core == before and not _ends_sentence(before_core):
            continue
        credits = parse_byline(stripped[start:])
        if credits:
            return before_core, squeeze(stripped[start:]), credits
    return None


def _ends_sentence(text):
    core = text.rstrip(BLANK_CHARS + CLOSERS)
    if not core:
        return False
    last = core[-1]
    if last in SENTENCE_END:
        return True
    return last in ".．" and not (len(core) > 1 and core[-2].isdigit())


def _ends_paragraph(text):
    return _ends_sentence(text) or bool(_JUMP.search(text))


def _opens_new_paragraph(previous, following):
    """Tell whether ``following`` starts a paragraph after unfinished ``previous``.

    Lists set out as 一是……；二是……； end their items with a semicolon or
    colon, so those break when the next piece starts a new item or a quote.
    """
    tail = previous.rstrip(BLANK_CHARS)[-1:]
    if tail not in "；;：:":
        return False
    return bool(_ENUMERATION.match(following)) or following[:1] in OPENING_QUOTES


def _looks_cut_off(text):
    """Tell whether ``text`` starts mid-sentence, as after a lost column."""
    if text[:1] in NON_INITIAL:
        return True
    if text[:1] in "的们":
        return True
    return bool(_SHORT_CLAUSE.match(text)) and not _ENUMERATION.match(text)


def _is_lead(text):
    return text.startswith(LEAD_MARKERS)


def _is_dek(text):
    return bool(_DASH.match(text)) and visible_length(text) <= HEADLINE_MAX + 3


def _headline_like(text):
    if _is_lead(text) or _is_dek(text):
        return False
    length = visible_length(text)
    if not 2 <= length <= HEADLINE_MAX:
        return False
    if any(char in text for char in "。；;"):
        return False
    if text[-1] in "，,、：:." or text[0] in NON_INITIAL:
        return False
    if _FURNITURE.search(text) or _CONTINUED.match(text):
        return False
    return parse_byline(text) is None


def _needs_space(left, right):
    """Tell whether rejoined pieces need a space: only between Latin words."""
    return (
        left[-1:].isascii()
        and right[:1].isascii()
        and left[-1:].isalpha()
        and right[:1].isalpha()
    )


def _pieces(text):
    pieces = []
    for number, line in enumerate(text.splitlines(), start=1):
        squeezed = squeeze(line)
        if squeezed:
            pieces.append(_Piece(squeezed, number))
    return pieces


class _PageParser:
    def __init__(self, pieces, edition):
        self.pieces = pieces
        self.edition = edition
        # The pieces of the story's last paragraph, joined when it is complete
        # (joining as they come would copy a long paragraph once per piece),
        # and whether it still waits for its continuation.
        self._parts = []
        self._open = False
        self.texts = [piece.text for piece in pieces]
        count = len(pieces)
        self.byline_ends = [split_byline(text) is not None for text in self.texts]
        self.lead_starts = [self._body_after(i) is not None for i in range(count)]
        # Nearest byline end and nearest lead-anchored start at or after each
        # index, for telling whether a headline without 本报讯 has a story.
        self.next_byline = [count] * (count + 1)
        self.next_lead_start = [count] * (count + 1)
        for i in range(count - 1, -1, -1):
            self.next_byline[i] = i if self.byline_ends[i] else self.next_byline[i + 1]
            self.next_lead_start[i] = (
                i if self.lead_starts[i] else self.next_lead_start[i + 1]
            )

    def _body_after(self, i):
        """Return where the lead follows headline ``i`` (after a dek), or None."""
        texts = self.texts
        if not _headline_like(texts[i]):
            return None
        j = i + 1
        if j < len(texts) and _is_dek(texts[j]):
            j += 1
        if j < len(texts) and _is_lead(texts[j]):
            return j
        return None

    def _starts_without_lead(self, i):
        texts = self.texts
        if i + 1 >= len(texts) or not _headline_like(texts[i]):
            return False
        following = texts[i + 1]
        if _headline_like(following) or _is_lead(following):
            return False
        if _CONTINUED.match(following):
            return False
        if parse_byline(following) is not None:
            return False
        byline = self.next_byline[i + 1]
        return byline < len(texts) and byline < self.next_lead_start[i + 1]

    def parse(self):
        page = ParsedPage()
        story = None
        ended = False
        i = 0
        while i < len(self.pieces):
            piece = self.pieces[i]
            starts_with_lead = self.lead_starts[i]
            if starts_with_lead or (
                (story is None or ended) and self._starts_without_lead(i)
            ):
                if story is not None:
                    self._finish(story)
                story, ended = ParsedStory(headline=piece.text, line=piece.line), False
                story.has_lead = starts_with_lead
                page.items.append(story)
                i += 1
                if i < len(self.pieces) and _is_dek(self.texts[i]):
                    story.dek = self.texts[i]
                    i += 1
                self._parts, self._open = [], False
                continue
            if story is not None and not ended:
                ended = self._add(story, piece.text)
            elif (
                story is not None
                and ended
                and story.byline_text
                and parse_byline(piece.text) is not None
                and page.items[-1] is story
            ):
                # A byline that wrapped onto a second line.
                story.byline_text = f"{story.byline_text} {piece.text}"
                story.credits.extend(parse_byline(piece.text))
            else:
                page.items.append(Unparsed(piece.line, piece.text))
            i += 1
        if story is not None:
            self._finish(story)
        return page

    def _add(self, story, text):
        """Add a piece to ``story``; return True when its byline ends the story."""
        split = split_byline(text)
        if split is not None:
            body, byline_text, credits = split
            story.byline_text, story.credits = byline_text, list(credits)
            if body:
                self._add_text(story, body)
            return True
        self._add_text(story, text)
        return False

    def _add_text(self, story, text):
        parts = self._parts
        if parts and self._open and not _opens_new_paragraph(parts[-1], text):
            if _needs_space(parts[-1], text):
                parts.append(" ")
            parts.append(text)
        else:
            if parts:
                story.paragraphs.append("".join(parts))
                if not self._open and _looks_cut_off(text):
                    number = len(story.paragraphs) + 1
                    story.warnings.append(StoryWarning("lost_text", text[:12], number))
            self._parts = [text]
        self._open = not _ends_paragraph(text)

    def _finish(self, story):
        if self._parts:
            story.paragraphs.append("".join(self._parts))
            self._parts = []
        paragraphs = story.paragraphs
        if not story.has_lead:
            story.warnings.append(StoryWarning("no_lead"))
        self._read_lead(story)
        if paragraphs and not _ends_paragraph(paragraphs[-1]):
            story.warnings.append(
                StoryWarning("unfinished", paragraphs[-1][-12:], len(paragraphs))
            )
        for number, paragraph in enumerate(paragraphs, start=1):
            jump = _JUMP.search(paragraph)
            if jump:
                story.warnings.append(StoryWarning("jump", jump.group(), number))
        if not story.credits:
            story.warnings.append(StoryWarning("no_byline"))
        photographers = [c.name for c in story.credits if "photo" in c.roles]
        if photographers:
            story.warnings.append(
                StoryWarning("photo_credit", "、".join(photographers))
            )
        story.warnings.sort(key=warning_order)

    def _read_lead(self, story):
        first = story.paragraphs[0] if story.paragraphs else ""
        lead = _LEAD.match(first)
        if lead is None:
            story.warnings.append(StoryWarning("no_dateline"))
            return
        if lead.group("credit") and not story.credits:
            credits = parse_byline(lead.group("credit"))
            if credits:
                story.credits = credits
        rest = first[lead.end() :]
        match = DATE_PREFIX.match(rest)
        if match:
            story.dateline_text = match.group()
            month = int(unicodedata.normalize("NFKC", match.group("month")))
            day = int(unicodedata.normalize("NFKC", match.group("day")))
            if self.edition is None:
                return
            story.dateline = resolve_dateline(month, day, self.edition)
            if story.dateline is None:
                story.warnings.append(StoryWarning("bad_dateline", match.group()))
            elif story.dateline > self.edition:
                story.warnings.append(StoryWarning("future_dateline", match.group()))
            return
        match = RELATIVE_PREFIX.match(rest)
        phrase = match.group("phrase") if match else ""
        story.dateline_text = phrase
        if phrase in RELATIVE_DAYS and self.edition is not None:
            try:
                story.dateline = self.edition + timedelta(days=RELATIVE_DAYS[phrase])
            except OverflowError:
                story.warnings.append(StoryWarning("bad_dateline", phrase))
            return
        story.warnings.append(StoryWarning("no_dateline", phrase))


def parse_page(text, *, edition=None):
    """Parse the text of one printed page into stories and unparsed lines."""
    return _PageParser(_pieces(text), edition).parse()
