from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('outbox', '0001_outgoing_mail'),
    ]

    operations = [
        migrations.AddField(
            model_name='message',
            name='topic',
            field=models.CharField(blank=True, db_index=True, max_length=100, verbose_name='topic'),
        ),
    ]
