"""What the print parser returns: stories made of their printed parts, the
page's own lines and header, and the lines it could not place."""

import datetime
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Credit:
    """One person in a byline, with the title and roles printed for them.

    ``title`` is one of the TITLES values ("reporter" when none is printed);
    ``printed_title`` is the word as printed (首席记者, or "" for none), kept
    for display and left out of comparisons.
    """

    name: str
    title: str
    roles: tuple[str, ...]
    printed_title: str = field(default="", compare=False)


@dataclass(frozen=True)
class PageEditor:
    """Someone the page credits for its making: 责任编辑 王磊."""

    title: str
    name: str


@dataclass
class PageHeader:
    """What the page's masthead and editors lines say; empty without them.

    ``page`` is the page number when printed as a number (第1版, 1版); a
    lettered page (A01) keeps ``page`` None and shows in ``page_label``.
    """

    paper: str = ""
    date: datetime.date | None = None
    date_text: str = ""
    page: int | None = None
    page_label: str = ""
    page_name: str = ""
    editors: list[PageEditor] = field(default_factory=list)

    def __bool__(self):
        return bool(
            self.paper
            or self.date_text
            or self.page_label
            or self.page_name
            or self.editors
        )


# Kinds of a story's printed parts, in the order a story may print them.
HEAD_KINDS = ("jump_from", "bullet", "kicker", "headline", "subtitle")
# Parts that make the story's body, rendered in order.
BODY_KINDS = ("note", "paragraph", "subhead", "caption")
PART_KINDS = (*HEAD_KINDS, "byline", *BODY_KINDS, "jump_to")
STORY_KINDS = ("story", "photo", "brief")


@dataclass(frozen=True)
class Part:
    """One printed piece of a story, as printed, with the line it starts on.

    ``kind`` is one of PART_KINDS: ``jump_from`` （上接第1版）, ``bullet`` ■,
    ``kicker`` 引题, ``headline``, ``subtitle`` ——副题 (dashes kept), ``byline``
    (under the headline or closing the story), ``note`` 编者按, ``paragraph``,
    ``subhead`` 小标题, ``caption`` (a photo's caption), ``jump_to`` （下转第3版）.
    """

    kind: str
    text: str
    line: int


@dataclass(frozen=True)
class StoryWarning:
    """Something an editor should check; ``text`` quotes the place or the value."""

    code: str
    text: str = ""
    paragraph: int | None = None

    def as_dict(self):
        data = {"code": self.code, "text": self.text}
        if self.paragraph is not None:
            data["paragraph"] = self.paragraph
        return data


@dataclass
class ParsedStory:
    """A story of the page: its printed parts and what they say.

    Every character of the story is in ``parts``, in reading order; the
    properties give the parts by kind. ``credits`` are the paper's own people
    (from the lead's parenthesis, a byline under the headline or at the end,
    a caption's credit); a wire story's people are in ``source_credits`` and
    its agency in ``source``.
    """

    line: int
    parts: list[Part] = field(default_factory=list)
    kind: str = "story"
    credits: list[Credit] = field(default_factory=list)
    source: str = ""
    source_credits: list[Credit] = field(default_factory=list)
    has_lead: bool = False
    dateline_text: str = ""
    dateline: date | None = None
    dateline_place: str = ""
    column: str = ""
    continues_on: int | None = None
    continued_from: int | None = None
    inferred_headline: str = ""
    warnings: list[StoryWarning] = field(default_factory=list)

    def _text(self, kind):
        return " ".join(part.text for part in self.parts if part.kind == kind)

    @property
    def headline(self):
        """The headline as printed, or one taken from the text if none is."""
        return self._text("headline") or self.inferred_headline

    @property
    def kicker(self):
        return self._text("kicker")

    @property
    def subtitle(self):
        """The ——subtitle as printed, dashes included."""
        return self._text("subtitle")

    # The service and the admin know the subtitle by its old name.
    dek = subtitle

    @property
    def byline_text(self):
        return self._text("byline")

    @property
    def editor_note(self):
        return "\n".join(p.text for p in self.parts if p.kind == "note")

    @property
    def blocks(self):
        """The body in order: parts of kind note, paragraph, subhead, caption."""
        return [part for part in self.parts if part.kind in BODY_KINDS]

    @property
    def paragraphs(self):
        """The text of every body block, subheads and the note included."""
        return [part.text for part in self.blocks]

    @property
    def subheads(self):
        return [part.text for part in self.parts if part.kind == "subhead"]

    def fields(self):
        """Yield the story's printed texts in reading order."""
        for part in self.parts:
            yield part.text


@dataclass(frozen=True)
class Unparsed:
    """A line that belongs to no story (a stray fragment, an unknown layout)."""

    line: int
    text: str

    def fields(self):
        yield self.text


@dataclass(frozen=True)
class PageLine:
    """A line of the page itself: ``masthead``, ``editors`` or ``column`` label."""

    kind: str
    line: int
    text: str

    def fields(self):
        yield self.text


@dataclass
class ParsedPage:
    items: list = field(default_factory=list)
    header: PageHeader = field(default_factory=PageHeader)

    @property
    def stories(self):
        return [item for item in self.items if isinstance(item, ParsedStory)]

    @property
    def unparsed(self):
        return [item for item in self.items if isinstance(item, Unparsed)]

    @property
    def page_lines(self):
        return [item for item in self.items if isinstance(item, PageLine)]

    def fields(self):
        """Yield every text field of the result in the order of the input."""
        for item in self.items:
            yield from item.fields()


WARNING_ORDER = [
    "headline_inferred",
    "continued",
    "lost_text",
    "unfinished",
    "jump",
    "no_byline",
    "photo_credit",
    "no_lead",
    "no_dateline",
    "bad_dateline",
    "future_dateline",
]


def warning_order(warning):
    return (WARNING_ORDER.index(warning.code), warning.paragraph or 0)
