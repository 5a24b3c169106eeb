"""Stories printed in each paper's convention, with what must be read back.

``printed_story()`` draws a story in one convention (the seed's closing
byline, a daily's credited lead under a stacked headline, a wire story, a
feature with its byline under the headline and subheads, a brief, an
editor's note, a photo), then prints it as a page would: full-width
indents, blank lines, and column breaks inside paragraphs.

Column breaks never fall inside a lead marker or its parenthesis, never
right after punctuation that can end a paragraph, and leave a paragraph's
first piece longer than a subhead: a short unpunctuated line between
finished paragraphs is a subhead by the grammar, whatever was meant.
"""

from hypothesis import strategies as st

from articles.importing.parser import SUBHEAD_MAX

from .strategies import (
    BYLINES,
    CREDITED_LEADS,
    HEADLINES,
    KICKERS,
    LEADS,
    NAME_CREDITS,
    NOTES,
    SENTENCES,
    SUBHEADS,
    SUBTITLES,
    TOP_BYLINES,
    WIRE_LEADS,
)

CONVENTIONS = ["seed", "daily", "wire", "feature", "brief", "note", "photo"]
PHOTO_CREDITS = [
    ("本报记者 梁晨 摄", [("梁晨", "reporter", ("photo",))]),
    ("（孔德明 摄）", [("孔德明", "reporter", ("photo",))]),
]
_NO_CUT_AFTER = "。！？!?;；:：“”"
MARKERS = ("本报", "新华社", "中新社", "据新华社")


def _paragraph(draw):
    return "".join(draw(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=3)))


def _print_paragraph(draw, text, first_cut):
    """Print ``text`` indented or not, broken by columns after ``first_cut``."""
    cuts = [i for i in range(first_cut, len(text)) if text[i - 1] not in _NO_CUT_AFTER]
    chosen = sorted(draw(st.sets(st.sampled_from(cuts), max_size=3))) if cuts else []
    pieces, start = [], 0
    for cut in chosen:
        pieces.append(text[start:cut])
        pieces.append("\n" * draw(st.integers(1, 4)))
        start = cut
    pieces.append(text[start:])
    return draw(st.sampled_from(["", "　　", "  "])) + "".join(pieces)


@st.composite
def printed_story(draw):
    """Return ``(expected, layout)`` for one story in a drawn convention."""
    convention = draw(st.sampled_from(CONVENTIONS))
    want = {
        "kind": "story",
        "kicker": "",
        "headline": draw(st.sampled_from(HEADLINES)),
        "subtitle": "",
        "blocks": [],
        "credits": [],
        "source": "",
        "source_credits": [],
    }
    head = []
    lead = ""
    closing = ""
    count = draw(st.integers(1, 3))
    paragraphs = [_paragraph(draw) for _ in range(count)]
    subheads = {}
    if convention == "seed":
        lead = draw(st.sampled_from(LEADS))
        closing, want["credits"] = draw(st.sampled_from(BYLINES))
    elif convention == "daily":
        if draw(st.booleans()):
            want["kicker"] = draw(st.sampled_from(KICKERS))
        if draw(st.booleans()):
            want["subtitle"] = draw(st.sampled_from(SUBTITLES))
        lead, want["credits"] = draw(st.sampled_from(CREDITED_LEADS))
    elif convention == "wire":
        lead, want["source"], want["source_credits"] = draw(st.sampled_from(WIRE_LEADS))
    elif convention == "feature":
        if draw(st.booleans()):
            want["subtitle"] = draw(st.sampled_from(SUBTITLES))
        byline, want["credits"] = draw(st.sampled_from(TOP_BYLINES))
        head.append(byline)
        lead = draw(st.sampled_from(["", "10月2日，"]))
        for number in range(1, count):
            if draw(st.booleans()):
                subheads[number] = draw(st.sampled_from(SUBHEADS))
    elif convention == "brief":
        want["kind"] = "brief"
        paragraphs = paragraphs[:1]
        closing, want["credits"] = draw(st.sampled_from(NAME_CREDITS))
    elif convention == "note":
        note = draw(st.sampled_from(NOTES))
        want["blocks"].append(("note", note))
        lead, want["credits"] = draw(st.sampled_from(CREDITED_LEADS))
    else:
        want["kind"] = "photo"
        paragraphs = paragraphs[:1]
        lead = "10月1日，"
        closing, want["credits"] = draw(st.sampled_from(PHOTO_CREDITS))
    paragraphs[0] = lead + paragraphs[0]

    lines = []
    if want["kicker"]:
        lines.append(want["kicker"])
    bullet = draw(st.sampled_from(["■", "▲", "■ "])) if convention == "brief" else ""
    lines.append(bullet + want["headline"])
    if want["subtitle"]:
        lines.append(want["subtitle"])
    lines.extend(head)
    if convention == "note":
        lines.append(_print_paragraph(draw, note, SUBHEAD_MAX + 1))
    printed = []
    for number, paragraph in enumerate(paragraphs):
        if number in subheads:
            want["blocks"].append(("subhead", subheads[number]))
            printed.append(subheads[number])
        kind = "caption" if convention == "photo" else "paragraph"
        want["blocks"].append((kind, paragraph))
        # Under a headline, a short unpunctuated first piece would read as
        # the headline's second line; a lead marker cannot.
        first_cut = SUBHEAD_MAX + 1
        if number == 0:
            first_cut = len(lead) + 1 if lead.startswith(MARKERS) else first_cut
            first_cut += len(lead) if not lead.startswith(MARKERS) else 0
        printed.append(_print_paragraph(draw, paragraph, first_cut))
    body = "\n\n".join(printed)
    if closing:
        body += draw(st.sampled_from([" ", "", "\n", "\n\n"])) + closing
    layout = "\n".join(lines) + draw(st.sampled_from(["\n", "\n\n"])) + body
    return want, layout


def read_back(story, non_blank):
    """The parsed story in the shape of ``printed_story``'s expectation."""
    return {
        "kind": story.kind,
        "kicker": story.kicker,
        "headline": story.headline,
        "subtitle": story.subtitle,
        "blocks": [(b.kind, non_blank(b.text)) for b in story.blocks],
        "credits": [(c.name, c.title, c.roles) for c in story.credits],
        "source": story.source,
        "source_credits": [(c.name, c.title, c.roles) for c in story.source_credits],
    }
