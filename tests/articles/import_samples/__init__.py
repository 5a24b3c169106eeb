"""Sample printed pages for the import tests, and the shared seed page."""

import os
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parent
REPO_ROOT = SAMPLES.parents[2]
# The seed is reference material beside the checkout, not part of it: a clone
# elsewhere has none unless NEWSROOM_SEED_PAGE points at a copy.
DEFAULT_SEED_PAGE = REPO_ROOT.parent / "shared" / "seed" / "000_2b110ad91f95fb21.txt"
SEED_PAGE = Path(os.environ.get("NEWSROOM_SEED_PAGE") or DEFAULT_SEED_PAGE)


def sample_path(name):
    return SAMPLES / name


def sample_text(name):
    return sample_path(name).read_text(encoding="utf-8")


def seed_path():
    """Return the seed page's path.

    A checkout beside the workspace's shared folder, or one told where the
    seed is, must find it: there a missing seed fails. A clone anywhere else
    skips the seed's own tests; our samples cover the same conventions.
    """
    if SEED_PAGE.is_file():
        return SEED_PAGE
    message = f"The seed page is missing: {SEED_PAGE}"
    expected = os.environ.get("NEWSROOM_SEED_PAGE") or SEED_PAGE.parent.is_dir()
    if expected:
        pytest.fail(f"{message}, though {SEED_PAGE.parent} is there.")
    pytest.skip(message)


def seed_text():
    return seed_path().read_text(encoding="utf-8")
