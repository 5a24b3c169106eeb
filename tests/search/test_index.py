from datetime import timedelta

import pytest
import time_machine
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from articles.search import backends
from articles.search.models import SearchDocument
from tests.factories import make_article, make_published_article

pytestmark = pytest.mark.django_db


def test_a_saved_article_is_indexed_with_normalized_text(find):
    article = make_published_article(
        headline="河畔区ＣＢＤ植树", dek="春季义务植树。", body="<p>巡察组到场。</p>"
    )

    document = SearchDocument.objects.get(article=article)
    assert document.headline == "河畔区cbd植树"
    assert document.text == "河畔区cbd植树\n春季义务植树。\n巡察组到场。"
    assert find("巡察") == [article.pk]
    assert find("CBD") == [article.pk]


def test_editing_the_text_replaces_what_is_found(find):
    article = make_published_article(body="<p>开展植树活动。</p>")
    article.body = "<p>开展巡察工作。</p>"
    article.save()

    assert find("巡察") == [article.pk]
    assert find("植树") == []


def test_a_save_that_leaves_the_text_alone_does_not_touch_the_index():
    article = make_published_article()

    with CaptureQueriesContext(connection) as queries:
        article.save(update_fields=["print_page"])
    assert not [q for q in queries if "search_" in q["sql"]]

    with CaptureQueriesContext(connection) as queries:
        article.save()
    # The stored document is read, found equal, and left alone.
    touched = [q["sql"] for q in queries if "search_" in q["sql"]]
    assert len(touched) == 1
    assert touched[0].startswith("SELECT")


@pytest.mark.parametrize(
    "state",
    [
        {"status": Article.Status.DRAFT},
        {"status": Article.Status.SUBMITTED},
        {"status": Article.Status.CHANGES_REQUESTED},
        {"status": Article.Status.UNPUBLISHED},
    ],
    ids=["draft", "submitted", "changes-requested", "unpublished"],
)
def test_readers_never_find_unpublished_stories_but_editors_do(find, find_any, state):
    hidden = make_article(body="<p>网格化治理</p>", **state)
    shown = make_published_article(body="<p>网格化治理</p>")

    assert find("网格化") == [shown.pk]
    assert find_any("网格化") == {hidden.pk, shown.pk}


def test_publishing_and_unpublishing_change_what_readers_find(find):
    article = make_article(body="<p>网格化治理</p>")
    assert find("网格化") == []

    article.status = Article.Status.PUBLISHED
    article.published_at = timezone.now() - timedelta(minutes=1)
    article.save(update_fields=["status", "published_at"])
    assert find("网格化") == [article.pk]

    article.status = Article.Status.UNPUBLISHED
    article.save(update_fields=["status"])
    assert find("网格化") == []


def test_a_scheduled_story_is_found_from_its_time_and_not_before(find):
    when = timezone.now() + timedelta(hours=2)
    article = make_published_article(body="<p>营商环境</p>", published_at=when)

    with time_machine.travel(when - timedelta(seconds=1)):
        assert find("营商环境") == []
    with time_machine.travel(when):
        assert find("营商环境") == [article.pk]


def test_rescheduling_moves_the_story_in_the_order(find):
    now = timezone.now()
    first = make_published_article(body="<p>植树</p>", published_at=now - timedelta(2))
    second = make_published_article(body="<p>植树</p>", published_at=now - timedelta(1))
    assert find("植树") == [second.pk, first.pk]

    first.published_at = now - timedelta(minutes=5)
    first.save(update_fields=["published_at"])

    assert find("植树") == [first.pk, second.pk]


def test_deleting_an_article_removes_it(find_any, indexed):
    article = make_article(body="<p>巡察</p>")
    assert indexed("巡察") == {article.pk}

    article.delete()

    assert find_any("巡察") == set()
    assert indexed("巡察") == set()
    assert not SearchDocument.objects.exists()


def test_deleting_a_queryset_removes_its_articles_only(find_any, indexed):
    gone = [make_article(body="<p>巡察</p>") for _ in range(3)]
    kept = make_article(body="<p>巡察</p>")

    Article.objects.filter(pk__in=[a.pk for a in gone]).delete()

    assert find_any("巡察") == {kept.pk}
    assert indexed("巡察") == {kept.pk}
    assert list(SearchDocument.objects.values_list("pk", flat=True)) == [kept.pk]


def test_queryset_update_of_the_text_reindexes(find_any):
    article = make_article(body="<p>植树</p>")
    other = make_article(body="<p>植树</p>")

    Article.objects.filter(pk=article.pk).update(headline="巡察组进驻")

    assert find_any("巡察") == {article.pk}
    assert find_any("植树") == {article.pk, other.pk}


def test_bulk_create_and_bulk_update_index(find_any):
    created = Article.objects.bulk_create(
        [Article(headline="植树节", slug=f"bulk-{n}") for n in range(3)]
    )
    assert find_any("植树节") == {a.pk for a in created}

    created[0].headline = "巡察"
    Article.objects.bulk_update(created[:1], ["headline"])
    assert find_any("巡察") == {created[0].pk}
    assert find_any("植树节") == {a.pk for a in created[1:]}


def test_the_index_is_written_in_the_articles_transaction(find_any):
    with pytest.raises(RuntimeError), transaction.atomic():
        make_article(body="<p>巡察</p>")
        raise RuntimeError

    assert not Article.objects.exists()
    assert not SearchDocument.objects.exists()
    assert find_any("巡察") == set()


def test_a_failing_index_write_loses_the_save_not_the_old_text(monkeypatch, find_any):
    article = make_article(headline="植树")

    def fail(self, documents):
        raise RuntimeError("index unavailable")

    monkeypatch.setattr(backends.SQLiteBackend, "add", fail)
    monkeypatch.setattr(backends.PostgreSQLBackend, "add", fail)
    article.headline = "巡察"
    with pytest.raises(RuntimeError):
        article.save()
    monkeypatch.undo()

    article.refresh_from_db()
    assert article.headline == "植树"
    assert find_any("植树") == {article.pk}
    assert find_any("巡察") == set()


def test_sort_keys_order_by_time_then_id():
    now = timezone.now()
    assert backends.sort_key(now, 5) < backends.sort_key(now, 6)
    assert backends.sort_key(now, 6) < backends.sort_key(now + timedelta(minutes=1), 5)
    old = backends.sort_key(now.replace(year=1890), 7)
    assert old < backends.sort_key(now, 1)
    assert old & backends.ID_MASK == 7


def test_article_ids_beyond_the_key_range_are_refused():
    now = timezone.now()
    assert backends.sort_key(now, backends.ID_MASK) & backends.ID_MASK == (
        backends.ID_MASK
    )
    with pytest.raises(ValueError):
        backends.sort_key(now, backends.ID_MASK + 1)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite's index holds positions"
)
def test_vectors_written_before_triples_are_recomputed_by_the_migration(find):
    from importlib import import_module
    from types import SimpleNamespace

    from django.apps import apps

    migration = import_module(
        "articles.search.migrations.0004_triples_in_postgresql_vectors"
    )
    article = make_published_article(
        headline="推进网格化管理", body="<p>开展巡察。</p>"
    )
    with connection.cursor() as cursor:
        # As migration 0003 left them: pairs and single characters only.
        cursor.execute(
            "UPDATE search_searchdocument SET vector = "
            "'推进 进网 网格 格化 化管 管理 理 开展 展巡 巡察 察'::tsvector, "
            "headline_vector = '推进 进网 网格 格化 化管 管理 理'::tsvector"
        )
    assert find("网格化") == []

    migration.add_triples(apps, SimpleNamespace(connection=connection))

    assert find("网格化") == [article.pk]
    assert find("展巡察") == [article.pk]
    assert gin_indexes() == set(backends.GIN_INDEXES)


def gin_indexes():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname FROM pg_indexes "
            "WHERE tablename = 'search_searchdocument' AND indexdef LIKE '%%gin%%'"
        )
        return {row[0] for row in cursor.fetchall()}
