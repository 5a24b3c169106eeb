"""A starting list of words the proofreading panel flags.

This migration once also created the 三审三校 groups (desk_heads,
chief_editors, proofreaders); the groups and their permissions are now
declared once, in staff/roles.py, and given by migration 0014_role_groups.
"""

from django.db import migrations

# Superlatives the Advertising Law bars; a newsroom edits this list in the admin.
ADVERTISING_WORDS = ["最佳", "最高级", "国家级", "顶级", "第一"]


def forwards(apps, schema_editor):
    BannedWord = apps.get_model("articles", "BannedWord")
    for word in ADVERTISING_WORDS:
        BannedWord.objects.get_or_create(
            word=word,
            defaults={"kind": "advertising", "note": "《广告法》禁用的极限用语"},
        )


def backwards(apps, schema_editor):
    apps.get_model("articles", "BannedWord").objects.filter(
        word__in=ADVERTISING_WORDS, kind="advertising"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_proofreading")]

    operations = [migrations.RunPython(forwards, backwards)]
