from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from articles.search import backends
from articles.search.backends import get_backend
from articles.search.models import SearchDocument
from tests.factories import make_article, make_published_article

pytestmark = pytest.mark.django_db


def rebuild(*args):
    out = StringIO()
    call_command("rebuild_search_index", *args, stdout=out)
    return out.getvalue()


def test_rebuild_restores_a_lost_index(find, find_any):
    published = make_published_article(headline="巡察")
    draft = make_article(headline="巡察组")
    get_backend().clear()
    SearchDocument.objects.all().delete()
    assert find_any("巡察") == set()

    output = rebuild("--batch-size", "1")

    assert find("巡察") == [published.pk]
    assert find_any("巡察") == {published.pk, draft.pk}
    assert SearchDocument.objects.count() == 2
    assert "Indexed 2 articles" in output


def test_rebuild_draws_a_progress_bar_per_batch():
    for _ in range(5):
        make_article()

    output = rebuild("--batch-size", "2")

    frames = output.split("\r")[1:]
    assert [frame.split("] ")[1].split(" ")[0] for frame in frames] == [
        "2/5",
        "4/5",
        "5/5",
    ]
    assert frames[-1].startswith("[" + "#" * 30 + "]")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="GIN indexes")
def test_a_rebuild_builds_the_gin_indexes_again_at_its_end(find):
    from tests.search.test_index import gin_indexes

    article = make_published_article(headline="网格化管理")
    get_backend().clear()
    assert gin_indexes() == set()
    assert find("网格化") == [article.pk]

    rebuild()

    assert gin_indexes() == set(backends.GIN_INDEXES)
    assert find("网格化") == [article.pk]


def test_rebuild_is_idempotent(find_any):
    article = make_article(headline="植树")

    rebuild()
    rebuild()

    assert find_any("植树") == {article.pk}
    assert SearchDocument.objects.count() == 1


def test_rebuild_of_an_empty_archive():
    assert "Indexed 0 articles" in rebuild()


def test_no_progress_option_prints_only_the_summary():
    make_article()
    output = rebuild("--no-progress")
    assert "\r" not in output
    assert "Indexed 1 article in" in output


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--batch-size", "0"], "at least 1"), (["--database", "nope"], "Unknown")],
)
def test_bad_arguments_are_refused(args, message):
    with pytest.raises(CommandError, match=message):
        rebuild(*args)


def gin_options():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reloptions FROM pg_class WHERE relname = ANY(%s)",
            [list(backends.GIN_INDEXES)],
        )
        return dict(cursor.fetchall())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="GIN indexes")
def test_the_gin_indexes_keep_no_pending_list_from_migration_or_rebuild():
    # A pending list is read in full by every search until a vacuum empties it.
    migrated = gin_options()
    assert set(migrated) == set(backends.GIN_INDEXES)
    assert all("fastupdate=off" in (options or []) for options in migrated.values())

    make_published_article(headline="网格化管理")
    rebuild()

    rebuilt = gin_options()
    assert all("fastupdate=off" in (options or []) for options in rebuilt.values())
