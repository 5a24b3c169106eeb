"""The page grammar: which story each line joins, in one pass over the page.

Where a story may start is planned ahead (``planning``); this module decides,
line by line, whether a planned start is taken given the story being read,
and adds every other line to that story, to the page's own lines, or to the
unparsed remainder.
"""

from dataclasses import dataclass

from ..datelines import date_opening
from ..stories import (
    BODY_KINDS,
    PageLine,
    ParsedPage,
    ParsedStory,
    Part,
    StoryWarning,
    Unparsed,
)
from .bylines import split_credit
from .chars import ends_sentence, number
from .joining import looks_cut_off, needs_space, opens_new_paragraph
from .leads import KNOWN_AGENCIES, read_lead
from .lines import JUMP_TO, split_bullet_line
from .planning import MEDIUM, STRONG, WEAK, Lookahead


@dataclass
class _Progress:
    """What the parser remembers about the story it is reading."""

    weak: bool = False
    names_closed: bool = False
    lead_credited: bool = False


class PageGrammar(Lookahead):
    def __init__(self, lines):
        super().__init__(lines)
        self.progress = {}
        self._parts, self._kind, self._line = [], "paragraph", 0
        self._open = False
        self._note_until = None

    # Deciding ----------------------------------------------------------------

    def _accept(self, plan, story, ended, column):
        open_story = story is not None and not ended
        if open_story and self._open and not self._anchored(plan):
            # The story's last paragraph is unfinished: a short line here is
            # more of it, unless a lead or note says a new story begins.
            return False
        if plan.strength == STRONG:
            if (plan.bullet or plan.single) and open_story and story.kind == "story":
                # A ■ line inside a story is a subhead or a list item unless
                # it reads as a brief of its own.
                return column is not None or self._reads_as_brief(plan)
            return True
        if not open_story:
            return plan.strength == MEDIUM or self._credit_ahead(plan.body)
        # Inside a story, a headline-like line is a subhead, unless the story
        # was credited in its lead and another byline follows: that byline
        # closes a story of its own.
        if self._open or not self._credit_ahead(plan.body, closing=True):
            return False
        progress = self.progress[id(story)]
        return progress.lead_credited or story.kind == "brief"

    def _anchored(self, plan):
        body = self.lines[plan.body]
        return (
            body.lead is not None
            or body.note
            or plan.jump_from is not None
            or body.jump_from is not None
        )

    def _reads_as_brief(self, plan):
        body = self.lines[plan.body]
        text = split_bullet_line(body.text)[2] if plan.single else body.text
        return bool(
            read_lead(text) or date_opening(text) or self._credit_ahead(plan.body)
        )

    def _titleless(self, i, story, ended, column):
        """Return the kind of a story that starts at ``i`` with no headline."""
        line = self.lines[i]
        open_story = story is not None and not ended
        if line.lead is not None:
            if not open_story or self._has_paragraph(story):
                return "brief" if column and column[0] == "brief" else "story"
            return None
        if open_story or not self._body_ok(i):
            return None
        if self._caption_at(i):
            return "photo"
        if column and column[0] == "brief":
            if self._credit_ahead(i) or line.dated:
                return "brief"
        return None

    # Reading -----------------------------------------------------------------

    def parse(self):
        page = ParsedPage()
        lines = self.lines
        story, ended, column = None, False, None
        i = 0
        while i < self.n:
            line = lines[i]
            if line.page_line:
                self._close(story)
                story, ended = None, False
                if line.label:
                    column = line.label
                    page.items.append(PageLine("column", line.line, line.text))
                else:
                    column = None
                    _merge_header(page.header, line)
                    kind = "masthead" if line.masthead else "editors"
                    page.items.append(PageLine(kind, line.line, line.text))
                i += 1
                continue
            plan = self.plans[i]
            if plan is not None and self._accept(plan, story, ended, column):
                self._close(story)
                if plan.block:
                    column = None
                story, column = self._open_story(plan, column)
                page.items.append(story)
                # The body's first line is this story's, whatever it looks like.
                i = plan.body
                body = split_bullet_line(lines[i].text)[2] if plan.single else None
                ended = self._add(story, i, body)
                i += 1
                continue
            kind = self._titleless(i, story, ended, column)
            if kind is not None:
                self._close(story)
                story, column = self._new_story(line.line, kind, column)
                page.items.append(story)
                ended = False
            if story is not None and not ended:
                ended = self._add(story, i)
            elif (
                story is not None
                and line.byline is not None
                and story.parts
                and story.parts[-1].kind == "byline"
                and page.items[-1] is story
            ):
                # A byline that wrapped onto a second line.
                story.parts.append(Part("byline", line.text, line.line))
                _add_credits(story, line.byline)
            else:
                page.items.append(Unparsed(line.line, line.text))
            i += 1
        self._close(story)
        return page

    def _new_story(self, line, kind, column):
        story = ParsedStory(line=line, kind=kind)
        if column is not None:
            if column[0] == "brief" and kind == "story":
                story.kind = "brief"
            if column[0] == "photo" and kind != "photo":
                column = None
            else:
                story.column = column[1]
        self.progress[id(story)] = _Progress()
        self._parts, self._open, self._note_until = [], False, None
        return story, column

    def _open_story(self, plan, column):
        lines = self.lines
        story, column = self._new_story(lines[plan.start].line, plan.kind, column)
        self.progress[id(story)].weak = plan.strength == WEAK
        parts = story.parts

        def add(kind, index, text=None):
            parts.append(Part(kind, text or lines[index].text, lines[index].line))

        before = plan.jump_from is not None and plan.jump_from == plan.start
        if before:
            add("jump_from", plan.jump_from)
            story.continued_from = lines[plan.jump_from].jump_from[0]
        if plan.kicker is not None:
            add("kicker", plan.kicker)
        if plan.bullet:
            text = lines[plan.headline].text
            add("bullet", plan.headline, text[0])
            add("headline", plan.headline, text[1:].strip(" "))
        elif plan.single:
            bullet, title, _body = split_bullet_line(lines[plan.body].text)
            add("bullet", plan.body, bullet)
            if title:
                add("headline", plan.body, title)
        elif plan.headline is not None:
            add("headline", plan.headline)
        for index in plan.subtitles:
            add("subtitle", index)
        if plan.byline is not None:
            add("byline", plan.byline)
            _add_credits(story, lines[plan.byline].byline)
        if plan.jump_from is not None and not before:
            add("jump_from", plan.jump_from)
            story.continued_from = lines[plan.jump_from].jump_from[0]
        return story, column

    def _add(self, story, i, text=None):
        """Add line ``i`` (or ``text`` from it); return True if that ends the story."""
        line = self.lines[i]
        full = text is None
        text = line.text if full else text
        if not self._has_body(story):
            if full and line.jump_from is not None:
                page, end = line.jump_from
                story.parts.append(Part("jump_from", text[:end], line.line))
                story.continued_from = page
                text, full = text[end:].strip(" "), False
                if not text:
                    return False
        jump = JUMP_TO.search(text)
        jump_text = ""
        if jump:
            text, jump_text = text[: jump.start()].rstrip(" "), text[jump.start() :]
            full = False
        loose = story.kind == "brief"
        split = line.credit if full else None
        if text and (not full or (loose and split is None)):
            split = split_credit(text, loose=loose)
        body = split.body if split else text
        if body:
            self._add_text(story, body, i, full)
        if split:
            if split.caption and self._parts and self._kind == "paragraph":
                self._kind = "caption"
            self._close_block(story)
            story.parts.append(Part("byline", split.text, line.line))
            _add_credits(story, split.credits)
            self.progress[id(story)].names_closed = split.names_only
        if jump_text:
            self._close_block(story)
            story.parts.append(Part("jump_to", jump_text, line.line))
            story.continues_on = number(jump.group("page"))
            count = len(story.blocks)
            story.warnings.append(StoryWarning("jump", jump_text, count or None))
        if split and split.caption and not jump_text and story.kind == "story":
            # A caption printed inside the story, which goes on after it.
            others = any(part.kind != "caption" for part in story.blocks)
            following = i + 1
            if (
                others
                and self._body_ok(following)
                and self.plans[following] is None
                and self.lines[following].lead is None
            ):
                return False
        return bool(split or jump_text)

    def _add_text(self, story, text, i, full):
        parts = self._parts
        if parts and self._open and not opens_new_paragraph(parts[-1], text):
            if needs_space(parts[-1], text):
                parts.append(" ")
            parts.append(text)
            self._open = not _ends(text)
            return
        has_body = self._has_body(story)
        if parts:
            self._close_block(story)
            if not self._open and looks_cut_off(text):
                number_ = len(story.blocks) + 1
                story.warnings.append(StoryWarning("lost_text", text[:12], number_))
        line = self.lines[i]
        if (
            full
            and has_body
            and line.subhead
            and self._starts_body(i + 1)
            and self.lines[i + 1].lead is None
            and not self.lines[i + 1].note
        ):
            story.parts.append(Part("subhead", text, line.line))
            self._open = False
            return
        kind = "paragraph"
        if line.note and not has_body:
            kind = "note"
            # The note runs to the lead when one follows before another story.
            lead = self.next_lead[i + 1]
            found = lead < self.n and lead <= self.next_boundary[i + 1]
            self._note_until = lead if found else None
        elif self._note_until is not None and i < self._note_until:
            kind = "note"
        else:
            self._note_until = None
            if not any(p.kind == "paragraph" for p in story.parts):
                if _read_lead_credits(story, text):
                    self.progress[id(story)].lead_credited = True
        self._parts, self._kind, self._line = [text], kind, line.line
        self._open = not _ends(text)

    def _has_body(self, story):
        return bool(self._parts) or any(p.kind in BODY_KINDS for p in story.parts)

    def _has_paragraph(self, story):
        if self._parts and self._kind == "paragraph":
            return True
        return any(part.kind == "paragraph" for part in story.parts)

    def _close_block(self, story):
        if self._parts:
            story.parts.append(Part(self._kind, "".join(self._parts), self._line))
        self._parts, self._kind = [], "paragraph"

    def _close(self, story):
        if story is not None:
            self._close_block(story)
        self._open = False


def _read_lead_credits(story, text):
    """Take the credits of a lead's parenthesis; tell whether there were any."""
    lead = read_lead(text)
    if lead is None:
        return False
    if lead.wire:
        story.source = lead.source
        story.source_credits = list(lead.credits or [])
        return bool(lead.credits)
    if lead.credits:
        _add_credits(story, lead.credits)
        return True
    return False


def _add_credits(story, credits):
    """Credit the paper's people; an agency's (新华社记者) go to the source."""
    for credit in credits:
        agency = next(
            (a for a in KNOWN_AGENCIES if credit.printed_title.startswith(a)), None
        )
        if agency is not None:
            story.source = story.source or agency
            if credit not in story.source_credits:
                story.source_credits.append(credit)
        elif credit not in story.credits:
            story.credits.append(credit)


def _merge_header(header, line):
    if line.masthead is not None:
        found = line.masthead
        for name in ("paper", "date", "date_text", "page", "page_label", "page_name"):
            if not getattr(header, name) and getattr(found, name):
                setattr(header, name, getattr(found, name))
        header.editors.extend(found.editors)
    if line.editors:
        header.editors.extend(line.editors)


def _ends(text):
    return ends_sentence(text) or bool(JUMP_TO.search(text))
