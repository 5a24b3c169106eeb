"""The budget (稿单): its states, counts, late marks, totals, CSV and queries."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.workflow import Status
from outbox.models import Message
from outbox.sending import FLUSH_KEY
from planning.budget import State, read_budget
from planning.models import Assignment
from tests.factories import make_pitch

pytestmark = pytest.mark.django_db

BODY_120 = "<p>" + "社区食堂开张，老人排队打饭。" * 10 + "</p>"  # 140 characters


def assign(people, edition, number, title, *, due=None, length=1000, **kwargs):
    return Assignment.assign(
        people["chief"],
        title=title,
        department=people["reporter"].reporter.department,
        edition=edition,
        page=edition.page_plans.get(number=number),
        planned_length=length,
        due_at=due or timezone.now() + timedelta(days=1),
        reporters=[people["reporter"].reporter],
        **kwargs,
    )


def write(assignment, body=BODY_120):
    article = Article.objects.get(pk=assignment.article_id)
    article.body = body
    article.save()
    return article


@pytest.fixture
def day(people, edition):
    """One story in every state, on pages 1 to 3 of the edition."""
    now = timezone.now()
    stories = {
        "assigned": assign(people, edition, 1, "未动笔", due=now + timedelta(hours=1)),
        "late": assign(people, edition, 1, "已逾期", due=now - timedelta(hours=1)),
        "drafting": assign(people, edition, 1, "在写", length=100),
    }
    write(stories["drafting"])
    stories["in_review"] = assign(people, edition, 2, "在审")
    write(stories["in_review"]).submit(people["reporter"])
    stories["signed"] = assign(people, edition, 2, "已签发")
    stories["published"] = assign(people, edition, 3, "已见网")
    for name, when in (("signed", now + timedelta(hours=5)), ("published", now)):
        Article.objects.filter(pk=stories[name].article_id).update(
            status=Status.PUBLISHED, published_at=when, char_count=800
        )
    stories["killed"] = assign(people, edition, 3, "弃用稿")
    stories["killed"].kill(people["chief"], "线索不实")
    stories["pitch"] = make_pitch(
        people["reporter"], edition=edition, page=edition.page_plans.get(number=3)
    )
    return stories


def rows(response):
    return response.content.decode()


def test_each_story_shows_its_state_planned_and_actual(people, edition, day):
    budget = read_budget(edition, people["chief"])
    by_title = {item.title: item for item in budget.items()}

    assert by_title["未动笔"].state == State.ASSIGNED
    assert by_title["在写"].state == State.DRAFTING
    assert (by_title["在写"].planned, by_title["在写"].actual) == (100, 140)
    assert by_title["在审"].state == State.IN_REVIEW
    assert by_title["在审"].state_label == "审稿中 · 初审"
    assert by_title["已签发"].state == State.SIGNED
    assert by_title["已见网"].state == State.PUBLISHED
    assert by_title["弃用稿"].state == State.KILLED
    assert by_title[day["pitch"].title].state == State.PITCHED
    # The editors hold a story at 初审; the reporter holds a draft; the desk
    # head of the story's desk holds a pitch.
    assert by_title["在审"].holders == ["shen"]
    assert by_title["在写"].holders == ["gu"]
    assert by_title[day["pitch"].title].holders == ["wen"]


def test_late_due_soon_and_over_length_are_decided_when_read(people, edition, day):
    items = {i.title: i for i in read_budget(edition, people["chief"]).items()}
    assert items["已逾期"].late and not items["已逾期"].due_soon
    assert items["未动笔"].due_soon and not items["未动笔"].late
    # Filed copy is never late, whatever its due time.
    assert not items["在审"].late
    assert items["在写"].over_length
    assert not items["未动笔"].over_length

    # Two hours on, the story due in an hour is late too, with no job run.
    later = timezone.now() + timedelta(hours=2)
    items = {i.title: i for i in read_budget(edition, people["chief"], later).items()}
    assert items["未动笔"].late


def test_page_totals_count_against_capacity(people, edition, day):
    page = edition.page_plans.get(number=1)
    page.capacity_override = 2500
    page.save()
    budget = read_budget(edition, people["chief"])
    first = budget.pages[0]
    assert first.number == 1
    assert (first.planned_total, first.actual_total) == (2100, 140)
    assert first.over_capacity is False
    page.capacity_override = 2000
    page.save()
    assert read_budget(edition, people["chief"]).pages[0].over_capacity
    # A killed story counts on no page; a pitch is shown beside the total.
    third = read_budget(edition, people["chief"]).pages[2]
    assert third.planned_total == 1000
    assert third.pitched_total == 1200
    assert [i.state for i in third.items][-1] == State.KILLED


def test_the_budget_page_marks_states_late_and_over_length(
    client, people, edition, day
):
    client.force_login(people["desk_head"])
    response = client.get(
        reverse("admin:planning_budget"), {"date": edition.date.isoformat()}
    )
    assert response.status_code == 200
    html = rows(response)
    for state in ("assigned", "drafting", "in_review", "signed", "published", "killed"):
        assert f'data-state="{state}"' in html
    assert html.count('class="mark mark--late"') == 1 + 1  # the item and the summary
    assert 'data-count="late">逾期 1<' in html
    assert 'data-count="over_length">超长 1<' in html
    assert "budget-print.css" in html and 'media="print"' in html
    counts = {
        state: count for state, _label, count in response.context["budget"].counts()
    }
    assert counts == {
        "pitched": 1,
        "assigned": 2,
        "drafting": 1,
        "in_review": 1,
        "signed": 1,
        "published": 1,
        "retracted": 0,
        "killed": 1,
    }


def test_reporters_see_the_budget_but_not_others_pitches(client, people, edition, day):
    make_pitch(people["colleague"], edition=edition, title="同事的选题")
    client.force_login(people["reporter"])
    html = rows(
        client.get(reverse("admin:planning_budget"), {"date": edition.date.isoformat()})
    )
    assert "已签发" in html and day["pitch"].title in html
    assert "同事的选题" not in html


def test_the_csv_has_one_row_a_story_in_page_order(client, people, edition, day):
    client.force_login(people["chief"])
    response = client.get(
        reverse("admin:planning_budget_csv"), {"date": edition.date.isoformat()}
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f"budget-{edition.date.isoformat()}.csv" in response["Content-Disposition"]
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    table = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    header, body = table[0], table[1:]
    assert header[:4] == ["版次", "版名", "序号", "标题"]
    assert len(body) == 8
    assert [row[0] for row in body] == ["1", "1", "1", "2", "2", "3", "3", "3"]
    late = next(row for row in body if row[3] == "已逾期")
    assert late[header.index("逾期")] == "是"
    drafting = next(row for row in body if row[3] == "在写")
    assert drafting[header.index("计划字数")] == "100"
    assert drafting[header.index("实际字数")] == "140"
    assert drafting[header.index("超长")] == "是"
    assert drafting[header.index("状态")] == "写作中"


def test_a_day_without_a_plan_offers_to_open_one(client, people, edition):
    client.force_login(people["editor"])
    response = client.get(reverse("admin:planning_budget"), {"date": "2031-05-04"})
    assert response.status_code == 200
    assert response.context["edition"] is None
    client.post(reverse("admin:planning_open_edition"), {"date": "2031-05-04"})
    response = client.get(reverse("admin:planning_budget"), {"date": "2031-05-04"})
    assert response.context["edition"].page_plans.count() == 4


def test_a_bad_date_says_so_and_shows_the_next_edition(client, people):
    client.force_login(people["editor"])
    response = client.get(reverse("admin:planning_budget"), {"date": "2031-02-30"})
    assert response.status_code == 200
    assert "不是日期" in rows(response)


def test_the_budget_needs_its_permission(client, people, edition):
    from tests.factories import make_user

    client.force_login(make_user())
    url = reverse("admin:planning_budget")
    assert client.get(url).status_code == 403
    assert client.get(reverse("admin:planning_budget_csv")).status_code == 403


def fill(people, edition, count):
    for n in range(count):
        a = assign(people, edition, n % 4 + 1, f"稿件{n}")
        if n % 3 == 1:
            write(a)
        elif n % 3 == 2:
            write(a).submit(people["reporter"])
        make_pitch(
            people["colleague"],
            edition=edition,
            page=edition.page_plans.get(number=n % 4 + 1),
        )


def budget_queries(client, edition):
    url = reverse("admin:planning_budget")
    # The mail the planning queued is not the budget's to send.
    Message.objects.all().delete()
    cache.set(FLUSH_KEY, "now", 60)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, {"date": edition.date.isoformat()})
    assert response.status_code == 200
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_stories(client, people, edition):
    client.force_login(people["chief"])
    fill(people, edition, 3)
    few = budget_queries(client, edition)
    fill(people, edition, 12)
    many = budget_queries(client, edition)
    assert len(read_budget(edition, people["chief"]).items()) == 30
    assert many == few
    # Session, user, groups and permissions, then the budget's own.
    assert few <= 16
