"""Server time of the budget (稿单) of a day with 200 planned stories on 16 pages.

    .venv/bin/python bench/planning_budget.py                     # SQLite, var/bench/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench \
        .venv/bin/python bench/planning_budget.py                 # PostgreSQL

Two editions are planned: one with 20 stories, one with 200 (180
assignments in every state, 20 open pitches), so the query counts show they
do not grow with the stories. Each page is fetched through Django's test
client as the chief, who sees every pitch.
"""

import argparse
import random
from datetime import date, timedelta

from common import QueryCounter, refresh_planner_statistics, setup_django, timed

PAGES = 16
STATES = (
    ["assigned"] * 15
    + ["drafting"] * 40
    + ["in_review"] * 20
    + ["signed"] * 10
    + ["published"] * 10
    + ["killed"] * 5
)


def plan_edition(day, count, people):
    """Plan ``count`` stories on ``day`` (a tenth of them pitches), unless done."""
    from django.utils import timezone

    from articles.models import Article
    from planning.models import Assignment, Edition, Pitch

    edition = Edition.objects.open(day)
    existing = (
        Assignment.objects.filter(edition=edition).count()
        + Pitch.objects.filter(edition=edition).count()
    )
    if existing >= count:
        return edition
    rng = random.Random(count)
    pages = list(edition.page_plans.order_by("number"))
    chief, reporter_user, reporters, desk = people
    now = timezone.now()
    pitches = count // 10
    for n in range(count - pitches):
        page = pages[n % len(pages)]
        assignment = Assignment.assign(
            chief,
            title=f"第{n}号稿件：社区服务中心延长开放时间",
            department=desk,
            edition=edition,
            page=page,
            planned_length=rng.randrange(400, 2000, 100),
            due_at=now + timedelta(hours=rng.randrange(-6, 24)),
            reporters=[rng.choice(reporters)],
            photographers=[rng.choice(reporters)] if n % 3 == 0 else [],
        )
        state = rng.choice(STATES)
        article = Article.objects.filter(pk=assignment.article_id)
        body = (
            "<p>"
            + "本报讯 社区服务中心开放时间延长到晚上八点。" * rng.randrange(5, 60)
            + "</p>"
        )
        if state != "assigned":
            story = article.get()
            story.body = body
            story.save()
        if state == "in_review":
            article.update(status="submitted", review_round=1, review_stage=n % 3)
        elif state == "signed":
            article.update(status="published", published_at=now + timedelta(hours=8))
        elif state == "published":
            article.update(status="published", published_at=now - timedelta(hours=1))
        elif state == "killed":
            assignment.kill(chief, "版面调整")
    for n in range(pitches):
        Pitch.propose(
            reporter_user,
            title=f"第{n}号报题：夜市摊位规范管理",
            description="夜市摊位整改一个月，摊主和居民怎么看。",
            department=desk,
            edition=edition,
            page=pages[n % len(pages)],
            planned_length=800,
        )
    return edition


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    setup_django("planning_budget.sqlite3")

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection, transaction
    from django.test import Client

    from outbox.models import Message
    from planning.models import Page
    from staff.models import Department, Reporter

    settings.ALLOWED_HOSTS = ["*"]
    User = get_user_model()
    desk, _ = Department.objects.get_or_create(
        slug="bench-desk", defaults={"name": "测试部"}
    )
    with transaction.atomic():
        for number in range(1, PAGES + 1):
            Page.objects.get_or_create(
                number=number,
                is_active=True,
                defaults={"name": f"第{number}版", "capacity": 6000},
            )
        chief, created = User.objects.get_or_create(
            username="bench-chief", is_staff=True
        )
        if created:
            chief.groups.add(Group.objects.get(name="chief_editors"))
        reporter_user, created = User.objects.get_or_create(
            username="bench-reporter", is_staff=True
        )
        if created:
            reporter_user.groups.add(Group.objects.get(name="reporters"))
            Reporter.objects.create(name="报题人", user=reporter_user, department=desk)
        reporters = [
            Reporter.objects.get_or_create(
                slug=f"bench-plan-{n}", defaults={"name": f"记者{n}"}
            )[0]
            for n in range(20)
        ]
        people = (chief, reporter_user, reporters, desk)
        small = plan_edition(date(2030, 1, 1), 20, people)
        large = plan_edition(date(2030, 1, 2), 200, people)
        # The budget reads; the mail the planning queued is the outbox's.
        Message.objects.all().delete()
    refresh_planner_statistics()

    client = Client()
    client.force_login(chief)
    print(f"{connection.vendor}; {args.repeat} runs each after one warm-up")
    print(f"{'page':<34}{'queries':>8}{'median ms':>11}{'p95 ms':>9}")
    for label, url, edition in [
        ("budget, 20 stories", "/admin/planning/edition/budget/", small),
        ("budget, 200 stories on 16 pages", "/admin/planning/edition/budget/", large),
        ("CSV, 200 stories", "/admin/planning/edition/budget.csv", large),
    ]:
        params = {"date": edition.date.isoformat()}
        client.get(url, params)  # the outbox's once-a-minute check, out of the way
        with QueryCounter() as queries:
            response = client.get(url, params)
        assert response.status_code == 200, (label, response.status_code)

        def fetch(url=url, params=params):
            client.get(url, params)

        median, p95 = timed(fetch, args.repeat)
        print(f"{label:<34}{queries.count:>8}{median:>11.1f}{p95:>9.1f}")


if __name__ == "__main__":
    main()
