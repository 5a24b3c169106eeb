from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0018_article_imported_by'),
    ]

    operations = [
        migrations.AddField(
            model_name='articleevent',
            name='version',
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name='version'),
        ),
    ]
