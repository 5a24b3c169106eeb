import os
import re
import socket
from datetime import datetime, time
from pathlib import Path

import pytest

# The Chromium fixture every browser test uses.
from tests.browser import browser  # noqa: F401

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key")

VAR = Path(__file__).resolve().parent.parent / "var"


def xdist_worker(config):
    """The pytest-xdist worker running this process ("gw0"…), or None."""
    return getattr(config, "workerinput", {}).get("workerid")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(request):
    """Test on a SQLite file, as the site runs: in memory, SQLite shares one
    cache between connections and locks whole tables instead of using WAL.
    Under pytest-xdist each worker has its own database."""
    from django.conf import settings

    worker = xdist_worker(request.config)
    suffix = f"_{worker}" if worker else ""
    for database in settings.DATABASES.values():
        test = database.setdefault("TEST", {})
        if database["ENGINE"] == "django.db.backends.sqlite3":
            VAR.mkdir(exist_ok=True)
            test["NAME"] = str(VAR / f"test{suffix}.sqlite3")
        elif worker and not test.get("MIRROR"):
            test["NAME"] = f"{test.get('NAME') or 'test_' + database['NAME']}{suffix}"


@pytest.fixture(scope="session", autouse=True)
def _redis_database_per_worker(request):
    """Give each xdist worker its own Redis database: tests empty the cache
    (FLUSHDB), which must not empty another worker's in the middle of a test."""
    from django.conf import settings
    from django.test import override_settings

    worker = xdist_worker(request.config)
    default = settings.CACHES["default"]
    if not worker or not default["BACKEND"].startswith("django_redis"):
        yield
        return
    # Databases 8 and up: tests of their own use 1 and 15.
    number = 8 + int(worker.removeprefix("gw")) % 7
    location = re.sub(r"(/\d+)?$", f"/{number}", default["LOCATION"], count=1)
    with override_settings(
        CACHES={**settings.CACHES, "default": {**default, "LOCATION": location}}
    ):
        yield


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
def _imports_at_full_priority(settings):
    # A test process lowered by one import would stay lowered for the rest.
    settings.NEWSROOM_IMPORT_NICENESS = 0


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
def _default_language():
    """Start each test in the site's language: a request in English leaves
    English active in its thread (LocaleMiddleware never deactivates), and
    under pytest-xdist the next test in that worker can be anyone's."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


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
