"""The planning calendar: what falls due, runs, lifts or happens, by day and week.

Entries are scheduled and past publications of stories, assignments' due
times, embargoes lifting, and the events stories are planned around, for
the whole desk, one desk or one reporter.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article

from .models import Assignment, Pitch


@dataclass
class Entry:
    at: datetime
    kind: str
    title: str
    url: str
    who: str = ""
    late: bool = False

    KINDS = {
        "due": _("Due"),
        "publication": _("Publication"),
        "scheduled": _("Scheduled"),
        "embargo": _("Embargo lifts"),
        "event": _("Event"),
    }

    @property
    def kind_label(self):
        return self.KINDS[self.kind]


def week_start(day):
    return day - timedelta(days=day.weekday())


def span_days(day, span):
    first = week_start(day) if span == "week" else day
    return [first + timedelta(days=n) for n in range(7 if span == "week" else 1)]


def _bounds(days):
    start = timezone.make_aware(datetime.combine(days[0], time.min))
    end = timezone.make_aware(datetime.combine(days[-1] + timedelta(days=1), time.min))
    return start, end


def _names(obj):
    return "、".join(r.name for r in obj.people())


def read_agenda(user, days, *, department=None, reporter=None, now=None):
    """Return ``{day: [Entry, …]}`` for ``days``, each day's entries by time."""
    now = now or timezone.now()
    start, end = _bounds(days)
    assignments = Assignment.objects.live().prefetch_related(
        "reporters", "photographers"
    )
    articles = Article.objects.visible_to(user).filter(status=Article.Status.PUBLISHED)
    pitches = (
        Pitch.objects.visible_to(user)
        .open()
        .prefetch_related("reporters", "photographers")
    )
    if department is not None:
        assignments = assignments.filter(department=department)
        articles = articles.filter(department=department)
        pitches = pitches.filter(department=department)
    if reporter is not None:
        assignments = assignments.of_reporter(reporter)
        articles = articles.by_reporter(reporter)
        pitches = pitches.filter(
            Q(reporters=reporter) | Q(photographers=reporter)
        ).distinct()
    entries = []
    for a in assignments.filter(due_at__gte=start, due_at__lt=end).select_related(
        "article"
    ):
        filed = a.article is not None and a.article.status not in (
            Article.Status.DRAFT,
            Article.Status.CHANGES_REQUESTED,
        )
        entries.append(
            Entry(
                a.due_at,
                "due",
                a.title,
                _change_url("assignment", a.pk),
                _names(a),
                late=not filed and a.due_at < now,
            )
        )
    for a in assignments.filter(embargo_until__gte=start, embargo_until__lt=end):
        entries.append(
            Entry(
                a.embargo_until,
                "embargo",
                a.title,
                _change_url("assignment", a.pk),
                _names(a),
            )
        )
    for obj in [
        *assignments.filter(event_at__gte=start, event_at__lt=end),
        *pitches.filter(event_at__gte=start, event_at__lt=end),
    ]:
        kind = "assignment" if isinstance(obj, Assignment) else "pitch"
        place = f" · {obj.event_place}" if obj.event_place else ""
        entries.append(
            Entry(
                obj.event_at,
                "event",
                obj.title + place,
                _change_url(kind, obj.pk),
                _names(obj),
            )
        )
    for article in articles.filter(published_at__gte=start, published_at__lt=end).only(
        "headline", "published_at", "status"
    ):
        entries.append(
            Entry(
                article.published_at,
                "scheduled" if article.published_at > now else "publication",
                article.headline,
                reverse("admin:articles_article_change", args=[article.pk]),
            )
        )
    by_day = {day: [] for day in days}
    for entry in sorted(entries, key=lambda e: (e.at, e.kind, e.title)):
        by_day[timezone.localtime(entry.at).date()].append(entry)
    return by_day


def _change_url(model, pk):
    return reverse(f"admin:planning_{model}_change", args=[pk])
