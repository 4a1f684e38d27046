"""The API writes of the reports' settings section (report categories): the same services as
the page, the scheme's managers only, French refusals that change nothing."""

from __future__ import annotations

from django.urls import reverse

from voisinage.reports.models import ReportCategory
from voisinage.schemes.tests.settings_walk import refused, walk


def _category(cast, code):
    return ReportCategory.objects.filter(scheme=cast.scheme, code=code).first()


def test_each_write_works_for_the_manager_only_and_is_logged(cast, client):
    url = lambda name, *args: reverse(f"api:{name}", args=["rivebourg", *args])  # noqa: E731
    walk(
        cast,
        client,
        [
            (
                "POST",
                url("add_report_category"),
                {
                    "code": "epaves",
                    "label": "Épaves",
                    "group": ReportCategory._meta.get_field("group").choices[0][0],
                },
                lambda: _category(cast, "epaves") is not None,
            )
        ],
    )
    epaves = _category(cast, "epaves")
    walk(
        cast,
        client,
        [
            (
                "PATCH",
                url("rename_report_category", epaves.pk),
                {"label": "Épaves et carcasses"},
                lambda: _category(cast, "epaves").label == "Épaves et carcasses",
            ),
            (
                "POST",
                url("move_report_category", epaves.pk),
                {"by": -1},
                lambda: _category(cast, "epaves").position < epaves.position,
            ),
            (
                "POST",
                url("retire_report_category", epaves.pk),
                {},
                lambda: _category(cast, "epaves").retired_at is not None,
            ),
        ],
    )


def test_bad_input_is_refused_in_french_and_changes_nothing(cast, client):
    url = reverse("api:add_report_category", args=["rivebourg"])
    group = ReportCategory._meta.get_field("group").choices[0][0]
    refused_ok = refused(client, cast.operator_manager, "POST", url, {"label": " ", "group": group})
    assert "libellé" in refused_ok.lower()
    assert not ReportCategory.objects.filter(scheme=cast.scheme, label=" ").exists()
