# ScheduledRun comes from the digests app with its table (renamed by digests 0002) and its rows;
# only the state is created here. Its content type follows, so granted permissions are kept.

from django.db import migrations, models


def content_type_to(app_label, other):
    def move(apps, schema_editor):
        content_type = apps.get_model('contenttypes', 'ContentType')
        rows = content_type.objects.using(schema_editor.connection.alias)
        if not rows.filter(app_label=app_label, model='scheduledrun').exists():
            rows.filter(app_label=other, model='scheduledrun').update(app_label=app_label)

    return move


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('digests', '0002_scheduledrun_to_core'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ScheduledRun',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('job', models.CharField(max_length=60, verbose_name='job')),
                        ('key', models.CharField(max_length=60, verbose_name='key')),
                        ('at', models.DateTimeField(verbose_name='at')),
                    ],
                    options={
                        'verbose_name': 'scheduled run',
                        'verbose_name_plural': 'scheduled runs',
                        'constraints': [models.UniqueConstraint(fields=('job', 'key'), name='scheduled_run_once')],
                    },
                ),
            ],
        ),
        migrations.RunPython(content_type_to('core', 'digests'), content_type_to('digests', 'core')),
    ]
