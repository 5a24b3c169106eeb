"""Finishing a parsed story: its kind, headline, dateline and warnings."""

from ..datelines import (
    DATE_PREFIX,
    RELATIVE_DAYS,
    date_opening,
    month_day,
    relative_opening,
    resolve_dateline,
    resolve_day,
    shift,
)
from ..stories import StoryWarning, warning_order
from .chars import ends_sentence
from .leads import read_lead
from .lines import infer_headline


def finish_story(story, progress, edition):
    """Fill in what a story's parts imply, once the whole page is read."""
    blocks = story.blocks
    text_blocks = [b for b in blocks if b.kind in ("paragraph", "caption")]
    if not any(part.kind == "headline" for part in story.parts):
        source = (text_blocks or blocks or story.parts)[0].text
        story.inferred_headline = infer_headline(source)
        story.warnings.append(StoryWarning("headline_inferred", story.headline))
    first = text_blocks[0].text if text_blocks else ""
    lead = read_lead(first)
    story.has_lead = lead is not None
    if (
        story.kind == "story"
        and not story.has_lead
        and text_blocks
        and all(b.kind == "caption" for b in text_blocks)
    ):
        story.kind = "photo"
    if story.continued_from is not None:
        jump_from = next(p for p in story.parts if p.kind == "jump_from")
        story.warnings.append(StoryWarning("continued", jump_from.text))
    else:
        _read_dateline(story, first, lead, edition)
    last = blocks[-1].text if blocks else ""
    if (
        blocks
        and story.continues_on is None
        and not progress.names_closed
        and not ends_sentence(last)
    ):
        story.warnings.append(StoryWarning("unfinished", last[-12:], len(blocks)))
    if not (story.credits or story.source or story.continued_from is not None):
        story.warnings.append(StoryWarning("no_byline"))
    photographers = [c.name for c in story.credits if "photo" in c.roles]
    if photographers:
        story.warnings.append(StoryWarning("photo_credit", "、".join(photographers)))
    if progress.weak and story.kind == "story" and not story.has_lead:
        story.warnings.append(StoryWarning("no_lead"))
    story.warnings.sort(key=warning_order)


def _read_dateline(story, first, lead, edition):
    if lead is not None:
        story.dateline_place = lead.place
        rest = first[lead.end :]
        text = lead.date_text
        if not text:
            match = DATE_PREFIX.match(rest)
            text = match.group() if match else date_opening(rest)
        if not text:
            _read_relative(story, relative_opening(rest), edition)
            return
    else:
        text = date_opening(first)
        if not text:
            phrase = relative_opening(first)
            if phrase:
                _read_relative(story, phrase, edition)
            else:
                story.warnings.append(StoryWarning("no_dateline"))
            return
    story.dateline_text = text
    if edition is None:
        return
    month, day = month_day(text)
    if month is None:
        story.dateline = resolve_day(day, edition)
    else:
        story.dateline = resolve_dateline(month, day, edition)
    if story.dateline is None:
        story.warnings.append(StoryWarning("bad_dateline", text))
    elif story.dateline > edition:
        story.warnings.append(StoryWarning("future_dateline", text))


def _read_relative(story, phrase, edition):
    story.dateline_text = phrase
    if phrase in RELATIVE_DAYS and edition is not None:
        story.dateline = shift(edition, RELATIVE_DAYS[phrase])
        if story.dateline is None:
            story.warnings.append(StoryWarning("bad_dateline", phrase))
        return
    story.warnings.append(StoryWarning("no_dateline", phrase))
