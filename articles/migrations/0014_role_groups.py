"""Give each role's group exactly the permissions staff/roles.py declares.

Run again (in a new migration) whenever the declaration changes.
"""

from django.db import migrations

from staff.roles import sync_role_groups


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_sitemap_lastmod_index"),
        ("staff", "0002_reporter_headshot_renditions"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
