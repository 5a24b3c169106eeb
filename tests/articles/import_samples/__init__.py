"""Sample printed pages for the import tests, and the shared seed page."""

import os
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parent
REPO_ROOT = SAMPLES.parents[2]
SEED_PAGE = REPO_ROOT.parent / "shared" / "seed" / "000_2b110ad91f95fb21.txt"


def sample_path(name):
    return SAMPLES / name


def sample_text(name):
    return sample_path(name).read_text(encoding="utf-8")


def seed_path():
    """Return the seed page's path; skip without it, except under CI."""
    if not SEED_PAGE.is_file():
        message = f"The seed page is missing: {SEED_PAGE}"
        if os.environ.get("CI"):
            pytest.fail(f"{message}, and CI requires it.")
        pytest.skip(message)
    return SEED_PAGE


def seed_text():
    return seed_path().read_text(encoding="utf-8")
