"""The fixed queries of the public pages, compiled once per process.

Each is a ``PreparedQuery`` (newsroom/prepared.py): the same queryset the
page would build, with the story, desk or slug as parameters, so a request
runs SQL it did not have to build. What they read and how they order it is
decided here, once, for every page that shows it.
"""

import functools
import operator

from django.db import connections, models
from django.db.models import Exists, OuterRef, Q, Subquery

from newsroom.prepared import Param, PreparedQuery
from staff.models import Department

from .article import Article
from .parts import TaggedArticle
from .queries import SUMMARY_FIELDS

# Every story here is published, so its address comes from published_at
# alone (Article.get_absolute_url()); created_at would be one more column
# to convert on each row.
HEADLINE_FIELDS = ("headline", "slug", "published_at")

# Related stories are prepared for up to this many tags; a story with more
# builds its query each time.
MOST_TAGS_PREPARED = 12


def _story():
    return Param("story", models.IntegerField())


def _desk():
    return Param("desk", models.IntegerField())


def _compound_slicing():
    features = connections[Article.objects.db].features
    return features.supports_slicing_ordering_in_compound


DEPARTMENTS = PreparedQuery(lambda: Department.objects.all())

PUBLISHED_BY_SLUG = PreparedQuery(
    lambda: Article.objects.published().filter(slug=Param("slug", models.CharField()))[
        :2
    ]
)

NEXT_SCHEDULED = PreparedQuery(
    lambda: (
        Article.objects.scheduled()
        .order_by("published_at")
        .values_list("published_at", flat=True)[:1]
    )
)


@functools.lru_cache(maxsize=8)
def latest_summaries(count):
    return PreparedQuery(
        lambda: (
            Article.objects.published()
            .only(*SUMMARY_FIELDS, "parts")
            .newest_first()[:count]
        )
    )


def _side_lists(size, with_desk):
    others = Article.objects.published().exclude(pk=_story()).newest_first()
    newest = others.values("pk")[:size]
    if not with_desk:
        wanted = Q(pk__in=newest)
    else:
        desk = others.in_department(_desk()).values("pk")[:size]
        if _compound_slicing():
            # PostgreSQL reads the whole table for an OR of two IN lists; one
            # IN over their UNION ALL is two short index walks.
            wanted = Q(pk__in=newest.union(desk, all=True))
        else:
            wanted = Q(pk__in=newest) | Q(pk__in=desk)
    return (
        Article.objects.filter(wanted)
        .newest_first()
        .only(*HEADLINE_FIELDS, "department_id")
    )


@functools.lru_cache(maxsize=8)
def side_lists_query(size, with_desk):
    return PreparedQuery(lambda: _side_lists(size, with_desk))


def side_lists(story, size):
    """Return the newest stories and the newest of ``story``'s desk, in one query.

    The union of both lists holds the newest ``size`` of all and of the
    desk, so each is the head of its part of the union.
    """
    with_desk = story.department_id is not None
    stories = side_lists_query(size, with_desk).fetch(
        story=story.pk, desk=story.department_id
    )
    if not with_desk:
        return stories[:size], []
    desk = [s for s in stories if s.department_id == story.department_id]
    return stories[:size], desk[:size]


def _related(limit, tag_ids, with_desk, story=None, desk=None):
    stories = (
        Article.objects.published()
        .exclude(pk=_story() if story is None else story)
        .newest_first()
        .only(*HEADLINE_FIELDS)
    )
    desk = _desk() if desk is None else desk
    if not tag_ids:
        return stories.filter(department_id=desk)[:limit]
    # An OR of equalities, not IN: the tags may be parameters, which IN on a
    # relation does not take.
    any_tag = functools.reduce(operator.or_, (Q(tag_id=tag) for tag in tag_ids))
    same_tags = Q(
        Exists(TaggedArticle.objects.filter(any_tag, content_object=OuterRef("pk")))
    )
    if not with_desk:
        return stories.filter(same_tags)[:limit]
    same_desk = Q(department_id=desk)
    if not _compound_slicing():
        return stories.filter(same_tags | same_desk)[:limit]
    # PostgreSQL turns an EXISTS inside OR into a hash of every story with the
    # tag (25,000 of 100,000 in the benchmark, 8 ms); each half on its own
    # stops at its fifth story.
    return (
        stories.filter(same_tags)[:limit]
        .union(stories.filter(same_desk)[:limit])
        .order_by("-published_at", "-pk")[:limit]
    )


@functools.lru_cache(maxsize=64)
def related_query(limit, tag_count, with_desk):
    tags = [Param(f"tag{n}", models.IntegerField()) for n in range(tag_count)]
    return PreparedQuery(lambda: _related(limit, tags, with_desk))


def related_stories(story, tag_ids, limit):
    """Published stories sharing a tag with ``story``, else from its desk."""
    with_desk = story.department_id is not None
    if not tag_ids and not with_desk:
        return []
    values = {"story": story.pk, "desk": story.department_id}
    if len(tag_ids) > MOST_TAGS_PREPARED:
        return list(_related(limit, tag_ids, with_desk, story.pk, story.department_id))
    values.update({f"tag{n}": tag_id for n, tag_id in enumerate(tag_ids)})
    return related_query(limit, len(tag_ids), with_desk).fetch(**values)


@functools.lru_cache(maxsize=32)
def desk_blocks_query(department_ids, per_department):
    """Return the query for each desk's newest published stories.

    For each desk, its n-th newest story is one index lookup; asking for the
    first, second… of every desk reads a few rows per desk, where a window
    over the desks' stories would number the whole archive. The lookups are
    one UNION ALL the stories are read by: PostgreSQL read the whole table
    for an OR of IN lists (0.2 s at 100,000 stories, 0.3 ms this way).
    """

    def build():
        newest = (
            Article.objects.published()
            .filter(department_id=OuterRef("pk"))
            .newest_first()
            .values("pk")
        )
        desks = Department.objects.filter(pk__in=department_ids).order_by()
        nth_newest = [
            desks.annotate(story=Subquery(newest[n : n + 1])).values("story")
            for n in range(per_department)
        ]
        return (
            Article.objects.filter(
                pk__in=nth_newest[0].union(*nth_newest[1:], all=True)
            )
            .only(*HEADLINE_FIELDS, "department_id")
            .order_by()
        )

    return PreparedQuery(build)


def top_per_department(departments, per_department):
    """Return each desk's newest published stories, headlines and dates only,
    newest first, in one query."""
    if not departments:
        return []
    query = desk_blocks_query(tuple(d.pk for d in departments), per_department)
    stories = query.fetch()
    return sorted(stories, key=lambda a: (a.published_at, a.pk), reverse=True)
