"""The entrance year roll-up (ADR 0030), summed here from the existing month rows."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Sum
from django.db.models.functions import TruncYear


def fill(apps, schema_editor):
    Month = apps.get_model("analytics", "EntranceMonthRollup")
    Year = apps.get_model("analytics", "EntranceYearRollup")
    rows = (
        Month.objects.order_by()
        .annotate(first=TruncYear("month"))
        .values("scheme_id", "first", "entrance_id", "neighbourhood_id", "landlord_id")
        .annotate(n=Sum("interventions"), patrols=Sum("patrols"))
    )
    Year.objects.bulk_create(
        (
            Year(
                scheme_id=r["scheme_id"],
                year=r["first"],
                entrance_id=r["entrance_id"],
                neighbourhood_id=r["neighbourhood_id"],
                landlord_id=r["landlord_id"],
                interventions=r["n"],
                patrols=r["patrols"],
            )
            for r in rows.iterator(chunk_size=5000)
        ),
        batch_size=5000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("analytics", "0006_entrance_month_covering"),
        ("schemes", "0002_initial"),
        ("territory", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="EntranceYearRollup",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.DateField(help_text="1 January of the year.")),
                (
                    "interventions",
                    models.PositiveIntegerField(default=0, verbose_name="interventions"),
                ),
                ("patrols", models.PositiveIntegerField(default=0, verbose_name="patrols")),
                (
                    "entrance",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="territory.entrance",
                    ),
                ),
                (
                    "landlord",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="territory.organisation",
                    ),
                ),
                (
                    "neighbourhood",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="territory.neighbourhood",
                    ),
                ),
                (
                    "scheme",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="schemes.scheme",
                    ),
                ),
            ],
            options={
                "verbose_name": "entrance year roll-up",
                "verbose_name_plural": "entrance year roll-ups",
                "indexes": [
                    models.Index(
                        fields=["scheme", "year"],
                        include=(
                            "entrance",
                            "interventions",
                            "patrols",
                            "neighbourhood",
                            "landlord",
                        ),
                        name="entrance_year_covering",
                    )
                ],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
