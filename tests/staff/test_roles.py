"""The roles' one declaration is what the groups hold, and what each role may do."""

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal

from staff.roles import ROLES, role, sync_role_groups

pytestmark = pytest.mark.django_db


def group_permissions(name):
    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Group.objects.get(name=name).permissions.select_related("content_type")
    }


@pytest.mark.parametrize("declared", ROLES, ids=lambda r: r.key)
def test_each_group_holds_exactly_its_roles_permissions(declared):
    assert group_permissions(declared.group) == set(declared.permissions)


def test_every_declared_permission_exists():
    existing = {
        f"{app_label}.{codename}"
        for app_label, codename in Permission.objects.values_list(
            "content_type__app_label", "codename"
        )
    }
    for declared in ROLES:
        assert declared.permissions <= existing, declared.key


def test_syncing_again_restores_a_group_changed_by_hand():
    editors = Group.objects.get(name="editors")
    editors.permissions.remove(Permission.objects.get(codename="publish_article"))
    editors.permissions.add(Permission.objects.get(codename="delete_reporter"))

    sync_role_groups(django_apps)

    assert group_permissions("editors") == set(role("editor").permissions)


@pytest.mark.django_db(transaction=True)
def test_an_emptied_database_gets_every_role_group_back():
    """A flush (as every transactional test ends with) empties the groups
    that migrations made; post_migrate makes them again, as declared."""
    call_command("flush", interactive=False, verbosity=0)

    for declared in ROLES:
        assert group_permissions(declared.group) == set(declared.permissions)


def test_migrate_keeps_a_group_changed_in_the_admin_and_remakes_a_deleted_one():
    editors = Group.objects.get(name="editors")
    editors.permissions.remove(Permission.objects.get(codename="publish_article"))
    Group.objects.filter(name=role("chief-editor").group).delete()

    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

    assert "articles.publish_article" not in group_permissions("editors")
    assert group_permissions(role("chief-editor").group) == set(
        role("chief-editor").permissions
    )


def test_the_review_stages_name_role_groups():
    """Each default review stage is signed by a role's group."""
    groups = {declared.group for declared in ROLES}
    assert {stage["group"] for stage in settings.NEWSROOM_REVIEW_STAGES} <= groups


@pytest.mark.parametrize(
    ("key", "may", "may_not"),
    [
        ("reporter", {"articles.submit_article"}, {"articles.review_article"}),
        ("editor", {"articles.import_edition", "articles.publish_article"}, set()),
        ("desk-head", {"articles.review_article"}, {"articles.publish_article"}),
        ("chief-editor", {"articles.publish_article"}, {"articles.import_edition"}),
        ("proofreader", {"articles.proofread_article"}, {"articles.add_article"}),
    ],
)
def test_roles_in_pairs(key, may, may_not):
    permissions = role(key).permissions
    assert may <= permissions
    assert not (may_not & permissions)
