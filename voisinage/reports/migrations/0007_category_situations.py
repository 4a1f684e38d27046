"""ReportCategory.situation_codes: the logbook situations a category reports; the default
categories get theirs."""

from django.db import migrations, models

# The default categories' logbook situations, as reports/categories.py had them when this
# migration was written (a migration does not import code that may change).
SITUATIONS = {
    "eclairage": ["eclairage"],
    "ascenseur": ["ascenseur"],
    "porte-serrure-interphone": ["porte-interphone"],
    "fuite": ["fuite"],
    "securite-incendie": ["equipement-securite", "incendie-fumee"],
    "vitre-cassee": ["vitre-cassee"],
    "encombrants": ["encombrants"],
    "tags": ["tags"],
    "hygiene": ["proprete"],
    "stationnement-abusif": ["stationnement-abusif"],
    "hall-cave-squatte": ["cave-squattee", "occupation-parties-communes"],
    "regroupement": ["regroupement-hall", "regroupement-jeunes"],
    "personne-vulnerable": ["personne-detresse"],
    "conflit-voisinage": ["conflit-voisinage"],
}


def default_situations(apps, schema_editor):
    ReportCategory = apps.get_model("reports", "ReportCategory")
    for code, situations in SITUATIONS.items():
        ReportCategory.objects.filter(code=code, situation_codes=[]).update(
            situation_codes=situations
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0006_period_covering_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="reportcategory",
            name="situation_codes",
            field=models.JSONField(
                blank=True,
                default=list,
                help_text=(
                    "Codes of the situations found in the logbook that this category reports, "
                    'e.g. ["eclairage"].'
                ),
                verbose_name="logbook situations",
            ),
        ),
        migrations.RunPython(default_situations, migrations.RunPython.noop),
    ]
