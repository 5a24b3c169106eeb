from datetime import timedelta

import pytest
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from articles.models.page_queries import (
    NEXT_SCHEDULED,
    PUBLISHED_BY_SLUG,
    latest_summaries,
    side_lists,
)
from newsroom.prepared import Param, PreparedQuery
from tests.factories import make_article, make_department, make_published_article

pytestmark = pytest.mark.django_db


def _ids(stories):
    return [story.pk for story in stories]


def test_a_prepared_query_gives_what_its_queryset_gives():
    desk = make_department()
    for n in range(4):
        make_published_article(
            department=desk if n % 2 else None,
            published_at=timezone.now() - timedelta(hours=n),
        )

    def build():
        return (
            Article.objects.published()
            .filter(department_id=Param("desk", models.IntegerField()))
            .newest_first()
            .only("headline", "slug", "published_at", "department_id")
        )

    prepared = PreparedQuery(build)
    expected = list(
        Article.objects.published()
        .filter(department=desk)
        .newest_first()
        .only("headline", "slug", "published_at", "department_id")
    )
    got = prepared.fetch(desk=desk.pk)
    assert _ids(got) == _ids(expected) and len(got) == 2
    first = got[0]
    assert first.headline == expected[0].headline
    assert first.published_at == expected[0].published_at  # converted, aware
    assert first._state.adding is False and first._state.db == "default"
    assert first.get_deferred_fields() == expected[0].get_deferred_fields()


def test_each_run_takes_its_own_values_and_one_query():
    one, two = make_published_article(slug="one"), make_published_article(slug="two")
    assert _ids(PUBLISHED_BY_SLUG.fetch(slug="one")) == [one.pk]
    with CaptureQueriesContext(connection) as queries:
        assert _ids(PUBLISHED_BY_SLUG.fetch(slug="two")) == [two.pk]
    assert len(queries) == 1
    assert PUBLISHED_BY_SLUG.fetch(slug="three") == []


def test_the_time_now_is_read_when_the_query_runs_not_when_it_was_compiled():
    soon = make_article(
        slug="soon",
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() + timedelta(minutes=5),
    )
    # Compiled while the story is still scheduled.
    assert PUBLISHED_BY_SLUG.fetch(slug="soon") == []
    assert NEXT_SCHEDULED.fetch() == [soon.published_at]
    later = timezone.now() + timedelta(minutes=10)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: later)
        assert _ids(PUBLISHED_BY_SLUG.fetch(slug="soon")) == [soon.pk]
        assert NEXT_SCHEDULED.fetch() == []


def test_values_list_queries_give_tuples_and_flat_ones_values():
    story = make_published_article(headline="河堤")
    tuples = PreparedQuery(lambda: Article.objects.values_list("pk", "headline"))
    flat = PreparedQuery(lambda: Article.objects.values_list("headline", flat=True))
    assert tuples.fetch() == [(story.pk, "河堤")]
    assert flat.fetch() == ["河堤"]


@pytest.mark.parametrize(
    "build",
    [
        lambda: Article.objects.select_related("department"),
        lambda: Article.objects.annotate(n=models.Count("bylines")),
        lambda: Article.objects.prefetch_related("photos"),
        lambda: Article.objects.values("pk"),
    ],
)
def test_what_it_cannot_turn_back_into_rows_is_refused(build):
    make_published_article()
    with pytest.raises(TypeError):
        PreparedQuery(build).fetch()


def test_a_param_outside_a_prepared_query_is_an_error_not_a_silent_value():
    with pytest.raises(TypeError, match="PreparedQuery"):
        list(Article.objects.filter(pk=Param("story", models.IntegerField())))


def test_latest_and_side_lists_match_the_querysets_they_replace():
    desk, other = make_department(), make_department()
    now = timezone.now()
    stories = [
        make_published_article(
            department=desk if n % 3 == 0 else other,
            published_at=now - timedelta(minutes=n),
        )
        for n in range(12)
    ]
    newest = list(
        Article.objects.published().summaries().newest_first().values_list("pk")[:5]
    )
    assert _ids(latest_summaries(5).fetch()) == [pk for (pk,) in newest]
    story = stories[3]
    most_recent, desk_latest = side_lists(story, 3)
    others = Article.objects.published().exclude(pk=story.pk).newest_first()
    assert _ids(most_recent) == _ids(others[:3])
    assert _ids(desk_latest) == _ids(others.filter(department=desk)[:3])
    assert story.pk not in _ids(most_recent) + _ids(desk_latest)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="server-side statements: PostgreSQL"
)
def test_on_postgresql_a_query_run_often_is_prepared_on_the_server():
    make_published_article(slug="often")
    for _ in range(8):
        assert len(PUBLISHED_BY_SLUG.fetch(slug="often")) == 1
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_prepared_statements "
            "WHERE statement LIKE %s AND NOT from_sql",
            ["%articles_article%slug%"],
        )
        (prepared,) = cursor.fetchone()
    assert prepared >= 1
    # Other queries keep binding on the client and are never prepared.
    for _ in range(8):
        list(Article.objects.filter(slug="often"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements")
        assert cursor.fetchone()[0] == prepared
