"""Groups for 三审三校 and a starting list of words the proofreading panel flags.

editors sign 初审 (责任编辑), desk_heads sign 复审 for their own desk (部门主任),
chief_editors sign 终审 and 签发 (总编辑/值班总编), proofreaders record 校次.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REVIEWER_BASE = [
    "articles.view_article",
    "articles.change_article",
    "articles.add_byline",
    "articles.change_byline",
    "articles.delete_byline",
    "articles.view_byline",
    "articles.add_photo",
    "articles.change_photo",
    "articles.view_photo",
    "articles.review_article",
    "articles.proofread_article",
    "staff.view_department",
    "staff.view_reporter",
    "taggit.add_tag",
    "taggit.view_tag",
]

GROUP_PERMISSIONS = {
    "editors": ["articles.proofread_article"],
    "desk_heads": REVIEWER_BASE + ["articles.preview_article"],
    "chief_editors": REVIEWER_BASE
    + [
        "articles.add_article",
        "articles.delete_article",
        "articles.delete_photo",
        "articles.submit_article",
        "articles.publish_article",
        "articles.unpublish_article",
        "articles.correct_article",
        "articles.preview_article",
        "staff.add_department",
        "staff.change_department",
        "staff.add_reporter",
        "staff.change_reporter",
        "taggit.change_tag",
    ],
    "proofreaders": [
        "articles.view_article",
        "articles.change_article",
        "articles.view_byline",
        "articles.view_photo",
        "articles.review_article",
        "articles.proofread_article",
        "staff.view_department",
        "staff.view_reporter",
        "taggit.view_tag",
    ],
}
NEW_GROUPS = ["desk_heads", "chief_editors", "proofreaders"]

# Superlatives the Advertising Law bars; a newsroom edits this list in the admin.
ADVERTISING_WORDS = ["最佳", "最高级", "国家级", "顶级", "第一"]


def forwards(apps, schema_editor):
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
    BannedWord = apps.get_model("articles", "BannedWord")
    for word in ADVERTISING_WORDS:
        BannedWord.objects.get_or_create(
            word=word,
            defaults={"kind": "advertising", "note": "《广告法》禁用的极限用语"},
        )


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.filter(name__in=NEW_GROUPS).delete()
    editors = Group.objects.filter(name="editors").first()
    if editors:
        editors.permissions.remove(
            *Permission.objects.filter(codename="proofread_article")
        )
    apps.get_model("articles", "BannedWord").objects.filter(
        word__in=ADVERTISING_WORDS, kind="advertising"
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_proofreading")]

    operations = [migrations.RunPython(forwards, backwards)]
