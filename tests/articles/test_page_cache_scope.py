"""Only changes a public page can show clear the page cache."""

import pytest
from taggit.models import Tag

from articles.models import Article
from tests.factories import (
    make_article,
    make_department,
    make_placement,
    make_print_page,
    make_published_article,
    make_reporter,
)

pytestmark = pytest.mark.django_db


def _generation():
    from articles.page_cache import current_generation

    return current_generation()[0]


def test_an_import_s_new_pages_and_reporters_leave_the_cache_alone(
    django_capture_on_commit_callbacks,
):
    story = make_article(status=Article.Status.SUBMITTED)
    before = _generation()
    with django_capture_on_commit_callbacks(execute=True):
        page = make_print_page()
        make_placement(story, page)
        make_reporter()
        Tag.objects.create(name="河道", slug="river-way")
    assert _generation() == before


def test_a_printed_page_with_a_public_story_still_clears_the_cache(
    django_capture_on_commit_callbacks,
):
    story = make_published_article()
    page = make_print_page()
    with django_capture_on_commit_callbacks(execute=True):
        make_placement(story, page)
    before = _generation()
    with django_capture_on_commit_callbacks(execute=True):
        page.label = "A02"
        page.save()
    assert _generation() != before


def test_a_new_desk_and_a_renamed_reporter_clear_it(
    django_capture_on_commit_callbacks,
):
    reporter = make_reporter()
    before = _generation()
    with django_capture_on_commit_callbacks(execute=True):
        make_department()  # every page's navigation lists the desks
    middle = _generation()
    assert middle != before
    with django_capture_on_commit_callbacks(execute=True):
        reporter.name = "新名字"
        reporter.save()
    assert _generation() != middle
