"""Planned passages carry their landlord and neighbourhood (those of their entrance when
planned): the perimeter rule reads them, so that a passage stays with the landlord of its night
when the entrance changes landlord (docs/authorization.md)."""

import django.db.models.deletion
from django.db import migrations, models


def copy_from_entrances(apps, schema_editor):
    Entry = apps.get_model("field", "PatrolPlanEntry")
    Entrance = apps.get_model("territory", "Entrance")
    places = dict(
        (pk, (landlord, hood))
        for pk, landlord, hood in Entrance.objects.values_list(
            "pk", "landlord_id", "neighbourhood_id"
        )
    )
    for entry in Entry.objects.only("pk", "entrance_id").iterator(chunk_size=2000):
        landlord, hood = places[entry.entrance_id]
        Entry.objects.filter(pk=entry.pk).update(landlord_id=landlord, neighbourhood_id=hood)


class Migration(migrations.Migration):
    dependencies = [
        ("field", "0003_night_places_index"),
        ("territory", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="patrolplanentry",
            name="landlord",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="territory.organisation",
                verbose_name="landlord",
            ),
        ),
        migrations.AddField(
            model_name="patrolplanentry",
            name="neighbourhood",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="territory.neighbourhood",
                verbose_name="neighbourhood",
            ),
        ),
        migrations.RunPython(copy_from_entrances, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="patrolplanentry",
            name="landlord",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="territory.organisation",
                verbose_name="landlord",
            ),
        ),
        migrations.AlterField(
            model_name="patrolplanentry",
            name="neighbourhood",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="territory.neighbourhood",
                verbose_name="neighbourhood",
            ),
        ),
    ]
