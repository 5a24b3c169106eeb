import os
import socket
from datetime import datetime, time
from pathlib import Path

import pytest

# The Chromium fixture every browser test uses.
from tests.browser import browser  # noqa: F401

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key")

VAR = Path(__file__).resolve().parent.parent / "var"


@pytest.fixture(scope="session")
def django_db_modify_db_settings():
    """Test on a SQLite file, as the site runs: in memory, SQLite shares one
    cache between connections and locks whole tables instead of using WAL."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        VAR.mkdir(exist_ok=True)
        database.setdefault("TEST", {})["NAME"] = str(VAR / "test.sqlite3")


@pytest.fixture(scope="session")
def django_db_keepdb():
    """Always start from a freshly migrated database: transactional tests
    flush it as they end, so a kept one would start the next run without the
    groups and rows that migrations create."""
    return False


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _static_files_without_a_manifest(settings):
    """Tests render pages without running collectstatic first; the hashed,
    compressed storage is tested on its own (tests/newsroom/test_serving.py)."""
    # WhiteNoise serves from STATIC_ROOT, and warns when there is none yet.
    settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _locmem_email(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def service_available(host, port):
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def require_service(name, host, port):
    """Skip a test whose service is missing, except under CI, where it fails."""
    if service_available(host, port):
        return
    message = f"{name} is not reachable on {host}:{port}"
    if os.environ.get("CI"):
        pytest.fail(f"{message}, and CI requires it.")
    pytest.skip(message)


@pytest.fixture(autouse=True)
def _empty_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def at_noon():
    """Stop the clock at today's local noon, far from the midnight at which
    public pages end with the day and their max-age shrinks to meet it."""
    import time_machine
    from django.utils import timezone

    noon = datetime.combine(timezone.localdate(), time(12))
    with time_machine.travel(timezone.make_aware(noon), tick=False):
        yield


@pytest.fixture
def one_stage(settings):
    """Review in one stage with no required proofreading: the classic desk."""
    settings.NEWSROOM_REVIEW_STAGES = [{"name": "审核", "group": "editors"}]
    settings.NEWSROOM_REQUIRED_PROOFREADS = 0
