"""责任编辑: the public page credits the signer of the configured review stage."""

import pytest

from articles.models import Article
from tests.factories import make_newsroom, make_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(settings):
    settings.NEWSROOM_REQUIRED_PROOFREADS = 1
    return make_newsroom()


def through_review(people, **kwargs):
    """Submit a story and have all three stages sign it, 签发 last."""
    story = make_story(people, **kwargs)
    story.submit(people.reporter)
    story.record_proofreading(people.proofreader, "一校")
    story.sign(people.editor, "初审同意")
    story.sign(people.head, "复审同意")
    story.sign(people.chief, "签发")
    story.refresh_from_db()
    return story


def credit_on_page(client, story):
    html = client.get(story.get_absolute_url()).text
    if 'class="story__editor"' not in html:
        return None
    return html.split('class="story__editor">')[1].split("</p>")[0]


def test_the_first_reviewer_is_credited_by_default(client, people):
    story = through_review(people)

    assert story.responsible_editor == "沈怡"
    assert story.responsible_editor_user == people.editor
    assert credit_on_page(client, story) == "责任编辑：沈怡"


def test_the_credited_stage_is_a_setting(client, people, settings):
    settings.NEWSROOM_RESPONSIBLE_EDITOR_STAGE = 2
    story = through_review(people, headline="老旧小区加装电梯三十部")

    assert credit_on_page(client, story) == "责任编辑：严正平"


def test_a_stage_past_the_last_credits_the_last(people, settings):
    settings.NEWSROOM_RESPONSIBLE_EDITOR_STAGE = 9
    assert through_review(people).responsible_editor == "严正平"


def test_no_credit_when_switched_off(client, people, settings):
    settings.NEWSROOM_RESPONSIBLE_EDITOR_STAGE = -1
    story = through_review(people)

    assert story.responsible_editor == ""
    assert credit_on_page(client, story) is None


def test_a_new_round_credits_its_own_signer(people, settings):
    """Retracted, revised and reviewed again by someone else: the new signer."""
    story = through_review(people)
    story.unpublish(people.chief, "数据待核实")
    story.submit(people.reporter)
    other = make_newsroom()
    # A colleague on the same desk signs 初审 this time.
    other.editor.reporter.department = people.desk
    other.editor.reporter.save()
    story.record_proofreading(people.proofreader, "二校")
    story.sign(other.editor, "初审同意")
    story.sign(people.head, "复审同意")
    story.sign(people.chief, "签发")

    story.refresh_from_db()
    assert story.responsible_editor_user == other.editor


def test_renaming_the_editor_renames_the_credit_on_every_story(client, people):
    story = through_review(people)
    reporter = people.editor.reporter
    reporter.name = "沈怡然"
    reporter.save()

    story.refresh_from_db()
    assert story.responsible_editor == "沈怡然"
    assert credit_on_page(client, story) == "责任编辑：沈怡然"


def test_an_editor_without_byline_is_credited_by_full_name(client, people):
    people.editor.reporter.delete()
    people.editor.refresh_from_db()
    story = through_review(people)
    assert story.responsible_editor == "沈怡"

    people.editor.first_name = "一凡"
    people.editor.save()

    assert Article.objects.get(pk=story.pk).responsible_editor == "沈一凡"
    assert credit_on_page(client, story) == "责任编辑：沈一凡"


def test_crediting_is_no_edit_for_the_conflict_version(people):
    """An editor with the form open is not told someone else saved it."""
    story = make_story(people)
    story.submit(people.reporter)
    story.record_proofreading(people.proofreader, "一校")
    story.sign(people.editor, "初审同意")
    story.sign(people.head, "复审同意")
    version = Article.objects.get(pk=story.pk).version

    story.sign(people.chief, "签发")

    story.refresh_from_db()
    assert story.responsible_editor == "沈怡"
    assert story.version == version
