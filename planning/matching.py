"""Matching the stories imported from the printed paper back to their plan.

When a page of an edition is imported (``articles.importing.service``
sends ``page_imported``), each new story is compared with the live
assignments of that day: by page first, then by how alike the headlines are,
so the budget shows what ran. The match is made in the import's own
transaction; a dry run therefore matches nothing.
"""

import re
from difflib import SequenceMatcher

from django.conf import settings

from articles.importing.service import page_imported
from articles.models import Article
from newsroom.text import HAN

from .models import Assignment

# What headlines are compared on: Chinese characters, letters and digits.
_KEPT = re.compile(rf"[{HAN}A-Za-z0-9]+")


def normalized(text):
    return "".join(_KEPT.findall((text or "").lower()))


def similarity(a, b):
    """How alike two headlines are, 0 to 1: character pairs and longest runs."""
    a, b = normalized(a), normalized(b)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    ratio = SequenceMatcher(None, a, b, autojunk=False).ratio()
    if len(a) < 2 or len(b) < 2:
        return ratio
    pairs_a = [a[i : i + 2] for i in range(len(a) - 1)]
    pairs_b = [b[i : i + 2] for i in range(len(b) - 1)]
    remaining = list(pairs_b)
    shared = 0
    for pair in pairs_a:
        if pair in remaining:
            remaining.remove(pair)
            shared += 1
    dice = 2 * shared / (len(pairs_a) + len(pairs_b))
    return max(ratio, dice)


def _score(assignment, article):
    names = [assignment.title]
    if assignment.article is not None:
        names.append(assignment.article.headline)
    return max(similarity(name, article.headline) for name in names)


def match_print(date, articles=None, by=None):
    """Match the printed stories of ``date`` to its live, unmatched assignments.

    ``articles`` limits the stories considered (those one import created);
    by default every printed story of the day not yet matched. Returns the
    ``(assignment, article, score)`` matches made.
    """
    if articles is None:
        articles = Article.objects.filter(
            print_edition=date,
            print_page__isnull=False,
            printed_assignment__isnull=True,
        ).only("headline", "print_page", "print_edition")
    articles = [a for a in articles if a.print_page is not None and a.pk]
    if not articles:
        return []
    assignments = list(
        Assignment.objects.live()
        .filter(edition__date=date, printed_article__isnull=True)
        .select_related("page", "edition", "article")
    )
    same_page = settings.NEWSROOM_PLANNING_MATCH_SAME_PAGE
    other_page = settings.NEWSROOM_PLANNING_MATCH_OTHER_PAGE
    candidates = []
    for assignment in assignments:
        planned_page = assignment.page.number if assignment.page else None
        for article in articles:
            if assignment.article_id == article.pk:
                # The story's own draft carried to print: it is the match.
                candidates.append((1.0, 1, assignment, article))
                continue
            score = _score(assignment, article)
            on_page = planned_page == article.print_page
            if score >= (same_page if on_page else other_page):
                candidates.append((score, int(on_page), assignment, article))
    # The most alike pairs first; at equal likeness, the planned page.
    candidates.sort(key=lambda c: (c[0], c[1]), reverse=True)
    matched, taken_assignments, taken_articles = [], set(), set()
    for score, _on_page, assignment, article in candidates:
        if assignment.pk in taken_assignments or article.pk in taken_articles:
            continue
        taken_assignments.add(assignment.pk)
        taken_articles.add(article.pk)
        assignment.record_print(article, score, by=by)
        matched.append((assignment, article, score))
    return matched


def match_imported_page(sender, *, result, edition, user=None, **kwargs):
    """Receiver of ``page_imported``: match the stories the import created."""
    created = [
        story.article
        for story in result.stories
        if not story.already_imported and story.article is not None
    ]
    if created:
        match_print(edition, created, by=user)


def connect_receivers():
    page_imported.connect(match_imported_page, dispatch_uid="planning:match-print")
