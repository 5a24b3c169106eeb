import runpy
from pathlib import Path

from django.db import connections
from django.template import engines

from newsroom.warmup import warm_up

ROOT = Path(__file__).resolve().parents[2]


def test_the_templates_are_compiled_before_any_request():
    jinja = engines["jinja2"]
    jinja.env.cache.clear()

    compiled = warm_up()

    kept = {name for _loader, name in jinja.env.cache}
    assert {"base.html", "articles/article_detail.html", "404.html"} <= kept
    assert compiled > len(kept)  # the admin's Django templates too


def test_the_warm_up_opens_no_connection():
    # The master's connections would be shared by every worker it forks.
    for connection in connections.all():
        connection.close()
    warm_up()
    assert all(c.connection is None for c in connections.all())


def test_gunicorn_loads_once_warms_up_and_rarely_replaces_workers(monkeypatch):
    monkeypatch.delenv("GUNICORN_MAX_REQUESTS", raising=False)
    config = runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))
    assert config["preload_app"] is True
    assert config["max_requests"] >= 50_000
    assert callable(config["when_ready"])

    monkeypatch.setenv("GUNICORN_MAX_REQUESTS", "0")
    assert (
        runpy.run_path(str(ROOT / "deploy" / "gunicorn.conf.py"))["max_requests"] == 0
    )
