"""Let editors and chief editors view and correct the print pages."""

from django.db import migrations

from staff.roles import sync_role_groups


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0016_print_pages_from_articles"),
        ("staff", "0003_reporter_intern_title"),
    ]

    operations = [migrations.RunPython(sync_role_groups, migrations.RunPython.noop)]
