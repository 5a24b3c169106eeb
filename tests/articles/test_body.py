"""The body's one allowlist, and the seed-page helper the import tests share."""

import pytest
from django_prose_editor.config import allowlist_from_extensions, expand_extensions

from articles.body import BODY_EDITOR_EXTENSIONS, BODY_TAGS, sanitize_body
from articles.models import Article
from tests.articles import import_samples


def test_the_editor_produces_exactly_the_tags_the_allowlist_keeps():
    editor = allowlist_from_extensions(expand_extensions(BODY_EDITOR_EXTENSIONS))
    assert editor["tags"] == BODY_TAGS


def test_the_body_field_sanitizes_with_the_same_allowlist():
    field = Article._meta.get_field("body")
    dirty = (
        '<p onclick="x()">文<script>alert(1)</script><ol type="a" start="2"></ol></p>'
    )
    assert field.clean(dirty, Article()) == sanitize_body(dirty)
    assert "script" not in sanitize_body(dirty) and "type=" not in sanitize_body(dirty)


def test_a_seed_missing_from_its_folder_fails(monkeypatch, tmp_path):
    monkeypatch.setattr(import_samples, "SEED_PAGE", tmp_path / "missing.txt")
    with pytest.raises(pytest.fail.Exception):
        import_samples.seed_path()


def test_a_seed_named_by_the_environment_must_be_there(monkeypatch, tmp_path):
    missing = tmp_path / "nowhere" / "seed.txt"
    monkeypatch.setattr(import_samples, "SEED_PAGE", missing)
    monkeypatch.setenv("NEWSROOM_SEED_PAGE", str(missing))
    with pytest.raises(pytest.fail.Exception):
        import_samples.seed_path()


def test_a_clone_without_the_shared_folder_skips_the_seed_tests(monkeypatch, tmp_path):
    """Even under CI: the seed is the workspace's, not the repository's."""
    monkeypatch.setattr(import_samples, "SEED_PAGE", tmp_path / "nowhere" / "s.txt")
    monkeypatch.delenv("NEWSROOM_SEED_PAGE", raising=False)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.skip.Exception):
        import_samples.seed_path()
