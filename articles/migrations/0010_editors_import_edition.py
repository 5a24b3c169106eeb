"""Let the editors group import print editions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "editors"
CODENAME = "import_edition"


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; this one needs it now.
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="articles", codename=CODENAME)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.filter(
        content_type__app_label="articles", codename=CODENAME
    ).first()
    group = Group.objects.filter(name=GROUP).first()
    if permission is not None and group is not None:
        group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_article_import_warnings"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
