"""派稿 and what the desk does to an assignment: change, people, move, kill."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Byline
from articles.workflow import Status
from outbox.models import Message
from planning.models import Assignment, Edition, PlanningEvent
from planning.rules import Action, PlanningError
from tests.factories import due_tomorrow, make_pitch, make_reporter

pytestmark = pytest.mark.django_db


@pytest.fixture
def assignment(people, edition):
    pitch = make_pitch(
        people["reporter"], edition=edition, page=edition.page_plans.get(number=1)
    )
    made = pitch.accept(people["desk_head"], due_at=due_tomorrow())
    Message.objects.all().delete()
    return made


def mailed():
    addresses = sorted(m.recipient for m in Message.objects.all())
    Message.objects.all().delete()
    return addresses


def test_assigning_without_a_pitch_creates_the_draft(people, edition, desk):
    photographer = make_reporter(name="林摄", title="photographer")
    assignment = Assignment.assign(
        people["editor"],
        title="区运会开幕",
        department=desk,
        edition=edition,
        page=edition.page_plans.get(number=4),
        planned_length=800,
        due_at=due_tomorrow(),
        reporters=[people["colleague"].reporter],
        photographers=[photographer],
        embargo_until=timezone.now() + timedelta(hours=30),
    )
    assert assignment.pitch is None
    article = assignment.article
    assert (article.status, article.department, article.headline) == (
        Status.DRAFT,
        desk,
        "区运会开幕",
    )
    assert sorted(article.bylines.values_list("role", flat=True)) == ["photo", "text"]
    assert [e.action for e in assignment.timeline()] == [Action.ASSIGN]
    assert mailed() == [people["colleague"].email]


def test_changing_the_due_time_tells_the_people(people, assignment):
    later = assignment.due_at + timedelta(hours=3)
    assignment.change(people["desk_head"], due_at=later, note="补充现场图片")
    assignment.refresh_from_db()
    assert assignment.due_at == later
    assert mailed() == [people["reporter"].email]
    event = assignment.events.get(action=Action.CHANGE)
    assert "截稿" in event.comment and "要求" in event.comment
    # A change of length alone tells nobody.
    assignment.change(people["desk_head"], planned_length=900)
    assert mailed() == []


def test_a_change_that_changes_nothing_records_nothing(people, assignment):
    assignment.change(people["desk_head"], planned_length=assignment.planned_length)
    assert not assignment.events.filter(action=Action.CHANGE).exists()


def test_assigning_a_photographer_adds_the_photo_byline(people, assignment):
    photographer = make_reporter(name="林摄", title="photographer")
    assignment.set_people(
        people["chief"],
        reporters=[people["reporter"].reporter],
        photographers=[photographer],
    )
    bylines = Byline.objects.filter(article=assignment.article)
    assert {(b.reporter_id, b.role) for b in bylines} == {
        (people["reporter"].reporter.pk, "text"),
        (photographer.pk, "photo"),
    }
    # Taken off again, the byline goes; an editor's own credit stays.
    Byline.objects.create(
        article=assignment.article, reporter=photographer, role="editor"
    )
    assignment.set_people(
        people["chief"], reporters=[people["reporter"].reporter], photographers=[]
    )
    assert set(bylines.values_list("role", flat=True)) == {"text", "editor"}


def test_a_published_storys_credits_are_left_alone(people, assignment):
    Article.objects.filter(pk=assignment.article_id).update(
        status=Status.PUBLISHED, published_at=timezone.now()
    )
    photographer = make_reporter(name="林摄")
    assignment.set_people(
        people["chief"],
        reporters=[people["reporter"].reporter],
        photographers=[photographer],
    )
    assert assignment.photographers.get() == photographer
    assert not Byline.objects.filter(reporter=photographer).exists()


def test_moving_keeps_the_history(people, edition, assignment):
    tomorrow_after = Edition.objects.open(edition.date + timedelta(days=1))
    page3 = edition.page_plans.get(number=3)

    assignment.move(people["editor"], edition=edition, page=page3)
    assignment.move(
        people["editor"],
        edition=tomorrow_after,
        page=tomorrow_after.page_plans.get(number=2),
    )

    moves = list(assignment.events.filter(action=Action.MOVE).order_by("pk"))
    day, next_day = f"{edition.date:%m-%d} 日报", f"{tomorrow_after.date:%m-%d} 日报"
    page1 = edition.page_plans.get(number=1)
    page2 = tomorrow_after.page_plans.get(number=2)
    assert [(m.from_place, m.to_place) for m in moves] == [
        (f"{day} {page1}", f"{day} {page3}"),
        (f"{day} {page3}", f"{next_day} {page2}"),
    ]
    assignment.refresh_from_db()
    assert assignment.edition == tomorrow_after
    # The pitch's and the acceptance's events are still in the timeline.
    assert [e.action for e in assignment.timeline()][:2] == [
        Action.PITCH,
        Action.ACCEPT,
    ]


def test_moving_to_a_place_on_a_page_renumbers_it(people, edition, assignment):
    page = edition.page_plans.get(number=2)
    others = [
        make_pitch(people["colleague"], edition=edition, page=page).accept(
            people["desk_head"], due_at=due_tomorrow()
        )
        for _ in range(2)
    ]
    assignment.move(people["editor"], edition=edition, page=page, position=1)
    order = list(
        Assignment.objects.filter(page=page)
        .order_by("position")
        .values_list("pk", flat=True)
    )
    assert order == [assignment.pk, others[0].pk, others[1].pk]


def test_a_page_of_another_day_is_refused(people, edition, assignment):
    other = Edition.objects.open(edition.date + timedelta(days=3))
    with pytest.raises(PlanningError):
        assignment.move(
            people["editor"], edition=edition, page=other.page_plans.first()
        )


def test_killing_keeps_the_story_and_the_reason(people, assignment):
    with pytest.raises(PlanningError, match="理由"):
        assignment.kill(people["desk_head"], " ")
    assignment.kill(people["desk_head"], "活动取消")

    assignment.refresh_from_db()
    assert assignment.is_killed()
    assert assignment.kill_reason == "活动取消"
    assert Article.objects.filter(pk=assignment.article_id).exists()
    assert mailed() == [people["reporter"].email]
    with pytest.raises(PlanningError):
        assignment.move(people["editor"], edition=assignment.edition)

    assignment.revive(people["chief"])
    assert not Assignment.objects.get(pk=assignment.pk).is_killed()
    assert list(
        PlanningEvent.objects.filter(assignment=assignment)
        .values_list("action", flat=True)
        .order_by("pk")
    )[-2:] == [Action.KILL, Action.REVIVE]


def test_deleting_the_draft_keeps_the_plan(people, assignment):
    Article.objects.get(pk=assignment.article_id).delete()
    assignment.refresh_from_db()
    assert assignment.article is None


def test_the_timeline_shows_the_articles_workflow(people, assignment):
    article = Article.objects.get(pk=assignment.article_id)
    article.body = "<p>本报讯 正文。</p>"
    article.save()
    article.submit(people["reporter"])
    labels = [e.action for e in assignment.timeline()]
    assert labels == [Action.PITCH, Action.ACCEPT, "submit"]
