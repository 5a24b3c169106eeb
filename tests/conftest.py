import os
import socket

import pytest

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key")


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


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
def one_stage(settings):
    """Review in one stage with no required proofreading: the classic desk."""
    settings.NEWSROOM_REVIEW_STAGES = [{"name": "审核", "group": "editors"}]
    settings.NEWSROOM_REQUIRED_PROOFREADS = 0
