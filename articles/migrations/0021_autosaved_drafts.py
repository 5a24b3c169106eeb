import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0020_proofreading_pass_version'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AutosavedDraft',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('headline', models.CharField(blank=True, max_length=200, verbose_name='headline')),
                ('dek', models.TextField(blank=True, verbose_name='summary')),
                ('body', models.TextField(blank=True, verbose_name='body')),
                ('base_version', models.PositiveIntegerField(blank=True, null=True, verbose_name='version')),
                ('saved_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='saved')),
                ('article', models.ForeignKey(blank=True, help_text='Empty for a story not saved yet.', null=True, on_delete=django.db.models.deletion.CASCADE, related_name='autosaved_drafts', to='articles.article', verbose_name='article')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
            ],
            options={
                'verbose_name': 'autosaved draft',
                'verbose_name_plural': 'autosaved drafts',
                'constraints': [models.UniqueConstraint(fields=('article', 'user'), name='autosave_one_per_story'), models.UniqueConstraint(condition=models.Q(('article__isnull', True)), fields=('user',), name='autosave_one_new_story')],
            },
        ),
    ]
