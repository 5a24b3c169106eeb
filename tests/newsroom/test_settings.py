import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import require_service

ROOT = Path(__file__).resolve().parents[2]


def load_settings(**env):
    """Import the settings in a fresh interpreter with only ``env`` set."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.pop("DATABASE_URL", None)
    clean.pop("CACHE_URL", None)
    script = (
        "from newsroom import settings as s\n"
        "db = s.DATABASES['default']\n"
        "print(s.DEBUG, db['ENGINE'], db['NAME'], s.CACHES['default']['BACKEND'])"
    )
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_secret_key_is_required_when_debug_is_off():
    result = load_settings()
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_debug_defaults_off_and_sqlite_lives_under_var():
    result = load_settings(DJANGO_SECRET_KEY="k")
    debug, engine, name, _cache = result.stdout.split()
    assert debug == "False"
    assert engine == "django.db.backends.sqlite3"
    assert name == str(ROOT / "var" / "newsroom.sqlite3")


def test_local_debug_runs_without_a_secret():
    assert load_settings(DJANGO_DEBUG="1").returncode == 0


def test_database_and_cache_urls_are_read():
    result = load_settings(
        DJANGO_SECRET_KEY="k",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/newsroom",
        CACHE_URL="redis://127.0.0.1:6379/1",
    )
    _debug, engine, name, cache = result.stdout.split()
    assert engine == "django.db.backends.postgresql"
    assert name == "newsroom"
    assert cache == "django_redis.cache.RedisCache"


def test_redis_cache_round_trip(settings):
    require_service("Redis", "127.0.0.1", 6379)
    from django_redis.cache import RedisCache

    cache = RedisCache("redis://127.0.0.1:6379/15", {})
    cache.set("newsroom-test", "植树", 30)
    try:
        assert cache.get("newsroom-test") == "植树"
    finally:
        cache.delete("newsroom-test")


@pytest.mark.django_db
def test_postgresql_is_reachable_for_the_second_ci_run():
    """The CI's second pass runs the whole suite on PostgreSQL; check it is there."""
    require_service("PostgreSQL", "127.0.0.1", 5432)
    import psycopg

    with psycopg.connect("host=127.0.0.1 user=postgres dbname=postgres") as conn:
        assert conn.execute("select 1").fetchone() == (1,)


def test_image_limits_are_read_from_the_environment():
    script = (
        "from newsroom import settings as s\n"
        "print(s.NEWSROOM_IMAGE_MAX_BYTES, s.NEWSROOM_IMAGE_MAX_PIXELS)"
    )
    env = {
        **os.environ,
        "DJANGO_SECRET_KEY": "k",
        "DJANGO_IMAGE_MAX_BYTES": "1048576",
        "DJANGO_IMAGE_MAX_PIXELS": "12000000",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["1048576", "12000000"]


def test_sqlite_files_use_write_ahead_logging(tmp_path):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    script = (
        "import django\n"
        "django.setup()\n"
        "from django.db import connection\n"
        "with connection.cursor() as cursor:\n"
        "    cursor.execute('PRAGMA journal_mode')\n"
        "    print(cursor.fetchone()[0])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SECRET_KEY": "k",
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}",
        },
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.stdout.strip() == "wal", result.stderr


def test_the_replica_keeps_its_connections_when_the_primary_is_pooled():
    from newsroom import databases

    primary = {"default": {"CONN_MAX_AGE": 0, "OPTIONS": {"pool": {"max_size": 4}}}}
    replica = databases.replica("postgres://reader@10.0.0.2:5432/newsroom", primary)
    assert replica["CONN_MAX_AGE"] == 60
    assert replica["CONN_HEALTH_CHECKS"] is True
    assert "pool" not in replica.get("OPTIONS", {})
    assert replica["TEST"] == {"MIRROR": "default"}


@pytest.mark.parametrize(("setting", "threshold"), [(None, 5), ("0", None), ("1", 5)])
def test_postgresql_prepares_the_fixed_queries_unless_told_not_to(
    monkeypatch, setting, threshold
):
    from newsroom import databases

    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/newsroom")
    if setting is None:
        monkeypatch.delenv("DJANGO_DB_PREPARED_STATEMENTS", raising=False)
    else:
        monkeypatch.setenv("DJANGO_DB_PREPARED_STATEMENTS", setting)
    default = databases.from_environment("unused.sqlite3")["default"]
    assert default["OPTIONS"]["prepare_threshold"] == threshold
    replica = databases.replica("postgres://reader@10.0.0.2:5432/newsroom", {})
    assert replica["OPTIONS"]["prepare_threshold"] == threshold


def test_sqlite_has_no_prepared_statement_option(monkeypatch):
    from newsroom import databases

    monkeypatch.delenv("DATABASE_URL", raising=False)
    default = databases.from_environment("unused.sqlite3")["default"]
    assert "prepare_threshold" not in default["OPTIONS"]
