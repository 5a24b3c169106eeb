from django import template
from django.core.cache import cache
from django.db.models import Count, Prefetch

from articles.models import Article, ArticleEvent
from articles.workflow import Action

register = template.Library()

QUEUE_LIMIT = 200
STATE_COUNTS_KEY = "articles:desk:state-counts"


def state_counts():
    """Counts by state, cached briefly: a desk needs the shape, not the last row."""
    counts = cache.get(STATE_COUNTS_KEY)
    if counts is None:
        rows = Article.objects.values("status").annotate(n=Count("pk"))
        by_status = {row["status"]: row["n"] for row in rows}
        counts = [
            (value, label, by_status.get(value, 0))
            for value, label in Article.Status.choices
        ]
        counts.append(("scheduled", None, Article.objects.scheduled().count()))
        cache.set(STATE_COUNTS_KEY, counts, 30)
    return counts


@register.simple_tag(takes_context=True)
def editorial_desk(context):
    """Return what the signed-in person should act on next."""
    user = context["request"].user
    reviewer = user.is_superuser or user.has_perm("articles.review_article")
    desk = {"is_reviewer": reviewer}
    if reviewer:
        signatures = Prefetch(
            "events",
            queryset=ArticleEvent.objects.filter(action=Action.SIGN)
            .select_related("actor")
            .order_by("created_at"),
            to_attr="signature_events",
        )
        submitted = (
            Article.objects.in_review()
            .select_related("department", "created_by")
            .prefetch_related("bylines__reporter", signatures)
            .order_by("submitted_at", "pk")[:QUEUE_LIMIT]
        )
        queue = []
        for article in submitted:
            if article.may_review(user):
                article.opinions = [
                    e
                    for e in article.signature_events
                    if e.round == article.review_round
                ]
                queue.append(article)
        desk["queue"] = queue
        desk["scheduled"] = list(
            Article.objects.scheduled()
            .select_related("department")
            .order_by("published_at")[:20]
        )
        desk["counts"] = state_counts()
    mine = Article.objects.visible_to(user)
    if not reviewer:
        desk["drafts"] = list(
            mine.filter(status=Article.Status.DRAFT).order_by("-updated_at")[:20]
        )
        returned = list(
            mine.filter(status=Article.Status.CHANGES_REQUESTED)
            .prefetch_related(
                Prefetch(
                    "events",
                    queryset=ArticleEvent.objects.filter(
                        action=Action.REQUEST_CHANGES
                    ).order_by("-created_at"),
                    to_attr="change_requests",
                )
            )
            .order_by("-status_changed_at")[:20]
        )
        for article in returned:
            article.last_request = (article.change_requests or [None])[0]
        desk["returned"] = returned
        desk["in_review"] = list(mine.in_review().order_by("submitted_at")[:20])
    return desk
