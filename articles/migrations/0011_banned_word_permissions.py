"""Let editors and chief editors keep the banned-words list."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["add_bannedword", "change_bannedword", "delete_bannedword", "view_bannedword"]
GROUPS = {"editors": CODENAMES, "chief_editors": CODENAMES, "desk_heads": ["view_bannedword"],
          "proofreaders": ["view_bannedword"]}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="articles", codename__in=codenames
            )
        )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="articles", codename__in=CODENAMES
            )
        )


class Migration(migrations.Migration):
    dependencies = [("articles", "0010_editors_import_edition")]

    operations = [migrations.RunPython(grant, revoke)]
