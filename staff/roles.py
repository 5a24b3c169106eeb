"""The newsroom's roles: each one's login group, printed title and permissions.

This is the one declaration of who may do what by role. Migrations give each
group exactly these permissions (``sync_role_groups``), ``add_staff`` creates
logins by role, and the demo uses the same roles. The group names are also
what ``NEWSROOM_REVIEW_STAGES`` names as each review stage's signers.
"""

from dataclasses import dataclass

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS, transaction
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Role:
    key: str
    group: str
    # A Reporter.Title value: how the person's byline profile is titled.
    title: str
    description: str
    permissions: frozenset
    # What the admin calls the role (the group's name is an identifier).
    label: str = ""


def _perms(model, *actions):
    app_label, name = model.split(".")
    return {f"{app_label}.{action}_{name}" for action in actions}


ALL = ("add", "change", "delete", "view")
DESK_DIRECTORY = {"staff.view_department", "staff.view_reporter"}
# Writing a story: its text, credits, photos and tags.
WRITING = (
    _perms("articles.article", "add", "change", "view")
    | _perms("articles.byline", *ALL)
    | _perms("articles.photo", *ALL)
    | {"taggit.add_tag", "taggit.view_tag"}
    | DESK_DIRECTORY
)
# Reading every story and signing one's review stage.
REVIEWING = {
    "articles.view_article",
    "articles.change_article",
    "articles.review_article",
    "articles.proofread_article",
    "articles.view_bannedword",
    "articles.view_byline",
    "articles.view_photo",
} | DESK_DIRECTORY
# What an editor-in-charge does besides reviewing: publish, retract, correct,
# keep desks, reporters, tags and the banned-words list.
RUNNING_THE_DESK = (
    WRITING
    | REVIEWING
    | {
        "articles.delete_article",
        "articles.submit_article",
        "articles.publish_article",
        "articles.unpublish_article",
        "articles.correct_article",
        "articles.preview_article",
        "taggit.change_tag",
    }
    | _perms("articles.bannedword", *ALL)
    # The print edition's pages: fix a page's name or editors after an import.
    | _perms("articles.printpage", "change", "view")
    | _perms("staff.department", "add", "change", "view")
    | _perms("staff.reporter", "add", "change", "view")
)

# The planning desk (planning/): everyone sees the budget and the calendar
# and may pitch; reporters see and revise their own pitches and assignments.
PLANNING_READ = {
    "planning.view_budget",
    "planning.view_edition",
    "planning.view_page",
    "planning.view_pageplan",
}
PITCHING = (
    PLANNING_READ
    | _perms("planning.pitch", "add", "change", "view")
    | {"planning.view_assignment"}
)
# Commissioning stories and moving them between pages and days.
ASSIGNING = _perms("planning.assignment", "add", "change", "view")
# Keeping the lineup of pages and the days' page plans.
PAGE_PLANNING = (
    _perms("planning.page", "add", "change", "view")
    | _perms("planning.edition", "add", "change", "view")
    | _perms("planning.pageplan", *ALL)
)
# 选题会: accepting, rejecting, merging and questioning pitches, and killing.
DECIDING = {"planning.decide_pitch", "planning.kill_assignment"}

ROLES = (
    Role(
        "reporter",
        "reporters",
        "reporter",
        "writes and submits stories, pitches (记者)",
        frozenset(WRITING | PITCHING | {"articles.submit_article"}),
        label=_("Reporters"),
    ),
    Role(
        "editor",
        "editors",
        "editor",
        "初审, publishes, imports the print edition, assigns and lays out pages "
        "(责任编辑)",
        frozenset(
            RUNNING_THE_DESK
            | PITCHING
            | ASSIGNING
            | PAGE_PLANNING
            | {"articles.import_edition", "planning.plan_all_desks"}
        ),
        label=_("Editors"),
    ),
    Role(
        "desk-head",
        "desk_heads",
        "editor",
        "复审 for their own desk, and its 选题 and assignments (部门主任)",
        frozenset(
            REVIEWING
            | PITCHING
            | ASSIGNING
            | DECIDING
            | {
                "articles.add_byline",
                "articles.change_byline",
                "articles.delete_byline",
                "articles.add_photo",
                "articles.change_photo",
                "articles.preview_article",
                "taggit.add_tag",
                "taggit.view_tag",
            }
        ),
        label=_("Desk heads"),
    ),
    Role(
        "chief-editor",
        "chief_editors",
        "editor",
        "终审 and 签发, decides 选题 for every desk (总编辑)",
        frozenset(
            RUNNING_THE_DESK
            | PITCHING
            | ASSIGNING
            | PAGE_PLANNING
            | DECIDING
            | {"planning.plan_all_desks"}
        ),
        label=_("Chief editors"),
    ),
    Role(
        "proofreader",
        "proofreaders",
        "editor",
        "records 一校/二校/三校 (校对)",
        frozenset(REVIEWING | PLANNING_READ | {"taggit.view_tag"}),
        label=_("Proofreaders"),
    ),
)
ROLES_BY_KEY = {role.key: role for role in ROLES}


def role(key):
    return ROLES_BY_KEY[key]


def sync_role_groups(apps, schema_editor=None):
    """Give each role's group exactly its declared permissions (for migrations).

    Permissions that do not exist yet at this point of the migration history
    are left for the later migration that syncs again once they do.
    """
    using = schema_editor.connection.alias if schema_editor else DEFAULT_DB_ALIAS
    _give_declared_permissions(apps, ROLES, using)


def create_missing_role_groups(
    sender, apps=global_apps, using=DEFAULT_DB_ALIAS, **kwargs
):
    """After ``migrate`` or ``flush``, create any role group that is missing.

    A group that exists keeps the permissions it has: a paper that changed
    them in the admin keeps its changes. Only an emptied database (a
    ``flush``, as transactional tests do) or a deleted group gets the
    declared ones back.
    """
    Group = apps.get_model("auth", "Group")
    names = {declared.group for declared in ROLES}
    present = set(
        Group.objects.using(using).filter(name__in=names).values_list("name", flat=True)
    )
    missing = [declared for declared in ROLES if declared.group not in present]
    if missing:
        with transaction.atomic(using=using):
            _give_declared_permissions(apps, missing, using)


def _give_declared_permissions(apps, roles, using):
    # Django creates permissions after all migrations have run; these
    # groups need them now.
    app_labels = {name.split(".")[0] for r in roles for name in r.permissions}
    for app_label in sorted(app_labels):
        try:
            app_config = apps.get_app_config(app_label)
        except LookupError:
            # An app whose models this point of the history has not reached.
            continue
        # A migration's historical app has no models module, and
        # create_permissions skips such apps; the running site's apps have one.
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        try:
            create_permissions(app_config, verbosity=0, apps=apps, using=using)
        finally:
            app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    existing = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in Permission.objects.using(using).values_list(
            "pk", "content_type__app_label", "codename"
        )
    }
    for declared in roles:
        group, _ = Group.objects.using(using).get_or_create(name=declared.group)
        group.permissions.set(
            [existing[name] for name in declared.permissions if name in existing]
        )
