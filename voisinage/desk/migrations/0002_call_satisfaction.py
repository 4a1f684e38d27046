"""Call.satisfaction: the answered survey's "satisfied" answer, copied onto the call (filled
here for existing calls), and a covering index for the desk's figures (ADR 0030)."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    Call = apps.get_model("desk", "Call")
    Survey = apps.get_model("desk", "SatisfactionSurvey")
    answered = Survey.objects.filter(answered_at__isnull=False)
    Call.objects.filter(pk__in=answered.values("call")).update(
        satisfaction=Subquery(answered.filter(call=OuterRef("pk")).values("satisfied")[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("desk", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="call",
            name="satisfaction",
            field=models.CharField(
                blank=True,
                choices=[("yes", "Yes"), ("partly", "Partly"), ("no", "No")],
                max_length=10,
                verbose_name="caller satisfied",
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="call",
            index=models.Index(
                fields=["scheme", "night"],
                include=(
                    "id", "event", "received_at", "on_site_at", "called_back_at", "satisfaction",
                ),
                name="desk_call_figures",
            ),
        ),
    ]
