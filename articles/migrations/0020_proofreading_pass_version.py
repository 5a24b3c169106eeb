from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0019_article_event_version'),
    ]

    operations = [
        migrations.AddField(
            model_name='proofreadingpass',
            name='version',
            field=models.PositiveIntegerField(blank=True, null=True, verbose_name='version'),
        ),
    ]
