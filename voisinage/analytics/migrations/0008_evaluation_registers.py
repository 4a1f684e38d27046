from django.db import migrations, models
import django.db.models.deletion

# The default types' words, as they were when types became data (copied: a migration must not
# change when analytics/evaluation.py does).
DEFAULTS = {
    "conflict_resolved": (
        "Conflit réglé sur place",
        "Une intervention résolue sur place où une situation de comportement a été constatée.",
        "conflit réglé",
        "une diminution de 385 500 € en contentieux (valorisation économique de l'aspect "
        "préventif)",
    ),
    "anomaly_reported": (
        "Anomalie technique signalée tôt",
        "Une intervention où une situation matérielle (dégradation, anomalie) a été constatée.",
        "anomalie signalée",
        "une diminution de 60 à 75 % des dépenses publiques sur dégradations",
    ),
    "handed_over": (
        "Personne orientée vers le service d'un partenaire",
        "Une intervention passée à un partenaire.",
        "personne orientée",
        "une augmentation de 9 % de fréquentation des services des partenaires",
    ),
}


def fill_types(apps, schema_editor):
    AvoidedCostUnit = apps.get_model("analytics", "AvoidedCostUnit")
    for unit in AvoidedCostUnit.objects.all():
        label, definition, word, figure = DEFAULTS.get(
            unit.event, (unit.event, "", unit.event, "")
        )
        unit.label = label
        unit.definition = definition
        unit.unit = word
        unit.reference_figure = figure
        unit.counted_as = unit.event if unit.event in DEFAULTS else "activity"
        unit.counted_code = "" if unit.event in DEFAULTS else unit.event
        unit.save()


class Migration(migrations.Migration):
    dependencies = [
        ("analytics", "0007_entrance_year_rollup"),
        ("schemes", "0006_mediation_fields"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="avoidedcostunit",
            options={
                "ordering": ["scheme", "pk"],
                "verbose_name": "avoided-cost type",
                "verbose_name_plural": "avoided-cost types",
            },
        ),
        migrations.AddField(
            model_name="avoidedcostunit",
            name="label",
            field=models.CharField(default="", max_length=200, verbose_name="label"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="avoidedcostunit",
            name="definition",
            field=models.TextField(blank=True, verbose_name="definition"),
        ),
        migrations.AddField(
            model_name="avoidedcostunit",
            name="counted_as",
            field=models.CharField(
                choices=[
                    ("conflict_resolved", "Resolved on the spot, behavioural situation"),
                    ("anomaly_reported", "Material situation found"),
                    ("handed_over", "Handed over to a partner"),
                    ("activity", "Interventions of an activity"),
                    ("field", "Interventions of a mediation field"),
                ],
                default="conflict_resolved",
                max_length=30,
                verbose_name="counted as",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="avoidedcostunit",
            name="counted_code",
            field=models.SlugField(
                blank=True,
                help_text="The code of the activity or of the mediation field counted.",
                max_length=40,
                verbose_name="activity or field counted",
            ),
        ),
        migrations.AddField(
            model_name="avoidedcostunit",
            name="unit",
            field=models.CharField(
                blank=True,
                help_text="What one event is, e.g. a conflict.",
                max_length=80,
                verbose_name="unit",
            ),
        ),
        migrations.AddField(
            model_name="avoidedcostunit",
            name="reference_figure",
            field=models.CharField(
                blank=True,
                help_text="The published figure the unit cost is drawn from.",
                max_length=200,
                verbose_name="reference figure",
            ),
        ),
        migrations.AlterField(
            model_name="avoidedcostunit",
            name="event",
            field=models.SlugField(max_length=40, verbose_name="code"),
        ),
        migrations.AlterField(
            model_name="avoidedcostunit",
            name="source",
            field=models.TextField(blank=True, verbose_name="source of the figure"),
        ),
        migrations.RunPython(fill_types, migrations.RunPython.noop),
        migrations.CreateModel(
            name="ReferenceFigure",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "register",
                    models.CharField(
                        choices=[
                            ("social_cohesion", "Social cohesion"),
                            ("innovation", "Innovation and learning"),
                            ("tranquillity", "Public tranquillity"),
                            ("economic", "Economic contribution"),
                            ("recognition", "Recognition"),
                        ],
                        max_length=20,
                        verbose_name="register",
                    ),
                ),
                ("label", models.CharField(max_length=200, verbose_name="what it measures")),
                ("figure", models.CharField(max_length=80, verbose_name="figure")),
                ("source", models.TextField(blank=True, verbose_name="source")),
                (
                    "scheme",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="schemes.scheme",
                        verbose_name="scheme",
                    ),
                ),
            ],
            options={
                "verbose_name": "reference figure",
                "verbose_name_plural": "reference figures",
                "ordering": ["scheme", "register", "pk"],
            },
        ),
    ]
