"""Occurrence.merged: every occurrence but its report's first (by time, then id)."""

from django.db import migrations, models
from django.db.models import Exists, OuterRef, Q


def fill(apps, schema_editor):
    Occurrence = apps.get_model("reports", "Occurrence")
    earlier = Occurrence.objects.filter(report=OuterRef("report")).filter(
        Q(at__lt=OuterRef("at")) | Q(at=OuterRef("at"), pk__lt=OuterRef("pk"))
    )
    Occurrence.objects.filter(Exists(earlier)).update(merged=True)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0003_report_first_answered_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="occurrence",
            name="merged",
            field=models.BooleanField(default=False, verbose_name="merged duplicate"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
