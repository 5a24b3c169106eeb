from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone, translation

from articles.models import Article, ArticleEvent
from articles.workflow import WorkflowError
from tests.factories import (
    make_article,
    make_department,
    make_photo,
    make_reporter,
    make_user,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("one_stage")]


@pytest.fixture(autouse=True)
def _english():
    """Assert on the English messages; the Chinese ones are tested separately."""
    with translation.override("en"):
        yield


THREE_STAGES = [
    {"name": "初审", "group": "editors"},
    {"name": "复审", "group": "desk_heads", "department_scoped": True},
    {"name": "终审", "group": "chief_editors"},
]


@pytest.fixture
def reporter_user():
    user = make_user(groups=["reporters"], username="luoxiao")
    make_reporter(user=user, name="罗晓")
    return user


@pytest.fixture
def editor():
    return make_user(groups=["editors"], username="chengyuan")


def ready_article(author, **kwargs):
    kwargs.setdefault("department", make_department())
    kwargs.setdefault("created_by", author)
    article = make_article(bylines=[(author.reporter, "text")], **kwargs)
    return article


class TestSubmitAndReview:
    def test_submit_records_an_event_and_tells_the_editors(
        self, reporter_user, editor, django_capture_on_commit_callbacks
    ):
        article = ready_article(reporter_user)

        with django_capture_on_commit_callbacks(execute=True):
            article.submit(reporter_user)

        article.refresh_from_db()
        assert article.status == Article.Status.SUBMITTED
        assert article.submitted_at is not None
        event = article.events.get()
        assert (event.action, event.from_status, event.to_status, event.actor) == (
            "submit",
            "draft",
            "submitted",
            reporter_user,
        )
        assert [m.to for m in mail.outbox] == [[editor.email]]
        assert article.headline in mail.outbox[0].subject

    def test_no_email_leaves_before_the_transaction_commits(
        self, reporter_user, editor, django_capture_on_commit_callbacks
    ):
        article = ready_article(reporter_user)

        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            article.submit(reporter_user)

        assert mail.outbox == []
        for callback in callbacks:
            callback()
        assert [m.to for m in mail.outbox] == [[editor.email]]

    def test_request_changes_needs_a_comment_and_changes_nothing_without(
        self, reporter_user, editor
    ):
        article = ready_article(reporter_user)
        article.submit(reporter_user)

        with pytest.raises(WorkflowError, match="comment is required"):
            article.request_changes(editor, "   ")

        article.refresh_from_db()
        assert article.status == Article.Status.SUBMITTED
        assert article.events.count() == 1

    def test_changes_requested_mails_the_comment_to_the_reporter(
        self, reporter_user, editor, django_capture_on_commit_callbacks
    ):
        article = ready_article(reporter_user)
        article.submit(reporter_user)

        with django_capture_on_commit_callbacks(execute=True):
            article.request_changes(editor, "第二段数据请核实。")

        assert [m.to for m in mail.outbox] == [[reporter_user.email]]
        assert "第二段数据请核实。" in mail.outbox[0].body
        article.refresh_from_db()
        assert article.status == Article.Status.CHANGES_REQUESTED

    def test_reporter_cannot_publish_or_review(self, reporter_user):
        article = ready_article(reporter_user)
        article.submit(reporter_user)

        with pytest.raises(WorkflowError):
            article.publish(reporter_user)
        with pytest.raises(WorkflowError):
            article.request_changes(reporter_user, "自己退回")
        assert Article.objects.get(pk=article.pk).status == Article.Status.SUBMITTED

    def test_author_in_the_editors_group_cannot_review_own_story(self):
        author = make_user(groups=["editors", "reporters"])
        make_reporter(user=author)
        article = ready_article(author)
        article.submit(author)

        with pytest.raises(WorkflowError, match="own story"):
            article.publish(author)

    def test_self_review_can_be_allowed_for_a_one_person_newsroom(self, settings):
        settings.NEWSROOM_ALLOW_SELF_REVIEW = True
        author = make_user(groups=["editors"])
        make_reporter(user=author)
        article = ready_article(author)

        article.publish(author)

        assert article.is_published()

    def test_withdraw_returns_the_story_to_draft(self, reporter_user):
        article = ready_article(reporter_user)
        article.submit(reporter_user)

        article.withdraw(reporter_user)

        assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT


class TestPublishing:
    def test_publish_now(
        self, reporter_user, editor, django_capture_on_commit_callbacks
    ):
        article = ready_article(reporter_user)
        article.submit(reporter_user)

        with django_capture_on_commit_callbacks(execute=True):
            article.publish(editor, opinion="同意发布")

        article.refresh_from_db()
        assert article.is_published()
        assert article.first_published_at == article.published_at
        assert list(article.events.values_list("action", flat=True)) == [
            "submit",
            "sign",
            "publish",
        ]
        assert article.events.get(action="sign").comment == "同意发布"
        assert [m.to for m in mail.outbox] == [[reporter_user.email]]

    def test_schedule_keeps_the_story_hidden_until_its_time(
        self, reporter_user, editor
    ):
        article = ready_article(reporter_user)
        when = timezone.now() + timedelta(hours=1)

        article.publish(editor, at=when)

        assert article.status == Article.Status.PUBLISHED
        assert not Article.objects.published().filter(pk=article.pk).exists()
        assert Article.objects.scheduled().filter(pk=article.pk).exists()

    def test_schedule_in_the_past_is_refused(self, reporter_user, editor):
        article = ready_article(reporter_user)

        with pytest.raises(WorkflowError, match="past"):
            article.publish(editor, at=timezone.now() - timedelta(hours=1))
        assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT

    def test_pre_publish_checks_list_every_reason_at_once(self, editor, settings):
        settings.NEWSROOM_HEADLINE_MAX_LENGTH = 10
        article = make_article(headline="这是一个超过十个字的长长的标题", body="")
        make_photo(article, alt_text="")

        with pytest.raises(WorkflowError) as refused:
            article.publish(editor)

        reasons = " ".join(str(r) for r in refused.value.reasons)
        for expected in (
            "limit is 10",
            "body is empty",
            "no byline",
            "no department",
            "alt text",
        ):
            assert expected in reasons
        assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT
        assert not ArticleEvent.objects.exists()

    def test_photo_credit_without_photo_is_only_a_warning(self, reporter_user, editor):
        article = ready_article(reporter_user)
        article.bylines.create(reporter=reporter_user.reporter, role="photo", order=1)

        assert article.publish_warnings()
        article.publish(editor)
        assert article.is_published()

    def test_unpublish_needs_a_reason(self, reporter_user, editor):
        article = ready_article(reporter_user)
        article.publish(editor)

        with pytest.raises(WorkflowError, match="reason"):
            article.unpublish(editor, "")
        article.unpublish(editor, "信息有误")

        article.refresh_from_db()
        assert article.status == Article.Status.UNPUBLISHED
        assert not Article.objects.published().filter(pk=article.pk).exists()
        assert article.events.last().comment == "信息有误"

    def test_correction_is_appended_and_kept(self, reporter_user, editor):
        article = ready_article(reporter_user)
        article.publish(editor)

        article.add_correction(editor, "更正：活动地点为临水路。")

        assert list(article.corrections.values_list("text", flat=True)) == [
            "更正：活动地点为临水路。"
        ]
        with pytest.raises(Exception, match="protected"):
            article.delete()

    def test_correction_needs_a_published_story(self, reporter_user, editor):
        article = ready_article(reporter_user)
        with pytest.raises(WorkflowError):
            article.add_correction(editor, "更正")


class TestReviewStages:
    @pytest.fixture(autouse=True)
    def three_stages(self, settings, one_stage):
        settings.NEWSROOM_REVIEW_STAGES = THREE_STAGES

    def test_three_different_people_sign_before_publication(self, reporter_user):
        desk = make_department()
        article = ready_article(reporter_user, department=desk)
        first = make_user(groups=["editors"])
        head = make_user(groups=["desk_heads"])
        make_reporter(user=head, department=desk)
        chief = make_user(groups=["chief_editors"])
        article.submit(reporter_user)

        article.sign(first, opinion="初审同意")
        assert article.current_stage.name == "复审"
        with pytest.raises(WorkflowError):
            article.publish(head)
        article.sign(head)
        assert article.current_stage.name == "终审"
        article.sign(chief, opinion="同意签发")

        assert article.is_published()
        signs = article.events.filter(action="sign")
        assert [e.stage_name for e in signs] == ["初审", "复审", "终审"]

    def test_one_person_never_signs_two_stages(self, reporter_user):
        article = ready_article(reporter_user)
        both = make_user(groups=["editors", "desk_heads"])
        make_reporter(user=both, department=article.department)
        article.submit(reporter_user)
        article.sign(both)

        with pytest.raises(WorkflowError, match="already signed"):
            article.sign(both)
        assert article.review_stage == 1

    def test_superuser_is_held_to_separation_of_duties_too(self, reporter_user):
        root = make_user(is_superuser=True)
        article = ready_article(reporter_user)
        article.submit(reporter_user)
        article.sign(root)

        with pytest.raises(WorkflowError, match="already signed"):
            article.sign(root)

    def test_department_scoped_stage_refuses_another_desks_head(self, reporter_user):
        article = ready_article(reporter_user)
        other_head = make_user(groups=["desk_heads"])
        make_reporter(user=other_head, department=make_department())
        article.submit(reporter_user)
        article.sign(make_user(groups=["editors"]))

        with pytest.raises(WorkflowError, match="department"):
            article.sign(other_head)

    def test_publishing_straight_from_draft_needs_a_single_stage(self, reporter_user):
        with pytest.raises(WorkflowError, match="3 stages"):
            ready_article(reporter_user).publish(make_user(groups=["editors"]))

    def test_resubmission_starts_again_at_stage_one(self, reporter_user):
        article = ready_article(reporter_user)
        first = make_user(groups=["editors"])
        article.submit(reporter_user)
        article.sign(first)
        head = make_user(groups=["desk_heads"])
        make_reporter(user=head, department=article.department)
        article.request_changes(head, "数据需核实")

        article.submit(reporter_user)

        assert article.review_stage == 0
        # Signatures of the earlier round no longer count against anyone.
        article.sign(first)
        assert article.review_stage == 1


def test_a_stale_object_cannot_bypass_the_current_state(reporter_user, editor):
    """The verbs reload the row under lock, so an old in-memory copy cannot cheat."""
    article = ready_article(reporter_user)
    stale = Article.objects.get(pk=article.pk)
    article.publish(editor)

    with pytest.raises(WorkflowError):
        stale.submit(reporter_user)
    assert Article.objects.get(pk=article.pk).status == Article.Status.PUBLISHED


def test_refusals_speak_chinese_by_default(reporter_user, editor):
    article = ready_article(reporter_user)
    article.submit(reporter_user)

    with translation.override("zh-hans"), pytest.raises(WorkflowError) as refused:
        article.request_changes(editor, "")

    assert str(refused.value) == "退回稿件必须填写修改意见。"
