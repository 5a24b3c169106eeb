"""Looking ahead on a page: where a story could start, and what follows it.

Every line is looked at once (``lines.classify``); a story start is planned
for every line from a bounded look ahead (``Lookahead._plan``); arrays of the
nearest credit, boundary and lead after each line answer the longer questions
("is there a byline before the next story?") in constant time, so the
grammar reads a page in one pass, in time linear in its length.
"""

from dataclasses import dataclass, replace

from .chars import visible_length
from .lines import SUBHEAD_MAX, headline_like

STRONG, MEDIUM, WEAK = 3, 2, 1


@dataclass(frozen=True, slots=True)
class Plan:
    """How a story would start at line ``start``: its head lines and body."""

    start: int
    body: int
    strength: int
    kind: str = "story"
    jump_from: int | None = None
    kicker: int | None = None
    headline: int | None = None
    bullet: bool = False
    single: bool = False
    subtitles: tuple = ()
    byline: int | None = None
    # Printed as a full story (kicker, subtitle, byline or note): it ends a
    # column of briefs.
    block: bool = False


class Lookahead:
    """The plans and nearest-line arrays of one page's lines."""

    def __init__(self, lines):
        self.lines = lines
        self.n = n = len(lines)
        self.para_end = self._paragraph_ends()
        self.plans = [self._plan(i) for i in range(n)]
        self.next_credit = [n] * (n + 1)
        self.next_closing = [n] * (n + 1)
        self.next_boundary = [n] * (n + 1)
        self.next_barrier = [n] * (n + 1)
        self.next_lead = [n] * (n + 1)
        for i in range(n - 1, -1, -1):
            line, plan = lines[i], self.plans[i]
            self.next_credit[i] = i if line.credit else self.next_credit[i + 1]
            closing = line.credit is not None and not line.credit.caption
            self.next_closing[i] = i if closing else self.next_closing[i + 1]
            boundary = (
                line.page_line
                or line.lead is not None
                or (plan is not None and plan.strength == STRONG)
            )
            self.next_boundary[i] = i if boundary else self.next_boundary[i + 1]
            # A long headline-like line after a finished paragraph is likely
            # another story's headline: a guessed story stops there.
            barrier = (
                line.head
                and visible_length(line.text) > SUBHEAD_MAX
                and not any(char in line.text for char in "，,")
                and i > 0
                and lines[i - 1].ends
            )
            self.next_barrier[i] = i if barrier else self.next_barrier[i + 1]
            self.next_lead[i] = i if line.lead else self.next_lead[i + 1]

    def _body_ok(self, j):
        """Tell whether line ``j`` can be a story's body text.

        A finished sentence is text even when it is short enough for a
        headline (……逐一排查！).
        """
        if j >= self.n:
            return False
        line = self.lines[j]
        return not (
            (line.head and not line.ends)
            or line.page_line
            or line.bullet
            or line.byline is not None
            or line.dek
            or line.jump_from_only
        )

    def _starts_body(self, j):
        """Tell whether line ``j`` can open a story's body under its head."""
        if j >= self.n:
            return False
        line = self.lines[j]
        return line.lead is not None or line.note or self._body_ok(j)

    def _paragraph_ends(self):
        """For each line, the line its paragraph ends on (None: it never does)."""
        lines, ends = self.lines, [None] * self.n
        for m in range(self.n - 1, -1, -1):
            line = lines[m]
            if line.credit is not None or line.ends:
                ends[m] = m
            elif m + 1 < self.n and self._runs_on(m + 1):
                ends[m] = ends[m + 1]
        return ends

    def _runs_on(self, j):
        """Tell whether line ``j`` can continue an unfinished paragraph."""
        line = self.lines[j]
        return not (
            line.page_line
            or line.bullet
            or line.byline is not None
            or line.dek
            or line.lead is not None
            or line.jump_from is not None
        )

    def _caption_at(self, j):
        """Tell whether the paragraph at ``j`` is a photo caption (…摄)."""
        end = self.para_end[j]
        if end is None:
            return False
        credit = self.lines[end].credit
        if credit is not None and credit.caption:
            return True
        after = end + 1
        if after < self.n and self.lines[after].byline is not None:
            credit = self.lines[after].credit
            return credit is not None and credit.caption
        return False

    def _credit_ahead(self, j, closing=False):
        """Tell whether a credit closes the text at ``j`` before another story.

        With ``closing``, a photo's credit does not count: it may be a
        caption inside the story being read.
        """
        limit = min(self.next_boundary[j + 1], self.next_barrier[j + 1])
        found = self.next_closing[j] if closing else self.next_credit[j]
        return found < limit

    def _plan(self, i):
        lines, n = self.lines, self.n
        k, jump_from = i, None
        if lines[k].jump_from_only:
            k += 1
            if k >= n:
                return None
            jump_from = i
        line = lines[k]
        if line.bullet:
            rest = line.text[1:].strip(" ")
            if jump_from is not None or not rest:
                return None
            if headline_like(rest):
                if not self._starts_body(k + 1):
                    return None
                return Plan(i, k + 1, STRONG, "brief", headline=k, bullet=True)
            return Plan(i, k, STRONG, "brief", single=True)
        if not line.head:
            return None
        # A kicker is a phrase over the headline; a finished sentence above a
        # headline is the previous story's last line.
        if k + 1 < n and lines[k + 1].head and not line.ends:
            upper = self._block(k + 1, jump_from)
            if upper is not None:
                return replace(upper, start=i, kicker=k, block=True)
        block = self._block(k, jump_from)
        return replace(block, start=i) if block else None

    def _block(self, h, jump_from):
        """Plan the story whose headline is line ``h``, from what follows it."""
        lines, n = self.lines, self.n
        j = h + 1
        subtitles = []
        while j < n and lines[j].dek and len(subtitles) < 2:
            subtitles.append(j)
            j += 1
        byline = None
        if j < n and lines[j].byline is not None and self._starts_body(j + 1):
            byline, j = j, j + 1
        if j < n and jump_from is None and lines[j].jump_from_only:
            jump_from, j = j, j + 1
        if j >= n:
            return None
        body = lines[j]
        kind = "story"
        if body.note or body.lead is not None:
            strength = STRONG
        elif (byline is not None or subtitles) and self._starts_body(j):
            strength = STRONG
        elif not self._body_ok(j):
            return None
        elif jump_from is not None or body.jump_from is not None:
            strength = STRONG
        elif self._caption_at(j):
            strength, kind = STRONG, "photo"
        elif body.dated:
            strength = MEDIUM
        else:
            strength = WEAK
        return Plan(
            h,
            j,
            strength,
            kind,
            jump_from=jump_from,
            headline=h,
            subtitles=tuple(subtitles),
            byline=byline,
            block=bool(subtitles or byline is not None or body.note),
        )
