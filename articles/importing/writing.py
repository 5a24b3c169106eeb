"""What an article keeps of a printed story: its fields, body and captions.

The parser's parts are the truth; this is the one place that turns them into
the article's words, for new stories and for the parts of a story that
jumps. Kickers, subtitles and bylines are fields of their own; the body is
the note (a ``<blockquote>``), paragraphs (``<p>``) and subheads (``<h3>``)
in print order. A caption printed inside a story belongs to a photo the
import does not bring: it is kept in ``print_captions`` for the editor who
adds the photo. A photo item's caption is its text.
"""

from django.utils.html import escape

from .parser import visible_length

DASHES = "—－-"
# A kicker is a phrase of its own; one that leaves a bracket open, ends on a
# word that needs its object, or runs longer than the headline without a
# break is more likely the headline's first line, wrapped.
_PAIRS = ("《》", "“”", "（）", "(）", "「」", "【】")
_DANGLING = "的和与及并在为对把向从将等之"
_PHRASE_BREAKS = " 　·•・，,！!、"


def subtitle_summary(story):
    """The ——subtitle as the article's summary, without its dashes."""
    return " ".join(
        part.text.lstrip(DASHES).strip()
        for part in story.parts
        if part.kind == "subtitle"
    )


def body_html(story):
    """Return the story's body as the article stores it."""
    html, notes = [], []
    for block in story.blocks:
        if block.kind == "note":
            notes.append(f"<p>{escape(block.text)}</p>")
            continue
        if notes:
            html.append("<blockquote>" + "".join(notes) + "</blockquote>")
            notes = []
        if block.kind == "subhead":
            html.append(f"<h3>{escape(block.text)}</h3>")
        elif block.kind == "caption" and story.kind != "photo":
            continue
        else:
            html.append(f"<p>{escape(block.text)}</p>")
    if notes:
        html.append("<blockquote>" + "".join(notes) + "</blockquote>")
    return "".join(html)


def printed_captions(story):
    """Return ``[{"text", "credit"}]`` for captions of photos the import lacks."""
    if story.kind == "photo":
        return []
    captions = []
    parts = story.parts
    for index, part in enumerate(parts):
        if part.kind != "caption":
            continue
        after = parts[index + 1] if index + 1 < len(parts) else None
        credit = after.text if after is not None and after.kind == "byline" else ""
        captions.append({"text": part.text, "credit": credit})
    return captions


def credit_text(credit):
    words = [credit.printed_title, credit.name]
    if credit.roles == ("photo",):
        words.append("摄")
    return " ".join(word for word in words if word)


def printed_credits(story):
    """The story's credits as printed: its byline, else its lead's parenthesis."""
    if story.byline_text:
        return story.byline_text
    people = [*story.credits, *story.source_credits]
    return " ".join(credit_text(credit) for credit in people)


def source_byline(story):
    """The agency's own reporters as printed (记者 韦一鸣), never local bylines."""
    return " ".join(credit_text(credit) for credit in story.source_credits)[:200]


def kicker_doubt(story):
    """Return a warning if the kicker may be the headline's wrapped first line."""
    kicker, headline = story.kicker, story.headline
    if not kicker:
        return None
    unbalanced = any(kicker.count(a) != kicker.count(b) for a, b in _PAIRS)
    dangling = kicker[-1] in _DANGLING
    longer = visible_length(kicker) > visible_length(headline) and not any(
        char in kicker for char in _PHRASE_BREAKS
    )
    if unbalanced or dangling or longer:
        return {"code": "kicker_or_wrap", "text": kicker}
    return None


def article_fields(story):
    """Return the fields of a new article for ``story``, as keyword arguments."""
    return {
        "kind": story.kind,
        "kicker": story.kicker[:200],
        "headline": story.headline[:200],
        "dek": subtitle_summary(story),
        "body": body_html(story),
        "dateline": story.dateline,
        "source": story.source[:50],
        "source_byline": source_byline(story),
        "print_captions": printed_captions(story),
    }
