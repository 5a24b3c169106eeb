"""Give the roles' groups the planning desk's permissions (staff/roles.py)."""

from django.db import migrations

from staff.roles import sync_role_groups


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0001_planning_desk"),
        ("articles", "0014_role_groups"),
    ]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
