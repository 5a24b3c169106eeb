import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import Exists, OuterRef


def move_importers(apps, schema_editor):
    """Stories imported so far named their importer as creator: move them."""
    Article = apps.get_model("articles", "Article")
    ArticleEvent = apps.get_model("articles", "ArticleEvent")
    imported_by_creator = ArticleEvent.objects.filter(
        article=OuterRef("pk"), action="import", actor=OuterRef("created_by")
    )
    stories = Article.objects.filter(
        import_fingerprint__isnull=False, created_by__isnull=False
    ).filter(Exists(imported_by_creator))
    for pk, user_id in stories.values_list("pk", "created_by"):
        Article.objects.filter(pk=pk).update(imported_by=user_id, created_by=None)


def restore_creators(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    for pk, user_id in Article.objects.filter(
        imported_by__isnull=False, created_by__isnull=True
    ).values_list("pk", "imported_by"):
        Article.objects.filter(pk=pk).update(created_by=user_id)


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0017_role_groups_print_pages'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='article',
            name='imported_by',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='articles_imported', to=settings.AUTH_USER_MODEL, verbose_name='imported by'),
        ),
        migrations.AlterField(
            model_name='article',
            name='version',
            field=models.PositiveIntegerField(default=1, editable=False, help_text='Goes up when the words or fields are saved, never on a workflow step; a form from an older version is refused.', verbose_name='version'),
        ),
        migrations.RunPython(move_importers, restore_creators),
    ]
