"""Server time of the editors' article list at 100,000 articles.

    .venv/bin/python bench/admin_list.py                      # SQLite, var/bench/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench \
        .venv/bin/python bench/admin_list.py                  # PostgreSQL
"""

import argparse

from common import (
    QueryCounter,
    populate,
    refresh_planner_statistics,
    setup_django,
    timed,
)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    setup_django("admin_list.sqlite3")

    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test import Client

    from articles.models import Article
    from staff.models import Department, Reporter

    settings.ALLOWED_HOSTS = ["*"]
    total = populate(args.articles)
    refresh_planner_statistics()
    User = get_user_model()
    editor, created = User.objects.get_or_create(username="bench-editor", is_staff=True)
    if created:
        editor.groups.add(Group.objects.get(name="editors"))
    client = Client()
    client.force_login(editor)
    desk = Department.objects.first()
    reporter = Reporter.objects.first()
    last_page = min(Article.objects.count(), 10_000) // 50
    pages = {
        "list, page 1": {},
        f"list, page {last_page}": {"p": last_page},
        "state = published": {"state": "published"},
        "state = in review": {"state": "submitted"},
        "department": {"department__id__exact": desk.pk},
        "reporter": {"reporter": reporter.pk},
        "search 会议": {"q": "会议"},
    }
    print(f"{connection.vendor}, {total:,} articles; {args.repeat} runs each")
    print(f"{'page':<22}{'queries':>8}{'median ms':>11}{'p95 ms':>9}")
    for label, params in pages.items():
        with QueryCounter() as queries:
            response = client.get("/admin/articles/article/", params)
        assert response.status_code == 200, (label, response.status_code)

        def fetch(params=params):
            client.get("/admin/articles/article/", params)

        median, p95 = timed(fetch, args.repeat)
        print(f"{label:<22}{queries.count:>8}{median:>11.1f}{p95:>9.1f}")


if __name__ == "__main__":
    main()
