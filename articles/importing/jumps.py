"""A story that jumps: its first part on one page, its continuation on another.

（下转第3版） ends a story's first part; （上接第1版） under the repeated headline
starts its continuation on page 3. Whichever page is imported second finds
the part the first left (``JumpBook``) and joins its own part to that
article: a continuation is appended, a first part is put in front, and the
article gets a placement on both pages. Edits made to the article since are
kept: the join only adds the other part's text and credits, and takes the
first part's headline, kicker and summary only where the article still has
what the continuation printed.
"""

import re

from django.db.models import Exists, OuterRef, Q

from newsroom.text import HAN

from ..body import plain_text
from ..models import Article, ArticleEvent, Byline, PrintPlacement
from ..workflow import Action, Status, import_refusal
from .writing import body_html, printed_captions, source_byline, subtitle_summary

# Two headlines are one story's when this share of their character pairs
# is common: a continuation may repeat its headline shortened.
SIMILAR = 0.6
_NOT_TEXT = re.compile(rf"[^{HAN}A-Za-z0-9]+")
# What a story's missing part explains, and the join makes moot.
JUMP_WARNINGS = {"jump", "continued", "unfinished"}


def _letters(headline):
    return _NOT_TEXT.sub("", headline or "")


def headline_likeness(a, b):
    """Return how alike two printed headlines are, from 0 to 1."""
    a, b = _letters(a), _letters(b)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    shorter, longer = sorted((a, b), key=len)
    if len(shorter) >= 4 and shorter in longer:
        return 0.9
    pairs_a = {a[i : i + 2] for i in range(len(a) - 1)}
    pairs_b = {b[i : i + 2] for i in range(len(b) - 1)}
    if not pairs_a or not pairs_b:
        return 0.0
    return 2 * len(pairs_a & pairs_b) / (len(pairs_a) + len(pairs_b))


def may_join(article, user):
    """Tell whether an import by ``user`` may add a part to ``article``.

    A join changes the article's words: its importer must be allowed to
    edit it, and to publish if it is published. No user is the operator.
    """
    if user is None:
        return True
    if not article.can_edit(user):
        return False
    return article.status != Status.PUBLISHED or not import_refusal(
        user, Status.PUBLISHED
    )


class JumpBook:
    """The parts already imported that this page's jumping stories may join."""

    def __init__(self, edition, page, number, stories):
        self.heads = {}
        self.continuations = {}
        if number is None:
            return
        sources = {s.continued_from for s in stories if s.continued_from is not None}
        targets = {s.continues_on for s in stories if s.continues_on is not None}
        if not (sources or targets):
            return
        # An article already printed on this page has its part from here.
        joined = PrintPlacement.objects.filter(
            article=OuterRef("article_id"), page=page
        )
        rows = (
            PrintPlacement.objects.filter(page__edition=edition)
            .filter(
                Q(page__number__in=sources, continues_on=number)
                | Q(page__number__in=targets, continued_from=number)
            )
            .exclude(Exists(joined))
            .select_related("page", "article")
            .order_by("page__position", "position", "pk")
        )
        for row in rows:
            if row.continues_on == number and row.page.number in sources:
                self.heads.setdefault(row.page.number, []).append(row)
            if row.continued_from == number and row.page.number in targets:
                self.continuations.setdefault(row.page.number, []).append(row)

    def head_of(self, story):
        """Return the placement of the first part ``story`` continues, if imported."""
        return self._take(self.heads.get(story.continued_from, []), story)

    def continuation_of(self, story):
        """Return the placement of the continuation of ``story``, if imported."""
        return self._take(self.continuations.get(story.continues_on, []), story)

    def _take(self, candidates, story):
        scored = [
            (headline_likeness(placement.headline, story.headline), index)
            for index, placement in enumerate(candidates)
        ]
        scored = [item for item in scored if item[0] >= SIMILAR]
        if not scored:
            return None
        _score, index = max(scored, key=lambda item: (item[0], -item[1]))
        return candidates.pop(index)


def _shifted(warnings, blocks):
    """Renumber a part's warnings for the paragraphs printed before it."""
    moved = []
    for warning in warnings:
        warning = dict(warning)
        if warning.get("paragraph") is not None:
            warning["paragraph"] += blocks
        moved.append(warning)
    return moved


def _without(warnings, codes):
    return [w for w in warnings if w.get("code") not in codes]


def _untouched_backfill(article):
    """Tell whether ``article`` is a back-filled story no one has edited."""
    return (
        article.status == Status.PUBLISHED
        and article.published_at is not None
        and article.updated_at == article.published_at
    )


def join_part(
    placement, story, part_warnings, credited, *, first, print_page, by, source
):
    """Add ``story`` to the article of ``placement``; return the locked article.

    ``first`` says ``story`` is the first part (it goes in front, and the
    article takes its ``print_page``); otherwise it is the continuation.
    ``credited`` is its ``(reporter, role)`` list.
    """
    article = Article.objects.select_for_update().get(pk=placement.article_id)
    backfill = _untouched_backfill(article)
    kept_blocks = len(plain_text(article.body).splitlines())
    part_blocks = len(plain_text(body_html(story)).splitlines())
    kept = _without(article.import_warnings, JUMP_WARNINGS)
    part = _without(part_warnings, JUMP_WARNINGS)
    if first:
        if article.headline == placement.headline:
            article.headline = story.headline[:200]
        article.kicker = article.kicker or story.kicker[:200]
        article.dek = article.dek or subtitle_summary(story)
        article.source = article.source or story.source[:50]
        article.source_byline = article.source_byline or source_byline(story)
        article.dateline = article.dateline or story.dateline
        article.print_page = print_page
        article.body = body_html(story) + article.body
        article.print_captions = [*printed_captions(story), *article.print_captions]
        warnings = [*part, *_shifted(kept, part_blocks)]
    else:
        article.body = article.body + body_html(story)
        article.print_captions = [*article.print_captions, *printed_captions(story)]
        warnings = [*kept, *_shifted(part, kept_blocks)]
    bylines = list(article.bylines.all())
    present = {(b.reporter_id, b.role) for b in bylines}
    new = []
    for reporter, role in credited:
        if (reporter.pk, role) not in present:
            present.add((reporter.pk, role))
            new.append(Byline(article=article, reporter=reporter, role=role))
    if new or bylines:
        warnings = _without(warnings, {"no_byline"})
    article.import_warnings = warnings
    article.save()
    ordered = [*new, *bylines] if first else [*bylines, *new]
    for order, byline in enumerate(ordered, start=1):
        byline.order = order
    Byline.objects.bulk_create(new)
    Byline.objects.bulk_update([b for b in bylines if b.pk], ["order"])
    if backfill:
        Article.objects.filter(pk=article.pk).update(updated_at=article.published_at)
        article.updated_at = article.published_at
    ArticleEvent.objects.create(
        article=article,
        actor=by,
        action=Action.IMPORT,
        from_status=article.status,
        to_status=article.status,
        stage=None,
        round=article.review_round,
        comment=source,
    )
    return article
