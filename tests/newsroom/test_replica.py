"""The read replica: which requests read from it, pinning, and falling back.

The tests add a ``replica`` alias the way the settings do for
``DATABASE_REPLICA_URL``: one pointing at the test database itself (as a
mirror would), or at a port where nothing listens. A real streaming replica
is tested by ``make cluster-test`` (deploy/cluster_test.py).
"""

import logging

import pytest
from django.db import connections
from django.test import Client

from articles.models import Article
from newsroom import replica
from tests.factories import make_published_article, make_user

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


def add_alias(**changes):
    settings_dict = {
        **connections["default"].settings_dict,
        "TEST": {"MIRROR": "default"},
        **changes,
    }
    # As newsroom/databases.py makes it: the primary's pool is its own.
    options = dict(settings_dict.get("OPTIONS", {}))
    options.pop("pool", None)
    settings_dict["OPTIONS"] = options
    connections.settings[replica.REPLICA] = settings_dict
    return settings_dict


@pytest.fixture(scope="module", autouse=True)
def _replica_alias(django_db_setup):
    # Module-scoped, so the alias exists before the test case checks that
    # every database it names is configured.
    add_alias()
    yield
    replica.close_replica()
    del connections[replica.REPLICA]
    del connections.settings[replica.REPLICA]


@pytest.fixture
def with_replica(settings):
    """Route through the replica alias; yields a function to repoint it."""
    settings.DATABASE_ROUTERS = ["newsroom.replica.ReplicaRouter"]
    settings.NEWSROOM_REPLICA_CHECK_SECONDS = 0
    replica.state.reset()

    def repoint(**changes):
        replica.close_replica()
        del connections[replica.REPLICA]
        add_alias(**changes)

    yield repoint
    replica.close_replica()
    del connections[replica.REPLICA]
    add_alias()
    replica.state.reset()


def queries_on(alias):
    return [q["sql"] for q in connections[alias].queries]


@pytest.fixture
def count_queries(settings):
    settings.DEBUG = True
    for alias in connections:
        connections[alias].queries_log.clear()


def test_router_reads_where_the_request_says_and_writes_to_the_primary(
    with_replica,
):
    router = replica.ReplicaRouter()
    assert router.db_for_read(Article) == "default"
    token = replica._reads_from.set(replica.REPLICA)
    wrote = replica._wrote.set(False)
    try:
        assert router.db_for_read(Article) == "replica"
        assert router.db_for_write(Article) == "default"
        # Having written, the request reads its own write from the primary.
        assert router.db_for_read(Article) == "default"
    finally:
        replica._reads_from.reset(token)
        replica._wrote.reset(wrote)
    assert router.allow_migrate("replica", "articles") is False
    assert router.allow_migrate("default", "articles") is True


def test_anonymous_public_pages_read_from_the_replica(
    with_replica, count_queries, client
):
    story = make_published_article(headline="区图书馆延长开放时间")
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    assert "区图书馆延长开放时间" in response.content.decode()
    assert any("articles_article" in sql for sql in queries_on("replica"))
    assert not any("articles_article" in sql for sql in queries_on("default"))
    assert replica.PIN_COOKIE not in response.cookies


@pytest.mark.parametrize(
    "path", ["/feed.rss", "/sitemap.xml", "/search/?q=图书馆", "/latest/"]
)
def test_feeds_sitemaps_and_search_read_from_the_replica(
    with_replica, count_queries, client, path
):
    make_published_article(headline="图书馆")
    assert client.get(path).status_code == 200
    assert queries_on("replica")


def test_the_admin_and_signed_in_staff_read_from_the_primary(
    with_replica, count_queries, client
):
    story = make_published_article()
    user = make_user(is_superuser=True, is_staff=True)
    client.force_login(user)
    for alias in connections:
        connections[alias].queries_log.clear()
    assert client.get("/admin/").status_code == 200
    assert client.get(story.get_absolute_url()).status_code == 200
    assert queries_on("default")
    assert not queries_on("replica")


def test_a_write_pins_the_browser_to_the_primary_for_a_few_seconds(
    with_replica, count_queries, settings
):
    settings.NEWSROOM_REPLICA_PIN_SECONDS = 7
    client = Client(enforce_csrf_checks=False)
    # Any unsafe request, here a wrong password, pins.
    response = client.post("/admin/login/", {"username": "x", "password": "y"})
    cookie = response.cookies[replica.PIN_COOKIE]
    assert cookie["max-age"] == 7
    assert cookie["httponly"]
    story = make_published_article()
    for alias in connections:
        connections[alias].queries_log.clear()
    assert client.get(story.get_absolute_url()).status_code == 200
    assert not queries_on("replica")
    # Once the cookie is gone, reads go back to the replica.
    client.cookies.pop(replica.PIN_COOKIE)
    assert client.get("/latest/").status_code == 200
    assert queries_on("replica")


def test_an_unreachable_replica_sends_reads_to_the_primary_with_a_log_line(
    with_replica, count_queries, client, caplog
):
    # Port 9 (discard) has no PostgreSQL or SQLite behind it.
    if connections["default"].vendor == "postgresql":
        with_replica(HOST="127.0.0.1", PORT="9")
    else:
        with_replica(NAME="/nonexistent/dir/replica.sqlite3")
    story = make_published_article(headline="主副本切换")
    with caplog.at_level(logging.WARNING, logger="newsroom.replica"):
        first = client.get(story.get_absolute_url())
        second = client.get("/latest/")
    assert first.status_code == 200 and second.status_code == 200
    assert "主副本切换" in first.content.decode()
    warnings = [r.getMessage() for r in caplog.records]
    assert len(warnings) == 1, warnings
    assert "reading from the primary" in warnings[0]


def test_a_lagging_replica_is_left_alone_until_it_catches_up(
    with_replica, count_queries, client, settings, monkeypatch, caplog
):
    settings.NEWSROOM_REPLICA_MAX_LAG = 2
    lag = {"seconds": 30.0}
    monkeypatch.setattr(replica, "measure_lag", lambda: lag["seconds"])
    make_published_article()
    with caplog.at_level(logging.WARNING, logger="newsroom.replica"):
        assert client.get("/latest/").status_code == 200
        assert not queries_on("replica")
        lag["seconds"] = 0.1
        # Another page: /latest/ is in the page cache now.
        assert client.get("/feed.rss").status_code == 200
    assert queries_on("replica")
    messages = [r.getMessage() for r in caplog.records]
    assert "replay lags 30.0 s" in messages[0]
    assert "back in use" in messages[1]


def test_the_lag_is_measured_at_most_every_few_seconds(
    with_replica, client, settings, monkeypatch
):
    settings.NEWSROOM_REPLICA_CHECK_SECONDS = 60
    calls = []
    monkeypatch.setattr(replica, "measure_lag", lambda: calls.append(1) or 0.0)
    make_published_article()
    for _ in range(5):
        assert client.get("/latest/").status_code == 200
    assert len(calls) == 1


def test_a_replica_failing_mid_request_costs_the_reader_nothing(
    with_replica, client, monkeypatch, caplog
):
    story = make_published_article(headline="断线重试")
    # The replica passes its check, then goes away before the page is read.
    monkeypatch.setattr(replica, "measure_lag", lambda: 0.0)
    if connections["default"].vendor == "postgresql":
        with_replica(HOST="127.0.0.1", PORT="9")
    else:
        with_replica(NAME="/nonexistent/dir/replica.sqlite3")
    with caplog.at_level(logging.WARNING, logger="newsroom.replica"):
        response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    assert "断线重试" in response.content.decode()
    assert "a query failed" in caplog.records[0].getMessage()


def test_readiness_does_not_depend_on_the_replica(with_replica, client):
    with_replica(NAME="/nonexistent/dir/replica.sqlite3", HOST="127.0.0.1", PORT="9")
    response = client.get("/readyz")
    assert response.json()["database"] == "ok"


def test_waiting_for_the_replica_returns_at_once_when_it_has_everything(
    with_replica,
):
    make_published_article()
    assert replica.wait_for_replica(timeout=1) is True
