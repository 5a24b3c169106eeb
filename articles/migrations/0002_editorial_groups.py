"""Create the reporters and editors groups with the model permissions they need.

The workflow's own permissions (submit, publish …) are added to these groups by
later migrations; the group names are the stable contract.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_PERMISSIONS = {
    "reporters": [
        "articles.add_article",
        "articles.change_article",
        "articles.view_article",
        "articles.add_byline",
        "articles.change_byline",
        "articles.delete_byline",
        "articles.view_byline",
        "articles.add_photo",
        "articles.change_photo",
        "articles.delete_photo",
        "articles.view_photo",
        "staff.view_department",
        "staff.view_reporter",
        "taggit.add_tag",
        "taggit.view_tag",
    ],
    "editors": [
        "articles.add_article",
        "articles.change_article",
        "articles.delete_article",
        "articles.view_article",
        "articles.add_byline",
        "articles.change_byline",
        "articles.delete_byline",
        "articles.view_byline",
        "articles.add_photo",
        "articles.change_photo",
        "articles.delete_photo",
        "articles.view_photo",
        "staff.add_department",
        "staff.change_department",
        "staff.view_department",
        "staff.add_reporter",
        "staff.change_reporter",
        "staff.view_reporter",
        "taggit.add_tag",
        "taggit.change_tag",
        "taggit.view_tag",
    ],
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations; this one needs them now.
    for app_label in ("articles", "staff", "taggit"):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, perm_names in GROUP_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=group_name)
        for perm_name in perm_names:
            app_label, codename = perm_name.split(".")
            group.permissions.add(
                Permission.objects.get(
                    content_type__app_label=app_label, codename=codename
                )
            )


def delete_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=GROUP_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("staff", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, delete_groups)]
