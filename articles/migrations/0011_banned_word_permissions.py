"""Once let editors keep the banned-words list; see 0014_role_groups."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("articles", "0010_editors_import_edition")]

    operations = []
