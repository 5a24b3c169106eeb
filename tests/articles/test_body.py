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


def test_a_missing_seed_page_fails_under_ci_and_skips_elsewhere(monkeypatch, tmp_path):
    monkeypatch.setattr(import_samples, "SEED_PAGE", tmp_path / "missing.txt")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception):
        import_samples.seed_path()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        import_samples.seed_path()
