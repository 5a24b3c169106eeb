"""The conflict version moves when words or fields change, never on a workflow step."""

import pytest
from django.urls import reverse

from articles.models import Article
from tests.articles.test_admin import article_form_data
from tests.factories import make_newsroom, make_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(settings):
    settings.NEWSROOM_REQUIRED_PROOFREADS = 0
    return make_newsroom()


def version_of(article):
    return Article.objects.values_list("version", flat=True).get(pk=article.pk)


def form_data(article, headline, version):
    data = article_form_data(
        headline=headline,
        body=article.body,
        department=article.department_id,
        expected_version=version,
    )
    data.update({"bylines-TOTAL_FORMS": "0", "photos-TOTAL_FORMS": "0"})
    return data


def test_workflow_steps_leave_the_version_alone(people):
    story = make_story(people)
    before = version_of(story)

    story.submit(people.reporter)
    story.record_proofreading(people.proofreader, "一校无误")
    story.sign(people.editor, "初审同意")
    story.request_changes(people.head, "请补充工期")
    story.submit(people.reporter)
    story.create_preview_link(people.editor, note="受访单位")

    assert version_of(story) == before


def test_an_edit_of_the_words_moves_the_version(people, client):
    story = make_story(people)
    before = version_of(story)
    client.force_login(people.reporter)
    url = reverse("admin:articles_article_change", args=[story.pk])

    assert (
        client.post(url, form_data(story, "临水路管网改造提前完工", before)).status_code
        == 302
    )

    assert version_of(story) == before + 1


def test_a_signature_while_the_chief_edits_does_not_refuse_the_chiefs_save(
    people, client
):
    story = make_story(people)
    story.submit(people.reporter)
    story.sign(people.editor, "初审同意")
    url = reverse("admin:articles_article_change", args=[story.pk])

    # The chief opens the form while the story waits for 复审 …
    client.force_login(people.chief)
    opened = client.get(url).context["adminform"].form["expected_version"].value()
    # … the desk head signs 复审 meanwhile …
    story.sign(people.head, "复审同意")
    # … and the chief's save goes through, without undoing the signature.
    response = client.post(
        url, form_data(story, "临水路管网改造全面完工（修订）", opened)
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    story.refresh_from_db()
    assert story.headline.endswith("（修订）")
    assert (story.status, story.review_stage) == ("submitted", 2)
    assert story.events.filter(action="sign", round=story.review_round).count() == 2


def test_a_save_from_before_another_save_is_still_refused(people, client):
    story = make_story(people)
    url = reverse("admin:articles_article_change", args=[story.pk])
    client.force_login(people.editor)
    opened = version_of(story)
    story.headline = "别人先存的标题"
    story.save()

    response = client.post(url, form_data(story, "我的标题", opened))

    assert response.status_code == 200
    assert response.context["adminform"].form.has_error("__all__", code="stale")
    assert Article.objects.get(pk=story.pk).headline == "别人先存的标题"
