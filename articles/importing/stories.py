"""What the print parser returns: stories, their credits and warnings, and
the lines it could not place."""

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Credit:
    """One person in a byline, with the title and roles printed for them."""

    name: str
    title: str
    roles: tuple[str, ...]


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
    headline: str
    line: int
    dek: str = ""
    paragraphs: list[str] = field(default_factory=list)
    byline_text: str = ""
    credits: list[Credit] = field(default_factory=list)
    has_lead: bool = False
    dateline_text: str = ""
    dateline: date | None = None
    warnings: list[StoryWarning] = field(default_factory=list)

    def fields(self):
        """Yield the story's text fields in reading order."""
        yield self.headline
        if self.dek:
            yield self.dek
        yield from self.paragraphs
        if self.byline_text:
            yield self.byline_text


@dataclass(frozen=True)
class Unparsed:
    """A line that belongs to no story (page furniture, a stray fragment)."""

    line: int
    text: str

    def fields(self):
        yield self.text


@dataclass
class ParsedPage:
    items: list = field(default_factory=list)

    @property
    def stories(self):
        return [item for item in self.items if isinstance(item, ParsedStory)]

    @property
    def unparsed(self):
        return [item for item in self.items if isinstance(item, Unparsed)]

    def fields(self):
        """Yield every text field of the result in the order of the input."""
        for item in self.items:
            yield from item.fields()


WARNING_ORDER = [
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
