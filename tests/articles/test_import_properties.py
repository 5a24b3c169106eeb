"""Properties of the print-page parser that hold for any input whatsoever."""

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from articles.importing.parser import SUBHEAD_MAX, is_blank, parse_page
from tests.articles.import_samples.conventions import printed_story as convention_story
from tests.articles.import_samples.conventions import read_back
from tests.articles.import_samples.strategies import (
    BYLINES,
    HEADLINES,
    LEADS,
    SENTENCES,
    page_like,
)

any_text = st.one_of(st.text(), page_like)
# The extremes of the calendar included: a dateline must never overflow it.
editions = st.one_of(
    st.none(), st.dates(), st.sampled_from([date.min, date.max, date(2024, 2, 29)])
)


def non_blank(text):
    return "".join(char for char in text if not is_blank(char))


@settings(max_examples=400, deadline=None)
@given(text=any_text, edition=editions)
def test_every_character_appears_exactly_once_in_reading_order(text, edition):
    page = parse_page(text, edition=edition)
    assert non_blank("".join(page.fields())) == non_blank(text)


@settings(max_examples=200, deadline=None)
@given(text=any_text, edition=editions)
def test_parsing_is_deterministic(text, edition):
    assert parse_page(text, edition=edition) == parse_page(text, edition=edition)


@settings(max_examples=200, deadline=None)
@given(text=any_text, edition=editions)
def test_stories_are_well_formed(text, edition):
    page = parse_page(text, edition=edition)
    for story in page.stories:
        assert story.headline.strip()
        assert all(paragraph.strip() for paragraph in story.paragraphs)
        assert all(credit.name and credit.roles for credit in story.credits)
        assert story.parts and all(part.text.strip() for part in story.parts)
        # A dateline is read against the edition, or the masthead's date.
        if story.dateline is not None:
            assert edition is not None or page.header.date is not None


@st.composite
def printed_story(draw):
    """Return ``(story, layout)``: what was written and how the page prints it."""
    headline = draw(st.sampled_from(HEADLINES))
    count = draw(st.integers(1, 4))
    paragraphs = [
        "".join(draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=3)))
        for _ in range(count)
    ]
    paragraphs[0] = draw(st.sampled_from(LEADS)) + paragraphs[0]
    byline, credits = draw(st.sampled_from(BYLINES))
    pieces = []
    for number, paragraph in enumerate(paragraphs):
        # Columns cut anywhere but right after punctuation that could end a
        # paragraph, and never inside the 本报讯 that opens the story. A
        # paragraph's first piece is longer than a subhead: a short
        # unpunctuated line between finished paragraphs is read as one.
        cuts = [
            i
            for i in range(5 if number == 0 else SUBHEAD_MAX + 1, len(paragraph))
            if paragraph[i - 1] not in "。！？!?;；:：“”"
        ]
        chosen = (
            sorted(draw(st.sets(st.sampled_from(cuts), max_size=3))) if cuts else []
        )
        start = 0
        for cut in chosen:
            pieces.append(paragraph[start:cut])
            pieces.append("\n" * draw(st.integers(1, 4)))
            start = cut
        pieces.append(paragraph[start:])
        if number < count - 1:
            pieces.append("\n\n")
    pieces.append(draw(st.sampled_from([" ", "", "\n\n", "\n"])) + byline)
    layout = headline + "\n\n" + "".join(pieces)
    return (headline, paragraphs, credits), layout


@settings(max_examples=150, deadline=None)
@given(stories=st.lists(printed_story(), min_size=1, max_size=6), gap=st.integers(1, 4))
def test_layout_damage_is_undone(stories, gap):
    text = ("\n" * gap).join(layout for _story, layout in stories)
    page = parse_page(text, edition=date(2024, 5, 8))
    assert page.unparsed == []
    assert len(page.stories) == len(stories)
    for parsed, ((headline, paragraphs, credits), _layout) in zip(
        page.stories, stories, strict=True
    ):
        assert parsed.headline == headline
        assert [non_blank(p) for p in parsed.paragraphs] == [
            non_blank(p) for p in paragraphs
        ]
        assert [(c.name, c.title, c.roles) for c in parsed.credits] == credits
        assert "lost_text" not in [w.code for w in parsed.warnings]
        assert "unfinished" not in [w.code for w in parsed.warnings]


@settings(max_examples=300, deadline=None)
@given(
    stories=st.lists(convention_story(), min_size=1, max_size=6),
    gap=st.sampled_from(["\n", "\n\n", "\n\n\n"]),
)
def test_every_convention_reads_back_story_by_story(stories, gap):
    text = gap.join(layout for _want, layout in stories)
    page = parse_page(text, edition=date(2025, 10, 3))
    assert page.unparsed == []
    assert [read_back(story, non_blank) for story in page.stories] == [
        {**want, "blocks": [(kind, non_blank(t)) for kind, t in want["blocks"]]}
        for want, _layout in stories
    ]
    for story in page.stories:
        codes = [warning.code for warning in story.warnings]
        assert "lost_text" not in codes
        assert "unfinished" not in codes
