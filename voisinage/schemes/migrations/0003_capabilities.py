"""Scheme.capabilities: the optional parts a scheme uses. A new scheme uses them all; an
existing scheme starts with those it already has records of (patrol plans or a weekly patrol
target, courtesy campaigns, staffing rules or a rota, calls, instructions, reports)."""

from django.db import migrations, models

import voisinage.schemes.models


def from_what_they_have(apps, schema_editor):
    Scheme = apps.get_model("schemes", "Scheme")
    has = {
        "patrols": [apps.get_model("field", "PatrolPlan")],
        "courtesy_visits": [apps.get_model("field", "CourtesyCampaign")],
        "staffing": [
            apps.get_model("schemes", "StaffingRule"),
            apps.get_model("field", "DutyAssignment"),
        ],
        "phone_desk": [apps.get_model("desk", "Call")],
        "instructions": [apps.get_model("desk", "Instruction")],
        "reports": [apps.get_model("reports", "Report")],
    }
    for scheme in Scheme.objects.all():
        used = [
            name
            for name, models_ in has.items()
            if any(m.objects.filter(scheme_id=scheme.pk).exists() for m in models_)
            or (name == "patrols" and scheme.weekly_patrol_target)
        ]
        scheme.capabilities = used
        scheme.save(update_fields=["capabilities"])


class Migration(migrations.Migration):
    dependencies = [
        ("schemes", "0002_initial"),
        ("field", "0003_night_places_index"),
        ("desk", "0002_call_satisfaction"),
        ("reports", "0007_category_situations"),
    ]

    operations = [
        migrations.AddField(
            model_name="scheme",
            name="capabilities",
            field=models.JSONField(
                blank=True,
                default=voisinage.schemes.models.all_capabilities,
                help_text=(
                    "Which optional parts the scheme uses: patrols, courtesy_visits, staffing, "
                    "phone_desk, instructions, reports."
                ),
                validators=[voisinage.schemes.models.validate_capabilities],
                verbose_name="capabilities used",
            ),
        ),
        migrations.RunPython(from_what_they_have, migrations.RunPython.noop),
    ]
