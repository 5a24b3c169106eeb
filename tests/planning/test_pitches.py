"""报题 and 选题会: every transition of a pitch, its events and its emails."""

import pytest

from articles.models import Article, Byline
from articles.workflow import Status
from outbox.models import Message
from planning.models import Assignment, Pitch, PlanningEvent
from planning.rules import Action, PlanningError
from tests.factories import due_tomorrow, make_pitch, make_reporter

pytestmark = pytest.mark.django_db


def queued():
    """The addresses mail was queued for, one list per message, then forgotten."""
    addresses = [[m.recipient] for m in Message.objects.order_by("pk")]
    Message.objects.all().delete()
    return addresses


def actions(pitch):
    return list(
        PlanningEvent.objects.filter(pitch=pitch).values_list("action", flat=True)
    )


def test_a_pitch_names_its_reporter_and_tells_the_desk(people, edition):
    page = edition.page_plans.get(number=2)
    queued()

    pitch = make_pitch(people["reporter"], edition=edition, page=page)

    assert pitch.status == Pitch.Status.PITCHED
    assert list(pitch.reporters.all()) == [people["reporter"].reporter]
    assert pitch.position == 1
    assert actions(pitch) == [Action.PITCH]
    # The desk head of the story's desk is told, not the other desk's.
    assert Message.objects.get().subject.endswith(pitch.title)
    assert queued() == [[people["desk_head"].email]]


def test_a_second_pitch_on_a_page_comes_after_the_first(people, edition):
    page = edition.page_plans.get(number=1)
    first = make_pitch(people["reporter"], edition=edition, page=page)
    second = make_pitch(people["colleague"], edition=edition, page=page)
    assert (first.position, second.position) == (1, 2)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "  "}, "暂定标题"),
        ({"planned_length": 0}, "计划字数"),
        ({"reporters": []}, "请指定"),
    ],
)
def test_a_pitch_without_what_it_needs_is_refused(people, edition, changes, message):
    with pytest.raises(PlanningError, match=message):
        make_pitch(people["reporter"], edition=edition, **changes)
    assert not Pitch.objects.exists()


def test_a_page_of_another_edition_is_refused(people, edition):
    from tests.factories import make_edition

    other = make_edition(edition.date.replace(day=1) if edition.date.day > 1 else None)
    with pytest.raises(PlanningError, match="另一期"):
        make_pitch(people["reporter"], edition=other, page=edition.page_plans.first())


def test_proofreaders_may_not_pitch(people, edition):
    people["proofreader"].reporter.department = people["reporter"].reporter.department
    with pytest.raises(PlanningError):
        make_pitch(
            people["proofreader"],
            edition=edition,
            department=people["reporter"].reporter.department,
        )


def test_accepting_creates_the_assignment_and_its_draft(people, edition, desk):
    page = edition.page_plans.get(number=3)
    photographer = make_reporter(name="林摄", title="photographer")
    pitch = make_pitch(
        people["reporter"], edition=edition, page=page, photographers=[photographer]
    )
    queued()
    due = due_tomorrow()

    assignment = pitch.accept(people["desk_head"], due_at=due, planned_length=1500)

    pitch.refresh_from_db()
    assert pitch.status == Pitch.Status.ACCEPTED
    assert pitch.decided_by == people["desk_head"]
    assert assignment.pitch == pitch
    assert (assignment.page, assignment.position) == (page, pitch.position)
    assert (assignment.planned_length, assignment.due_at) == (1500, due)
    article = assignment.article
    assert article.status == Status.DRAFT
    assert article.headline == pitch.title
    assert article.department == desk
    assert article.created_by == people["reporter"]
    assert {(b.reporter, b.role) for b in article.bylines.all()} == {
        (people["reporter"].reporter, Byline.Role.TEXT),
        (photographer, Byline.Role.PHOTO),
    }
    # One acceptance event, in both the pitch's and the assignment's timeline.
    event = PlanningEvent.objects.get(action=Action.ACCEPT)
    assert (event.pitch, event.assignment) == (pitch, assignment)
    assert [e.action for e in assignment.timeline()] == [Action.PITCH, Action.ACCEPT]
    # The reporter is told; the photographer has no login.
    assert queued() == [[people["reporter"].email]]


def test_accepting_gives_no_review_rights(people, edition, settings):
    pitch = make_pitch(people["reporter"], edition=edition)
    assignment = pitch.accept(people["desk_head"], due_at=due_tomorrow())
    article = Article.objects.get(pk=assignment.article_id)
    article.body = "<p>本报讯 社区食堂开张第一天，来了两百多位老人。</p>"
    article.save()
    article.submit(people["reporter"])

    # 初审 is the editors'; the desk head who accepted may not sign it.
    assert not article.may_review(people["desk_head"])
    assert article.may_review(people["editor"])
    # Nor did the desk head become an author: 复审 stays theirs to sign.
    assert not article.is_author(people["desk_head"])
    assert not article.may_review(people["reporter"])


def test_accepting_moves_the_story_when_asked(people, edition):
    pitch = make_pitch(
        people["reporter"], edition=edition, page=edition.page_plans.get(number=1)
    )
    page4 = edition.page_plans.get(number=4)
    assignment = pitch.accept(people["chief"], due_at=due_tomorrow(), page=page4)
    assert assignment.page == page4
    assert assignment.position == 1


def test_reject_needs_a_reason_and_tells_the_pitcher(people, edition):
    pitch = make_pitch(people["reporter"], edition=edition)
    with pytest.raises(PlanningError, match="理由"):
        pitch.reject(people["desk_head"], "  ")
    queued()

    pitch.reject(people["desk_head"], "上周已报道过。")

    pitch.refresh_from_db()
    assert pitch.status == Pitch.Status.REJECTED
    assert pitch.decision_note == "上周已报道过。"
    assert actions(pitch) == [Action.PITCH, Action.REJECT]
    assert queued() == [[people["reporter"].email]]
    assert not Assignment.objects.exists()


def test_asking_for_more_and_revising_sends_it_back_to_the_desk(people, edition):
    pitch = make_pitch(people["reporter"], edition=edition)
    pitch.ask_more(people["desk_head"], "采访对象是谁？")
    assert pitch.status == Pitch.Status.NEEDS_MORE
    queued()

    pitch.revise(people["reporter"], sources="社区主任 王女士", planned_length=900)

    pitch.refresh_from_db()
    assert pitch.status == Pitch.Status.PITCHED
    assert (pitch.sources, pitch.planned_length) == ("社区主任 王女士", 900)
    assert actions(pitch) == [Action.PITCH, Action.ASK_MORE, Action.REVISE]
    assert queued() == [[people["desk_head"].email]]


def test_asking_for_more_needs_a_question(people, edition):
    pitch = make_pitch(people["reporter"], edition=edition)
    with pytest.raises(PlanningError):
        pitch.ask_more(people["desk_head"], "")


def test_withdrawing_is_the_pitchers_own(people, edition):
    pitch = make_pitch(people["reporter"], edition=edition)
    with pytest.raises(PlanningError):
        pitch.withdraw(people["colleague"])
    pitch.withdraw(people["reporter"])
    assert pitch.status == Pitch.Status.WITHDRAWN
    with pytest.raises(PlanningError):
        pitch.accept(people["desk_head"], due_at=due_tomorrow())


def test_merging_folds_people_into_the_other_pitch(people, edition):
    kept = make_pitch(people["reporter"], edition=edition, sources="街道办")
    folded = make_pitch(people["colleague"], edition=edition, sources="居民李先生")

    folded.merge_into(people["desk_head"], kept, "同一件事，合写一篇。")

    folded.refresh_from_db()
    kept.refresh_from_db()
    assert folded.status == Pitch.Status.MERGED
    assert folded.merged_into == kept
    assert kept.status == Pitch.Status.PITCHED
    assert set(kept.reporters.all()) == {
        people["reporter"].reporter,
        people["colleague"].reporter,
    }
    assert kept.sources == "街道办\n居民李先生"
    assert actions(kept) == [Action.PITCH, Action.MERGE]
    assert actions(folded) == [Action.PITCH, Action.MERGE]


def test_merging_into_an_accepted_pitch_adds_the_bylines(people, edition):
    kept = make_pitch(people["reporter"], edition=edition)
    assignment = kept.accept(people["desk_head"], due_at=due_tomorrow())
    folded = make_pitch(people["colleague"], edition=edition)

    folded.merge_into(people["desk_head"], kept)

    assert set(assignment.reporters.all()) == {
        people["reporter"].reporter,
        people["colleague"].reporter,
    }
    assert assignment.article.bylines.filter(
        reporter=people["colleague"].reporter, role=Byline.Role.TEXT
    ).exists()


def test_a_pitch_cannot_be_merged_into_itself_or_a_closed_one(people, edition):
    pitch = make_pitch(people["reporter"], edition=edition)
    closed = make_pitch(people["colleague"], edition=edition)
    closed.reject(people["desk_head"], "不做")
    with pytest.raises(PlanningError):
        pitch.merge_into(people["desk_head"], pitch)
    with pytest.raises(PlanningError, match="只能并入"):
        pitch.merge_into(people["desk_head"], closed)


def test_nobody_decides_their_own_pitch(people, edition, settings):
    pitch = make_pitch(people["desk_head"], edition=edition)
    with pytest.raises(PlanningError, match="自己的报题"):
        pitch.accept(people["desk_head"], due_at=due_tomorrow())
    settings.NEWSROOM_ALLOW_SELF_REVIEW = True
    assert pitch.accept(people["desk_head"], due_at=due_tomorrow()).pk


def test_a_decided_pitch_is_closed_to_every_decision(people, edition):
    pitch = make_pitch(people["reporter"], edition=edition)
    pitch.accept(people["chief"], due_at=due_tomorrow())
    for decide in (
        lambda: pitch.accept(people["chief"], due_at=due_tomorrow()),
        lambda: pitch.reject(people["chief"], "晚了"),
        lambda: pitch.ask_more(people["chief"], "？"),
        lambda: pitch.revise(people["reporter"], title="新标题"),
        lambda: pitch.withdraw(people["reporter"]),
    ):
        with pytest.raises(PlanningError):
            decide()
    assert Assignment.objects.count() == 1


def test_a_failed_email_never_fails_the_decision(
    people, edition, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.planning.test_pitches.BrokenBackend"
    pitch = make_pitch(people["reporter"], edition=edition)
    with django_capture_on_commit_callbacks(execute=True):
        assignment = pitch.accept(people["desk_head"], due_at=due_tomorrow())
    assert assignment.pk and Pitch.objects.get(pk=pitch.pk).status == "accepted"
    message = Message.objects.get(recipient=people["reporter"].email)
    assert message.sent_at is None
    assert "mail server is down" in message.last_error


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise OSError("the mail server is down")

    def open(self):
        pass

    def close(self):
        pass
