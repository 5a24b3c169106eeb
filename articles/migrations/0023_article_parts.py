from django.db import migrations, models

from articles.models.page_parts import write_parts


def write_every_story_parts(apps, schema_editor):
    """Copy every story's parts into its new column, in batches."""
    articles = apps.get_model("articles", "Article").objects
    write_parts(articles.using(schema_editor.connection.alias).all(), apps)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0022_article_responsible_editor"),
        ("staff", "0003_reporter_intern_title"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="parts",
            field=models.JSONField(
                blank=True,
                default=dict,
                editable=False,
                help_text=(
                    "A copy of its bylines, photos, tags, corrections and print "
                    "pages, written whenever they change, so pages read one row "
                    "per story."
                ),
                verbose_name="what pages show of its parts",
            ),
        ),
        migrations.RunPython(write_every_story_parts, migrations.RunPython.noop),
    ]
