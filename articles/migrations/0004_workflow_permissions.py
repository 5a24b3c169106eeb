"""Once gave the editorial groups the workflow's permissions; see 0014_role_groups."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_workflow_records")]

    operations = []
