"""Once let the editors group import print editions; see 0014_role_groups."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_article_import_warnings"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = []
