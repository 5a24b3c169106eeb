"""Turn copy and readers' queries into the tokens the search index holds.

Chinese runs without spaces, so a run of Chinese characters is indexed as its
overlapping pairs plus its last character (营商环境 → 营商 商环 环境 境): every
character then starts some token. A query of two or more characters becomes a
phrase of pairs and a single character becomes a prefix, which finds every
article holding the query as a substring. Letters and digits are indexed as
whole words (2023, 5g, cbd).

An index that keeps no token positions (PostgreSQL's) holds instead, for
each character of a run, the up to three characters it starts (营商环境 →
营商环 商环境 环境 境). A query of three or more characters looks for its
triples: an article holding all of them usually holds the query, so few
candidates need their text read to confirm. Shorter queries are prefixes.
"""

import re
import unicodedata
from dataclasses import dataclass

from newsroom.text import HAN

MAX_QUERY_LENGTH = 100
MAX_TERMS = 8
# PostgreSQL refuses lexemes over 2 KB, so long words are indexed in pieces.
MAX_WORD_LENGTH = 60

# Scripts written without spaces between words: Chinese (newsroom.text.HAN)
# and its neighbours.
UNSPACED = (
    HAN + "\u0e00-\u0eff"  # Thai, Lao
    "\u1000-\u109f"  # Myanmar
    "\u1100-\u11ff"  # Hangul jamo
    "\u1780-\u17ff"  # Khmer
    "\u2e80-\u2fdf"  # CJK and Kangxi radicals
    "\u3005\u3006"  # 々 〆
    "\u3040-\u318f"  # kana, bopomofo, Hangul compatibility jamo
    "\u31a0-\u31ff"  # bopomofo extended, strokes, katakana extension
    "\uac00-\ud7af"  # Hangul syllables
    "\U00020000-\U000323af"  # all of the ideographic planes, assigned or not
)
_TOKEN = re.compile(rf"(?P<unspaced>[{UNSPACED}]+)|(?P<word>[^\W_{UNSPACED}]+)")
# Between terms: whitespace, and any punctuation or symbol outside ASCII
# (，。、《》 emoji). ASCII punctuation stays inside a term: 3.5亿元, covid-19.
_TERM_SEPARATOR = re.compile(rf"(?:\s|[^\x00-\x7f\w{UNSPACED}])+")
# Control characters and lone surrogates never reach the database.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def normalize(text):
    """Return ``text`` folded the way the index stores it (NFKC, case-folded)."""
    folded = unicodedata.normalize("NFKC", text or "").casefold()
    # Case folding can leave text that NFKC would change again (rarely).
    if unicodedata.is_normalized("NFKC", folded):
        return folded
    return unicodedata.normalize("NFKC", folded)


def word_pieces(word):
    """Return ``word`` cut into pieces short enough to be index tokens."""
    if len(word) <= MAX_WORD_LENGTH:
        return [word]
    return [word[i : i + MAX_WORD_LENGTH] for i in range(0, len(word), MAX_WORD_LENGTH)]


def document_tokens(text):
    """Return the index tokens of normalized ``text``, in order."""
    tokens = []
    for unspaced, word in _TOKEN.findall(text):
        if unspaced:
            tokens.extend([unspaced[i : i + 2] for i in range(len(unspaced) - 1)])
            tokens.append(unspaced[-1])
        else:
            tokens.extend(word_pieces(word))
    return tokens


def triple_tokens(text):
    """Return the tokens of normalized ``text`` for an index without positions.

    Each character of a Chinese run starts a token of up to three characters;
    letters and digits are words, as in ``document_tokens()``.
    """
    tokens = []
    for unspaced, word in _TOKEN.findall(text):
        if unspaced:
            tokens.extend(unspaced[i : i + 3] for i in range(len(unspaced)))
        else:
            tokens.extend(word_pieces(word))
    return tokens


@dataclass(frozen=True)
class Term:
    """One space-separated part of a query; an article must contain all terms."""

    # Normalized, exactly as a matching article's normalized text contains it.
    text: str
    # (token, is_prefix) pairs that sit at consecutive positions in a match.
    pieces: tuple
    # (token, is_prefix) pairs that ``triple_tokens()`` of a match all hold.
    triple_pieces: tuple
    # How many runs of Chinese or of letters and digits the term has.
    runs: int


@dataclass(frozen=True)
class Query:
    """A reader's query, cleaned, cut to length and split into terms."""

    text: str
    terms: tuple
    cut: bool = False
    dropped_terms: int = 0

    def __bool__(self):
        return bool(self.terms)


def parse_query(raw):
    """Return the :class:`Query` for what a reader typed; never raises."""
    cleaned = " ".join(_UNSAFE.sub(" ", raw or "").split())
    cut = len(cleaned) > MAX_QUERY_LENGTH
    if cut:
        cleaned = cleaned[:MAX_QUERY_LENGTH].rstrip()
    terms = []
    # Split before folding: NFKC turns full-width ，into an ASCII comma.
    for raw_chunk in _TERM_SEPARATOR.split(cleaned):
        for chunk in normalize(raw_chunk).split():
            term = _parse_term(chunk)
            if term is not None and term not in terms:
                terms.append(term)
    return Query(
        text=cleaned,
        terms=tuple(terms[:MAX_TERMS]),
        cut=cut,
        dropped_terms=max(0, len(terms) - MAX_TERMS),
    )


def _parse_term(chunk):
    runs = list(_TOKEN.finditer(chunk))
    if not runs:
        return None
    pieces, triple_pieces = [], []
    last = len(runs) - 1
    for index, run in enumerate(runs):
        value = run.group()
        if run.lastgroup == "word":
            words = [(piece, False) for piece in word_pieces(value)]
            pieces.extend(words)
            triple_pieces.extend(words)
            continue
        pieces.extend((value[i : i + 2], False) for i in range(len(value) - 1))
        triple_pieces.extend((value[i : i + 3], False) for i in range(len(value) - 2))
        if index < last:
            # Something other than Chinese follows, so the article's run ends
            # here too and carries its closing tokens.
            pieces.append((value[-1], False))
            triple_pieces.append((value[-2:], False))
        else:
            if len(value) == 1:
                pieces.append((value, True))
            if len(value) < 3:
                triple_pieces.append((value, True))
    return Term(
        text=chunk[runs[0].start() : runs[-1].end()],
        pieces=tuple(pieces),
        triple_pieces=tuple(triple_pieces),
        runs=len(runs),
    )
