"""The planning desk's pages: 报题 from the index, 选题会, steps, the calendar."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from planning.models import Assignment, Pitch
from tests.factories import due_tomorrow, make_pitch, make_reporter

pytestmark = pytest.mark.django_db


def local(value):
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def test_the_index_offers_a_quick_pitch_and_it_works(client, people, edition):
    client.force_login(people["reporter"])
    index = client.get(reverse("admin:index")).content.decode()
    assert 'class="quick-pitch"' in index

    response = client.post(
        reverse("admin:planning_pitch_new"),
        {
            "quick": "1",
            "next": reverse("admin:index"),
            "title": "老旧小区加装电梯进展",
            "description": "三个小区同时开工，居民意见不一。",
            "department": people["reporter"].reporter.department_id,
            "planned_length": "1200",
            "date": edition.date.isoformat(),
            "page_number": "2",
            "sources": "",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")
    pitch = Pitch.objects.get()
    assert pitch.page.number == 2
    assert list(pitch.reporters.all()) == [people["reporter"].reporter]


def test_a_quick_pitch_with_a_control_character_is_refused(client, people, edition):
    client.force_login(people["reporter"])
    response = client.post(
        reverse("admin:planning_pitch_new"),
        {
            "quick": "1",
            "title": "标题\x1b",
            "description": "内容",
            "department": people["reporter"].reporter.department_id,
            "planned_length": "800",
            "date": edition.date.isoformat(),
        },
    )
    assert response.status_code == 400
    assert not Pitch.objects.exists()


def test_a_pitch_for_a_page_the_day_lacks_is_refused(client, people, edition):
    edition.page_plans.filter(number=4).delete()
    client.force_login(people["reporter"])
    response = client.post(
        reverse("admin:planning_pitch_new"),
        {
            "quick": "1",
            "title": "标题",
            "description": "内容",
            "department": people["reporter"].reporter.department_id,
            "planned_length": "800",
            "date": edition.date.isoformat(),
            "page_number": "4",
        },
    )
    assert response.status_code == 400
    assert "没有第 4 版" in response.content.decode()


def test_the_meeting_shows_the_desks_pitches_with_decisions(client, people, edition):
    mine = make_pitch(people["reporter"], edition=edition)
    other = make_pitch(
        people["editor"],
        edition=edition,
        department=people["editor"].reporter.department,
    )
    client.force_login(people["desk_head"])
    response = client.get(
        reverse("admin:planning_meeting"), {"date": edition.date.isoformat()}
    )
    html = response.content.decode()
    assert mine.title in html and other.title not in html
    assert reverse("admin:planning_pitch_decide", args=[mine.pk, "accept"]) in html


def test_accepting_through_the_page(client, people, edition):
    pitch = make_pitch(people["reporter"], edition=edition)
    photographer = make_reporter(name="林摄", title="photographer")
    client.force_login(people["desk_head"])
    url = reverse("admin:planning_pitch_decide", args=[pitch.pk, "accept"])
    form = client.get(url)
    assert form.status_code == 200
    due = due_tomorrow()

    response = client.post(
        url,
        {
            "title": pitch.title,
            "date": edition.date.isoformat(),
            "edition_name": "日报",
            "page_number": "3",
            "planned_length": "1500",
            "due_at": local(due),
            "reporters": [people["reporter"].reporter.pk],
            "photographers": [photographer.pk],
            "note": "",
            "embargo_until": "",
        },
    )

    assignment = Assignment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "admin:planning_assignment_change", args=[assignment.pk]
    )
    assert (assignment.page.number, assignment.planned_length) == (3, 1500)
    assert list(assignment.photographers.all()) == [photographer]


def test_a_refused_decision_shows_why_and_changes_nothing(client, people, edition):
    pitch = make_pitch(people["reporter"], edition=edition)
    client.force_login(people["other_head"])
    url = reverse("admin:planning_pitch_decide", args=[pitch.pk, "reject"])
    # The other desk's head cannot even see the pitch.
    assert client.post(url, {"comment": "不要"}).status_code == 404
    client.force_login(people["reporter"])
    response = client.post(url, {"comment": "不要"})
    assert response.status_code == 400
    assert "部门主任或总编辑" in response.content.decode()
    assert Pitch.objects.get().status == "pitched"


def test_rejecting_without_a_reason_is_an_error_on_the_form(client, people, edition):
    pitch = make_pitch(people["reporter"], edition=edition)
    client.force_login(people["chief"])
    url = reverse("admin:planning_pitch_decide", args=[pitch.pk, "reject"])
    assert client.post(url, {"comment": ""}).status_code == 400
    client.post(url, {"comment": "选题已有人做"})
    assert Pitch.objects.get().status == "rejected"


def test_the_pitcher_revises_after_being_asked(client, people, edition):
    pitch = make_pitch(people["reporter"], edition=edition)
    pitch.ask_more(people["desk_head"], "采访谁？")
    client.force_login(people["reporter"])
    url = reverse("admin:planning_pitch_own", args=[pitch.pk, "revise"])
    page = client.get(url).content.decode()
    assert pitch.title in page
    response = client.post(
        url,
        {
            "title": pitch.title,
            "description": pitch.description,
            "department": pitch.department_id,
            "planned_length": "1000",
            "reporters": [people["reporter"].reporter.pk],
            "photographers": [],
            "sources": "街道办 张主任",
            "event_at": "",
            "event_place": "",
            "date": edition.date.isoformat(),
            "edition_name": "日报",
            "page_number": "",
        },
    )
    assert response.status_code == 302
    pitch.refresh_from_db()
    assert (pitch.status, pitch.sources) == ("pitched", "街道办 张主任")


def test_the_assignment_page_offers_the_desks_steps(client, people, edition):
    assignment = make_pitch(people["reporter"], edition=edition).accept(
        people["desk_head"], due_at=due_tomorrow()
    )
    url = reverse("admin:planning_assignment_change", args=[assignment.pk])
    client.force_login(people["desk_head"])
    html = client.get(url).content.decode()
    for action in ("change", "people", "move", "kill"):
        assert f'data-action="{action}"' in html
    client.force_login(people["reporter"])
    html = client.get(url).content.decode()
    assert 'data-action="kill"' not in html
    assert 'data-action="write"' in html
    # The colleague on the same desk sees neither the assignment nor its steps.
    client.force_login(people["colleague"])
    assert client.get(url).status_code == 302
    kill = reverse("admin:planning_assignment_act", args=[assignment.pk, "kill"])
    assert client.post(kill, {"comment": "x"}).status_code == 404


def test_killing_through_the_page(client, people, edition):
    assignment = make_pitch(people["reporter"], edition=edition).accept(
        people["desk_head"], due_at=due_tomorrow()
    )
    client.force_login(people["desk_head"])
    url = reverse("admin:planning_assignment_act", args=[assignment.pk, "kill"])
    assert client.post(url, {"comment": ""}).status_code == 400
    assert client.post(url, {"comment": "采访对象拒绝"}).status_code == 302
    assert Assignment.objects.get().kill_reason == "采访对象拒绝"


def test_the_calendar_shows_due_times_publications_and_embargoes(
    client, people, edition
):
    now = timezone.now()
    assignment = make_pitch(people["reporter"], edition=edition).accept(
        people["desk_head"],
        due_at=now + timedelta(hours=2),
        embargo_until=now + timedelta(hours=3),
    )
    other = make_pitch(people["colleague"], edition=edition).accept(
        people["desk_head"], due_at=now + timedelta(hours=2)
    )
    Article.objects.filter(pk=assignment.article_id).update(
        status="published", published_at=now + timedelta(hours=4)
    )
    client.force_login(people["desk_head"])
    url = reverse("admin:planning_calendar")
    day = timezone.localdate(now + timedelta(hours=2))
    response = client.get(url, {"date": day.isoformat(), "span": "week"})
    html = response.content.decode()
    assert html.count('data-kind="due"') == 2
    assert 'data-kind="embargo"' in html
    assert 'data-kind="scheduled"' in html
    assert len(response.context["days"]) == 7

    # One reporter's calendar: their own due time, not a colleague's.
    client.force_login(people["colleague"])
    response = client.get(url, {"date": day.isoformat(), "reporter": "me"})
    html = response.content.decode()
    assert html.count('data-kind="due"') == 1
    assert other.title in html
    assert 'data-kind="scheduled"' not in html


def test_the_calendar_by_desk(client, people, edition, other_desk):
    make_pitch(people["reporter"], edition=edition).accept(
        people["desk_head"], due_at=due_tomorrow()
    )
    client.force_login(people["chief"])
    day = timezone.localdate(due_tomorrow())
    url = reverse("admin:planning_calendar")
    html = client.get(
        url, {"date": day.isoformat(), "span": "day", "department": other_desk.pk}
    ).content.decode()
    assert 'data-kind="due"' not in html
    html = client.get(url, {"date": day.isoformat(), "span": "day"}).content.decode()
    assert 'data-kind="due"' in html


def test_the_index_shows_the_next_budget_to_those_running_the_desk(
    client, people, edition
):
    make_pitch(people["reporter"], edition=edition).accept(
        people["desk_head"], due_at=timezone.now() - timedelta(hours=1)
    )
    client.force_login(people["desk_head"])
    html = client.get(reverse("admin:index")).content.decode()
    assert 'class="budget-summary planning-desk__budget"' in html
    assert 'data-count="assigned">已派稿 1<' in html
    assert "逾期 1" in html
    client.force_login(people["reporter"])
    html = client.get(reverse("admin:index")).content.decode()
    assert "planning-desk__budget" not in html
    assert "planning-desk__mine" in html
