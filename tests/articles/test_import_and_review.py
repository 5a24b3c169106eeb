"""The editor who imports a print page is its importer, not its author."""

from datetime import date

import pytest
from django.apps import apps
from django.urls import reverse

from articles.importing.parser import parse_page
from articles.importing.service import import_page
from articles.models import Article, ArticleEvent
from tests.articles.import_samples import sample_text
from tests.factories import make_article, make_newsroom

pytestmark = pytest.mark.django_db

EDITION = date(2024, 5, 8)


def import_one_story(user, department):
    page = parse_page(sample_text("one_story.txt"), edition=EDITION)
    result = import_page(
        page, name="p2.txt", edition=EDITION, department=department, user=user
    )
    return Article.objects.get(pk=result.stories[0].article.pk)


def test_the_importing_editor_may_do_the_first_review(client, settings):
    settings.NEWSROOM_REQUIRED_PROOFREADS = 0
    people = make_newsroom()
    story = import_one_story(people.editor, people.desk)

    assert story.imported_by == people.editor
    assert story.created_by is None
    assert not story.is_author(people.editor)
    assert story.review_refusal(people.editor, story.current_stage) is None
    client.force_login(people.editor)
    desk = client.get(reverse("admin:index")).context["desk"]
    assert story in desk["queue"]

    url = reverse("admin:articles_article_transition", args=[story.pk, "sign"])
    assert client.post(url, {"comment": "初审同意"}).status_code == 302
    story.refresh_from_db()
    assert story.review_stage == 1
    event = story.events.get(action="import")
    assert event.actor == people.editor


def test_a_bylined_reporter_still_may_not_review_what_they_wrote(settings):
    people = make_newsroom()
    # The print page credits the editor's own reporter profile.
    people.editor.reporter.name = "林晓雪"
    people.editor.reporter.save()
    story = import_one_story(people.head, people.desk)

    assert story.byline_text() == "编辑 林晓雪"
    assert story.is_author(people.editor)
    assert story.review_refusal(people.editor, story.current_stage) is not None


def test_the_migration_moves_earlier_importers_out_of_authorship():
    from importlib import import_module

    migration = import_module("articles.migrations.0018_article_imported_by")
    people = make_newsroom()
    imported = make_article(
        created_by=people.editor, import_fingerprint="f" * 64, status="submitted"
    )
    ArticleEvent.objects.create(
        article=imported,
        actor=people.editor,
        action="import",
        from_status="draft",
        to_status="submitted",
    )
    written = make_article(created_by=people.reporter)

    migration.move_importers(apps, None)

    imported.refresh_from_db()
    written.refresh_from_db()
    assert (imported.created_by, imported.imported_by) == (None, people.editor)
    assert (written.created_by, written.imported_by) == (people.reporter, None)
