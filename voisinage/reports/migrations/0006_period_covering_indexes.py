"""The period indexes made covering (ADR 0030); Occurrence.scheme required (filled in 0005)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("field", "0003_night_places_index"),
        ("reports", "0005_occurrence_scheme"),
        ("schemes", "0002_initial"),
        ("territory", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="occurrence",
            name="occurrence_at",
        ),
        migrations.RemoveIndex(
            model_name="report",
            name="report_scheme_created",
        ),
        migrations.RemoveIndex(
            model_name="report",
            name="report_scheme_closed",
        ),
        migrations.AlterField(
            model_name="occurrence",
            name="scheme",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="schemes.scheme",
                verbose_name="scheme",
            ),
        ),
        migrations.AlterField(
            model_name="report",
            name="scheme",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="schemes.scheme",
                verbose_name="scheme",
            ),
        ),
        migrations.AddIndex(
            model_name="occurrence",
            index=models.Index(
                fields=["scheme", "at"],
                include=("id", "report", "merged"),
                name="occurrence_scheme_at",
            ),
        ),
        migrations.AddIndex(
            model_name="report",
            index=models.Index(fields=["scheme", "id"], name="report_scheme_id"),
        ),
        migrations.AddIndex(
            model_name="report",
            index=models.Index(
                fields=["scheme", "created_at"],
                include=("sent_at", "first_answered_at"),
                name="report_scheme_created",
            ),
        ),
        migrations.AddIndex(
            model_name="report",
            index=models.Index(
                fields=["scheme", "closed_at"], include=("status",), name="report_scheme_closed"
            ),
        ),
    ]
