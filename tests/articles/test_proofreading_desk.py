"""Proofreading in daily use: a 待校对 queue and email, passes named and by
different people, and a 签发 page that says what stands in the way, once."""

import pytest
from django.urls import reverse

from articles.models import Article
from articles.workflow import WorkflowError
from outbox.models import Message
from tests.articles.test_admin import article_form_data
from tests.factories import make_newsroom, make_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def people():
    return make_newsroom()


def page(client, user, story, action=None):
    client.force_login(user)
    if action is None:
        url = reverse("admin:articles_article_change", args=[story.pk])
    else:
        url = reverse("admin:articles_article_transition", args=[story.pk, action])
    return client.get(url)


def post(client, user, story, action, data=None):
    client.force_login(user)
    url = reverse("admin:articles_article_transition", args=[story.pk, action])
    return client.post(url, data or {})


def edit(client, user, story, headline):
    client.force_login(user)
    data = article_form_data(
        headline=headline,
        body=story.body,
        department=story.department_id,
        expected_version=Article.objects.get(pk=story.pk).version,
    )
    data.update({"bylines-TOTAL_FORMS": "0", "photos-TOTAL_FORMS": "0"})
    url = reverse("admin:articles_article_change", args=[story.pk])
    assert client.post(url, data).status_code == 302


class TestQueueAndEmail:
    def test_proofreaders_are_told_when_passes_fall_due(self, people):
        story = make_story(people)

        story.submit(people.reporter)

        due = Message.objects.filter(subject__startswith="[待校对]")
        assert {m.recipient for m in due} == {
            people.proofreader.email,
            people.second_proofreader.email,
        }
        assert story.headline in due.first().subject

    def test_no_passes_required_means_no_email(self, people, settings):
        settings.NEWSROOM_REQUIRED_PROOFREADS = 0
        make_story(people).submit(people.reporter)
        assert not Message.objects.filter(subject__startswith="[待校对]").exists()

    def test_the_queue_holds_what_this_proofreader_may_read_now(self, client, people):
        waiting = make_story(people, headline="待校对的稿件")
        waiting.submit(people.reporter)
        make_story(people, headline="还是草稿的稿件")

        def queue(user):
            client.force_login(user)
            return client.get(reverse("admin:index")).context["desk"]["proofreading"]

        assert queue(people.proofreader) == [waiting]
        waiting.record_proofreading(people.proofreader)
        # 一校 is theirs: 二校 is for someone else, until the text changes.
        assert queue(people.proofreader) == []
        assert queue(people.second_proofreader) == [waiting]
        desk = client.get(reverse("admin:index")).text
        assert "二校" in desk and "陆清" in desk
        client.force_login(people.editor)
        assert "proofreading" not in client.get(reverse("admin:index")).context["desk"]

    def test_a_story_with_all_passes_leaves_the_queue(self, client, people, settings):
        settings.NEWSROOM_REQUIRED_PROOFREADS = 1
        story = make_story(people)
        story.submit(people.reporter)
        story.record_proofreading(people.second_proofreader)
        client.force_login(people.proofreader)
        assert client.get(reverse("admin:index")).context["desk"]["proofreading"] == []


class TestPasses:
    def test_the_pass_form_names_the_pass(self, client, people):
        story = make_story(people)
        story.submit(people.reporter)
        assert "记录一校" in page(client, people.proofreader, story, "proofread").text
        story.record_proofreading(people.proofreader)

        form = page(client, people.second_proofreader, story, "proofread")
        assert form.context["title"] == "记录二校"
        done = post(client, people.second_proofreader, story, "proofread")
        assert done.status_code == 302
        assert story.proofreading_passes.get(number=2).proofreader == (
            people.second_proofreader
        )

    def test_one_person_may_not_record_two_passes_over_the_same_text(
        self, client, people
    ):
        story = make_story(people)
        story.submit(people.reporter)
        story.record_proofreading(people.proofreader)

        with pytest.raises(WorkflowError):
            story.record_proofreading(people.proofreader)
        refused = post(client, people.proofreader, story, "proofread")
        assert refused.status_code == 403
        form = page(client, people.proofreader, story)
        actions = {a: blocks for a, _l, _u, blocks in form.context["workflow_actions"]}
        assert actions["proofread"]

        # An edit in between: the same proofreader reads the new text.
        edit(client, people.editor, story, "临水路管网改造提前完工")
        story.refresh_from_db()
        assert story.record_proofreading(people.proofreader).number == 2

    def test_the_rule_can_be_turned_off(self, people, settings):
        settings.NEWSROOM_PROOFREADS_BY_DIFFERENT_PEOPLE = False
        story = make_story(people)
        story.submit(people.reporter)
        for number in (1, 2, 3):
            assert story.record_proofreading(people.proofreader).number == number


@pytest.fixture
def at_final(people, settings):
    settings.NEWSROOM_REQUIRED_PROOFREADS = 2
    story = make_story(
        people, body="<p>本报讯 11月20日，临水路的的管网改造全面完工。</p>"
    )
    story.submit(people.reporter)
    story.sign(people.editor, "初审同意")
    story.sign(people.head, "复审同意")
    return story


class TestSignOffPage:
    def test_sign_off_is_shown_disabled_with_the_reason(self, client, people, at_final):
        form = page(client, people.chief, at_final)
        actions = {a: blocks for a, _l, _u, blocks in form.context["workflow_actions"]}
        assert actions["publish"] == ["已登记 0 个校次，需要 2 个。"]
        assert 'aria-disabled="true" data-action="publish"' in form.text

        sign_off = page(client, people.chief, at_final, "publish")
        assert "disabled" in sign_off.text.split('class="default"')[1].split(">")[0]

    def test_a_refused_sign_off_names_each_problem_once(self, client, people, at_final):
        refused = post(client, people.chief, at_final, "publish", {"comment": "同意"})

        assert refused.status_code == 403
        problem = refused.context["blocked_reasons"][0]
        assert refused.text.count(str(problem)) == 1

    def test_findings_are_shown_and_warn_by_default(self, client, people, at_final):
        at_final.record_proofreading(people.proofreader)
        at_final.record_proofreading(people.second_proofreader)

        sign_off = page(client, people.chief, at_final, "publish")
        assert "的的" in sign_off.text
        assert sign_off.context["blocked_reasons"] == []
        assert post(client, people.chief, at_final, "publish").status_code == 302

    def test_findings_block_when_the_setting_says_so(
        self, client, people, at_final, settings
    ):
        settings.NEWSROOM_PROOFREADING_FINDINGS_BLOCK = True
        at_final.record_proofreading(people.proofreader)
        at_final.record_proofreading(people.second_proofreader)

        refused = post(client, people.chief, at_final, "publish")

        assert refused.status_code == 403
        assert Article.objects.get(pk=at_final.pk).status == "submitted"

    def test_the_sign_page_shows_the_text_then_the_changes(self, client, people):
        story = make_story(people)
        edit(client, people.reporter, story, story.headline)
        story.submit(people.reporter)
        first = page(client, people.editor, story, "sign")
        assert first.context["signed"]["since"] is None
        assert "临水路管网改造全面完工。</p>" in first.text

        story.sign(people.editor)
        edit(client, people.head, story, "临水路管网改造提前完工")
        second = page(client, people.head, story, "sign")
        assert second.context["signed"]["since"].stage_name == "初审"
        assert "<del>全面</del><ins>提前</ins>" in second.text


@pytest.mark.parametrize("count", [3, 15])
def test_the_proofreaders_desk_runs_a_fixed_number_of_queries(
    client, people, count, django_assert_max_num_queries
):
    for n in range(count):
        story = make_story(people, headline=f"待校对稿件{n}")
        story.submit(people.reporter)
        story.record_proofreading(people.second_proofreader)
    # Mail queued above would be sent after the request, inside the count.
    Message.objects.all().delete()
    client.force_login(people.proofreader)

    # The same page also shows the planning desk's day (its own five queries).
    with django_assert_max_num_queries(20):
        desk = client.get(reverse("admin:index"))

    assert len(desk.context["desk"]["proofreading"]) == count
