import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from staff.models import Reporter
from tests.factories import make_department, make_user

pytestmark = pytest.mark.django_db

User = get_user_model()


def test_creates_login_profile_and_group_membership():
    desk = make_department(slug="politics")

    call_command(
        "add_staff",
        "luoxiao",
        "--role",
        "reporter",
        "--name",
        "罗晓",
        "--department",
        "politics",
        "--password",
        "a-long-safe-passphrase",
    )

    user = User.objects.get(username="luoxiao")
    assert user.is_staff
    assert not user.is_superuser
    assert user.check_password("a-long-safe-passphrase")
    assert list(user.groups.values_list("name", flat=True)) == ["reporters"]
    assert user.reporter.name == "罗晓"
    assert user.reporter.department == desk
    assert user.reporter.slug == "luo-xiao"
    assert user.has_perm("articles.add_article")
    assert not user.has_perm("articles.delete_article")


def test_editor_role_joins_the_editors_group():
    call_command("add_staff", "chief", "--role", "editor")

    user = User.objects.get(username="chief")
    assert list(user.groups.values_list("name", flat=True)) == ["editors"]
    assert user.reporter.title == Reporter.Title.EDITOR
    assert not user.has_usable_password()
    assert user.has_perm("articles.delete_article")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["x", "--role", "reporter", "--department", "nowhere"], "No department"),
        (["x", "--role", "reporter", "--password", "123"], "too short"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(args, message):
    make_department(slug="politics")

    with pytest.raises(CommandError, match=message):
        call_command("add_staff", *args)

    assert not User.objects.filter(username="x").exists()
    assert not Reporter.objects.exists()


def test_unknown_role_is_refused():
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("add_staff", "x", "--role", "publisher")
    assert not User.objects.filter(username="x").exists()


def test_existing_username_is_refused_and_left_alone():
    existing = make_user(username="luoxiao", is_staff=False)

    with pytest.raises(CommandError, match="already exists"):
        call_command("add_staff", "luoxiao", "--role", "editor")

    existing.refresh_from_db()
    assert not existing.is_staff
    assert not existing.groups.exists()
    assert not Reporter.objects.exists()
