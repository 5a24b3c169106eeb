from django import template
from django.db.models import Count, F, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article, ArticleEvent, ProofreadingPass
from articles.presence import others_editing
from articles.workflow import Action, required_proofreads
from articles.workflow.policy import is_proofreader

register = template.Library()

QUEUE_LIMIT = 200


def state_counts():
    """Count stories by state as the list's state filter selects them.

    Counted when asked, in one query over the status index, so the counts
    and the list they link to always agree; a scheduled story counts as
    scheduled, not as published.
    """
    published = Article.Status.PUBLISHED
    future = Q(status=published, published_at__gt=timezone.now())
    rows = (
        Article.objects.order_by()
        .values("status")
        .annotate(n=Count("pk"), scheduled=Count("pk", filter=future))
    )
    by_status = {row["status"]: row for row in rows}
    scheduled = by_status.get(published, {}).get("scheduled", 0)
    counts = []
    for value, label in Article.Status.choices:
        count = by_status.get(value, {}).get("n", 0)
        if value == published:
            count -= scheduled
        counts.append((value, label, count))
    counts.append(("scheduled", _("Scheduled"), scheduled))
    return counts


def proofreading_queue(user):
    """Stories in review whose passes are not all recorded, that ``user`` may
    proofread now: 待校对, oldest submission first."""
    this_round = Q(proofreading_passes__round=F("review_round"))
    stories = (
        Article.objects.in_review()
        .annotate(passes_done=Count("proofreading_passes", filter=this_round))
        .filter(passes_done__lt=required_proofreads())
        .select_related("department")
        .prefetch_related(
            "bylines__reporter",
            Prefetch(
                "proofreading_passes",
                queryset=ProofreadingPass.objects.select_related(
                    "proofreader__reporter"
                ),
                to_attr="round_passes",
            ),
        )
        .order_by("submitted_at", "pk")[:QUEUE_LIMIT]
    )
    return [story for story in stories if story.proofreading_refusal(user) is None]


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
            .select_related("actor__reporter")
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
        desk["queue"] = others_editing(queue, user)
        desk["scheduled"] = list(
            Article.objects.scheduled()
            .select_related("department")
            .order_by("published_at")[:20]
        )
        desk["counts"] = state_counts()
        if is_proofreader(user) and required_proofreads():
            desk["proofreading"] = others_editing(proofreading_queue(user), user)
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
        desk["returned"] = others_editing(returned, user)
        others_editing(desk["drafts"], user)
        desk["in_review"] = others_editing(
            list(mine.in_review().order_by("submitted_at")[:20]), user
        )
    return desk
