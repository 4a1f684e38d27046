# The scheduler's ScheduledRun moves to the core app: its table is renamed to core's name and
# the model leaves this app's state; core's first migration takes it over with its rows.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('digests', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name='scheduledrun', table='core_scheduledrun'),
            ],
            state_operations=[
                migrations.DeleteModel(name='ScheduledRun'),
            ],
        ),
    ]
