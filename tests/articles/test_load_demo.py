import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from articles.models import Article, Byline, Photo
from staff.models import Department, Reporter, staff_name

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.slow,
    pytest.mark.usefixtures("one_stage"),
]


def counts():
    return {
        "departments": Department.objects.count(),
        "reporters": Reporter.objects.count(),
        "articles": Article.objects.count(),
        "bylines": Byline.objects.count(),
        "photos": Photo.objects.count(),
        "users": get_user_model().objects.count(),
    }


def test_loads_a_populated_site_and_is_idempotent(capsys):
    call_command("load_demo", "--password", "local-demo-password")
    first = counts()
    call_command("load_demo", "--password", "local-demo-password")

    assert counts() == first
    assert first["departments"] >= 3
    # The day's plan adds drafts for its assignments (tests/planning/test_demo.py).
    assert Article.objects.published().count() >= 12
    assert Article.objects.filter(assignment__isnull=True).count() == 12
    assert Photo.objects.exclude(alt_text="").count() == first["photos"] > 0
    assert "0 new" in capsys.readouterr().out


def test_demo_logins_can_use_the_admin(client):
    call_command("load_demo", "--password", "local-demo-password")

    for username in (
        "demo-reporter",
        "demo-editor",
        "demo-desk-head",
        "demo-chief",
        "demo-proofreader",
    ):
        # Through the sign-in form, as people sign in (and as login
        # throttling counts them).
        signed_in = client.post(
            "/admin/login/",
            {
                "username": username,
                "password": "local-demo-password",
                "next": "/admin/",
            },
        )
        assert signed_in.status_code == 302, username
        assert client.get("/admin/").status_code == 200
        assert client.get("/admin/articles/article/").status_code == 200
        client.logout()


def test_demo_articles_appear_on_the_front_page(client):
    call_command("load_demo")
    newest = Article.objects.published().newest_first().first()

    response = client.get("/")

    assert newest.headline in response.content.decode()
    story = client.get(newest.get_absolute_url())
    assert story.status_code == 200
    # Signed stories credit their 初审 editor, and the 数字报 has them.
    assert '<p class="story__editor">责任编辑：沈屹</p>' in story.text
    edition = client.get("/edition/", follow=True)
    assert edition.status_code == 200
    assert newest.headline in edition.text


def test_demo_logins_have_names_and_addresses(client):
    call_command("load_demo", "--password", "local-demo-password")
    User = get_user_model()

    people = {u.username: u for u in User.objects.filter(username__startswith="demo-")}

    assert {name: staff_name(user) for name, user in people.items()} == {
        "demo-reporter": "顾晓岚",
        "demo-editor": "沈屹",
        "demo-desk-head": "温知行",
        "demo-chief": "严正平",
        "demo-proofreader": "陆清",
    }
    assert all(user.get_full_name() and user.email for user in people.values())
    client.force_login(people["demo-proofreader"])
    assert "<strong>陆清</strong>" in client.get("/admin/").text
