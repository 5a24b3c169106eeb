"""The common path in fewer clicks: the writer's byline and desk filled in, save
and submit in one button, and 签署 straight from the queue."""

import pytest
from django.urls import reverse

from articles.models import Article
from outbox.models import Message
from tests.articles.test_admin import article_form_data, inline_management
from tests.factories import make_newsroom, make_story

pytestmark = pytest.mark.django_db

ADD = "admin:articles_article_add"


@pytest.fixture
def people():
    return make_newsroom()


def as_offered(response):
    """The add form's data as the browser sends it back untouched."""
    byline = response.context["inline_admin_formsets"][0].formset.forms[0]
    return {
        **inline_management("bylines", total=1),
        "bylines-0-reporter": byline["reporter"].value(),
        "bylines-0-role": byline["role"].value(),
        "bylines-0-order": byline["order"].value(),
        "department": response.context["adminform"].form["department"].value(),
    }


def test_a_new_story_offers_the_writer_as_byline_and_their_desk(client, people):
    client.force_login(people.reporter)

    page = client.get(reverse(ADD))

    offered = as_offered(page)
    assert offered["department"] == people.desk.pk
    assert offered["bylines-0-reporter"] == people.reporter.reporter.pk
    assert offered["bylines-0-role"] == "text"
    assert page.context["can_save_and_submit"]


def test_the_offered_byline_is_saved_though_nobody_touched_it(client, people):
    client.force_login(people.reporter)
    offered = as_offered(client.get(reverse(ADD)))

    response = client.post(reverse(ADD), article_form_data(**offered))

    assert response.status_code == 302, response.context["errors"]
    story = Article.objects.get()
    assert story.byline_text() == "记者 顾晓岚"
    assert story.department == people.desk


def test_save_and_submit_in_one_click(client, people):
    client.force_login(people.reporter)
    offered = as_offered(client.get(reverse(ADD)))

    response = client.post(
        reverse(ADD),
        article_form_data(
            headline="河畔新区开通夜间公交专线",
            body="<p>本报讯 11月26日，夜间公交专线开通。</p>",
            _submit_for_review="1",
            **offered,
        ),
        follow=True,
    )

    story = Article.objects.get()
    assert story.status == "submitted"
    assert response.redirect_chain[-1][0] == reverse(
        "admin:articles_article_change", args=[story.pk]
    )
    assert any("已保存并送审" in str(m) for m in response.context["messages"])
    assert Message.objects.filter(recipient=people.editor.email).exists()


def test_a_refused_submission_keeps_the_save(client, people):
    story = make_story(people)
    client.force_login(people.proofreader)
    data = article_form_data(
        headline="校对改过的标题",
        body=story.body,
        department=story.department_id,
        expected_version=story.version,
        _submit_for_review="1",
    )
    data.update({"bylines-TOTAL_FORMS": "0", "photos-TOTAL_FORMS": "0"})

    response = client.post(
        reverse("admin:articles_article_change", args=[story.pk]), data, follow=True
    )

    story.refresh_from_db()
    assert (story.headline, story.status) == ("校对改过的标题", "draft")
    assert any("未能送审" in str(m) for m in response.context["messages"])


def test_the_queue_links_straight_to_signing(client, people):
    story = make_story(people)
    story.submit(people.reporter)
    client.force_login(people.editor)

    desk = client.get(reverse("admin:index")).text

    sign = reverse("admin:articles_article_transition", args=[story.pk, "sign"])
    assert f'href="{sign}"' in desk
    assert "签署初审" in desk
