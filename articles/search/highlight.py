"""Mark a query's terms in headlines and cut snippets around them."""

from functools import lru_cache

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .tokens import normalize

SNIPPET_LENGTH = 110
# Characters of context shown before the first highlighted term.
SNIPPET_LEAD = 24
ELLIPSIS = "…"


@lru_cache(maxsize=4096)
def _fold(char):
    return normalize(char)


def match_spans(text, query):
    """Return sorted, merged ``(start, end)`` spans of ``text`` matching terms."""
    folded = normalize(text)
    if len(folded) == len(text):
        # Folding kept every character one character (the usual case for
        # Chinese and ASCII), so positions carry over unchanged.
        origins = range(len(text))
    else:
        pieces, origins = [], []
        for index, char in enumerate(text):
            piece = _fold(char)
            pieces.append(piece)
            origins.extend([index] * len(piece))
        folded = "".join(pieces)
    spans = []
    for term in query.terms:
        start = folded.find(term.text)
        while start != -1:
            end = start + len(term.text)
            spans.append((origins[start], origins[end - 1] + 1, term.text))
            start = folded.find(term.text, end)
    spans.sort()
    merged = []
    for start, end, term_text in spans:
        if merged and start <= merged[-1][1]:
            previous = merged[-1]
            merged[-1] = (previous[0], max(previous[1], end), previous[2] | {term_text})
        else:
            merged.append((start, end, {term_text}))
    return merged


def _render(text, spans, start=0, end=None):
    end = len(text) if end is None else end
    html, position = [], start
    for span_start, span_end, _ in spans:
        if span_end <= start or span_start >= end:
            continue
        span_start, span_end = max(span_start, start), min(span_end, end)
        html.append(escape(text[position:span_start]))
        html.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    html.append(escape(text[position:end]))
    return "".join(html)


def highlight(text, query):
    """Return ``text`` as HTML with each term of ``query`` in ``<mark>``."""
    return mark_safe(_render(text, match_spans(text, query)))


def snippet(text, query, length=SNIPPET_LENGTH):
    """Return about ``length`` characters of ``text`` around the most terms, as HTML."""
    text = " ".join(text.split())
    spans = match_spans(text, query)
    start = 0
    if spans:
        best = None
        for anchor, _, _ in spans:
            window_start = max(0, anchor - SNIPPET_LEAD)
            window_end = window_start + length
            terms = set()
            for span_start, span_end, span_terms in spans:
                if span_start >= window_start and span_end <= window_end:
                    terms |= span_terms
            if best is None or len(terms) > best[0]:
                best = (len(terms), window_start)
                if len(terms) == len(query.terms):
                    break
        start = best[1]
    # Pull the window back when it would run past the end of the text.
    start = max(0, min(start, len(text) - length))
    end = min(len(text), start + length)
    html = _render(text, spans, start, end)
    return mark_safe(
        (ELLIPSIS if start > 0 else "") + html + (ELLIPSIS if end < len(text) else "")
    )
