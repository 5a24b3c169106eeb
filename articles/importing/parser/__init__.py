"""Turn the plain text of a printed page into stories, without touching the database.

DRAFT: the conventions are documented below once settled.
"""

from ..datelines import resolve_dateline
from ..stories import (
    BODY_KINDS,
    PART_KINDS,
    STORY_KINDS,
    WARNING_ORDER,
    PageEditor,
    PageHeader,
    PageLine,
    ParsedPage,
    ParsedStory,
    Part,
    StoryWarning,
    Unparsed,
)
from .bylines import (
    BYLINE_MAX,
    Credit,
    CreditSplit,
    parse_byline,
    split_byline,
    split_credit,
)
from .chars import BLANK_CHARS, is_blank, squeeze, visible_length
from .finish import finish_story
from .grammar import PageGrammar
from .lines import HEADLINE_MAX, SUBHEAD_MAX, read_lines

__all__ = [
    "BLANK_CHARS",
    "BODY_KINDS",
    "BYLINE_MAX",
    "HEADLINE_MAX",
    "PART_KINDS",
    "STORY_KINDS",
    "SUBHEAD_MAX",
    "WARNING_ORDER",
    "Credit",
    "CreditSplit",
    "PageEditor",
    "PageHeader",
    "PageLine",
    "ParsedPage",
    "ParsedStory",
    "Part",
    "StoryWarning",
    "Unparsed",
    "is_blank",
    "parse_byline",
    "parse_page",
    "resolve_dateline",
    "split_byline",
    "split_credit",
    "squeeze",
    "visible_length",
]


def parse_page(text, *, edition=None):
    """Parse the text of one printed page into stories and the rest.

    Datelines are read against ``edition``, or against the date of the page's
    masthead when no edition is given.
    """
    grammar = PageGrammar(read_lines(text))
    page = grammar.parse()
    reference = edition if edition is not None else page.header.date
    for story in page.stories:
        finish_story(story, grammar.progress[id(story)], reference)
    return page
