"""Report.first_answered_at: the earliest answer, filled from the events for existing reports."""

from django.db import migrations, models
from django.db.models import Min, OuterRef, Subquery

ANSWER_KINDS = ("acknowledged", "planned", "done", "not_ours")


def fill(apps, schema_editor):
    Report = apps.get_model("reports", "Report")
    ReportEvent = apps.get_model("reports", "ReportEvent")
    first = (
        ReportEvent.objects.filter(report=OuterRef("pk"), kind__in=ANSWER_KINDS)
        .order_by()
        .values("report")
        .annotate(first=Min("at"))
        .values("first")
    )
    Report.objects.filter(
        pk__in=ReportEvent.objects.filter(kind__in=ANSWER_KINDS).values("report")
    ).update(first_answered_at=Subquery(first))


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_period_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="first_answered_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="first answer at"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
