"""Occurrence.scheme: the report's scheme, copied (filled here; made required in 0006)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    Occurrence = apps.get_model("reports", "Occurrence")
    Report = apps.get_model("reports", "Report")
    Occurrence.objects.update(
        scheme=Subquery(Report.objects.filter(pk=OuterRef("report")).values("scheme")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0004_occurrence_merged"),
        ("schemes", "0002_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="occurrence",
            name="scheme",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="schemes.scheme",
                verbose_name="scheme",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
