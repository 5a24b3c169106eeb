"""Stories imported from the printed page find their plan: page and headline."""

import pytest

from articles.importing.parser import parse_page
from articles.importing.service import import_page
from planning.matching import match_print, similarity
from planning.models import Assignment, PlanningEvent
from planning.rules import Action
from tests.factories import due_tomorrow, make_pitch

pytestmark = pytest.mark.django_db

PAGE = """河畔新区老旧小区加装电梯全面开工

本报讯 12月1日，河畔新区三个老旧小区的加装电梯工程同时开工，
涉及楼栋21个。社区干部逐户上门，协调低层住户的意见。记者 顾晓岚

社区食堂开进明湖小区
——首周接待老人两千人次

本报讯 明湖小区社区食堂开张一周，每天中午排起长队，一荤两素只要十二元。记者 罗晓

区图书馆延长夜间开放时间

本报讯 即日起，区图书馆周五、周六开放到晚上十点。记者 罗晓
"""


def test_similarity_reads_chinese_headlines():
    assert similarity("老旧小区加装电梯开工", "河畔新区老旧小区加装电梯全面开工") > 0.7
    assert similarity("社区食堂开进老小区", "区图书馆延长夜间开放时间") < 0.3
    assert similarity("", "标题") == 0.0
    assert similarity("“5G”基站建成", "5G基站建成") == 1.0


def plan(people, edition, title, number):
    pitch = make_pitch(
        people["reporter"],
        edition=edition,
        title=title,
        page=edition.page_plans.get(number=number),
    )
    return pitch.accept(people["desk_head"], due_at=due_tomorrow())


def test_an_imported_page_is_matched_to_its_plan(people, edition):
    lifts = plan(people, edition, "老旧小区加装电梯开工", 2)
    canteen = plan(people, edition, "社区食堂开进老小区", 2)
    elsewhere = plan(people, edition, "区图书馆冬季读书月", 3)
    unrelated = plan(people, edition, "冬季供暖管网检修", 2)

    result = import_page(
        parse_page(PAGE, edition=edition.date),
        name="page2.txt",
        edition=edition.date,
        print_page=2,
        user=people["editor"],
    )

    assert result.created == 3
    lifts.refresh_from_db()
    canteen.refresh_from_db()
    assert lifts.printed_article.headline == "河畔新区老旧小区加装电梯全面开工"
    assert canteen.printed_article.headline == "社区食堂开进明湖小区"
    assert lifts.printed_article.print_page == 2
    # Planned for page 3 and only loosely alike: not matched from another page.
    assert Assignment.objects.get(pk=elsewhere.pk).printed_article is None
    assert Assignment.objects.get(pk=unrelated.pk).printed_article is None
    event = PlanningEvent.objects.get(assignment=lifts, action=Action.PRINT_MATCH)
    assert "河畔新区老旧小区加装电梯全面开工" in event.comment
    assert event.actor == people["editor"]


def test_a_story_that_moved_page_is_matched_when_its_headline_is_close(people, edition):
    moved = plan(people, edition, "区图书馆延长夜间开放时间", 3)
    import_page(
        parse_page(PAGE, edition=edition.date),
        name="page2.txt",
        edition=edition.date,
        print_page=2,
    )
    moved.refresh_from_db()
    assert moved.printed_article.headline == "区图书馆延长夜间开放时间"


def test_a_dry_run_matches_nothing(people, edition):
    lifts = plan(people, edition, "老旧小区加装电梯开工", 2)
    import_page(
        parse_page(PAGE, edition=edition.date),
        name="page2.txt",
        edition=edition.date,
        print_page=2,
        dry_run=True,
    )
    lifts.refresh_from_db()
    assert lifts.printed_article is None


def test_matching_again_catches_stories_imported_before_the_plan(people, edition):
    import_page(
        parse_page(PAGE, edition=edition.date),
        name="page2.txt",
        edition=edition.date,
        print_page=2,
    )
    canteen = plan(people, edition, "社区食堂开进老小区", 2)
    killed = plan(people, edition, "老旧小区加装电梯开工", 2)
    killed.kill(people["desk_head"], "撤版")

    matched = match_print(edition.date, by=people["chief"])

    assert [(a.pk, art.headline) for a, art, _score in matched] == [
        (canteen.pk, "社区食堂开进明湖小区")
    ]
    # Once matched, a story is not matched twice.
    assert match_print(edition.date) == []


def test_the_budget_shows_what_ran(client, people, edition):
    lifts = plan(people, edition, "老旧小区加装电梯开工", 2)
    import_page(
        parse_page(PAGE, edition=edition.date),
        name="page2.txt",
        edition=edition.date,
        print_page=2,
    )
    client.force_login(people["chief"])
    from django.urls import reverse

    html = client.get(
        reverse("admin:planning_budget"), {"date": edition.date.isoformat()}
    ).content.decode()
    assert "见报 2版《河畔新区老旧小区加装电梯全面开工》" in html
    assert lifts.title in html or "河畔新区" in html
