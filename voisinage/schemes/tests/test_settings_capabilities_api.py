"""The API routes of a settings section that belongs to an optional part (ADR 0036) answer
404 where the scheme does not use that part, as the section's page does, and work again once
the part is used."""

from __future__ import annotations

from datetime import time

import pytest
from django.urls import reverse

from voisinage.desk.models import CallNature
from voisinage.desk.services import desk_settings
from voisinage.reports.models import ReportCategory
from voisinage.schemes.models import Capability, Scheme, SettingChange, StaffingRule
from voisinage.schemes.services import scheme_capabilities_set
from voisinage.schemes.tests.settings_walk import call

GATED = [
    pytest.param(
        "add_report_category",
        "POST",
        {"code": "chantier", "label": "Chantier bruyant", "group": "cleanliness"},
        {Capability.REPORTS},
        lambda scheme: ReportCategory.objects.filter(scheme=scheme, code="chantier").exists(),
        "categories",
        id="report-categories",
    ),
    pytest.param(
        "add_call_nature",
        "POST",
        {"code": "fuite", "label": "Fuite d’eau"},
        {Capability.PHONE_DESK, Capability.INSTRUCTIONS},
        lambda scheme: CallNature.objects.filter(scheme=scheme, code="fuite").exists(),
        "appels",
        id="call-natures",
    ),
    pytest.param(
        "set_instruction_cutoff",
        "PUT",
        {"cutoff": "16:30"},
        {Capability.PHONE_DESK, Capability.INSTRUCTIONS},
        lambda scheme: desk_settings(scheme).instruction_cutoff == time(16, 30),
        "appels",
        id="instruction-cutoff",
    ),
    pytest.param(
        "add_setting_staffing_rule",
        "POST",
        {"label": "Renfort", "position": "agent", "headcount": 2, "weekdays": "01234"},
        {Capability.STAFFING},
        lambda scheme: StaffingRule.objects.filter(scheme=scheme, label="Renfort").exists(),
        "effectifs",
        id="staffing-rules",
    ),
]


@pytest.mark.parametrize(("route", "method", "body", "parts", "changed", "section"), GATED)
def test_a_section_of_an_unused_part_is_404_in_the_api_as_on_its_page(
    cast, client, route, method, body, parts, changed, section
):
    url = reverse(f"api:{route}", args=["rivebourg"])
    others = [c for c in Capability.values if c not in parts]
    scheme_capabilities_set(scheme=cast.scheme, author=None, capabilities=others)
    logged = SettingChange.objects.filter(scheme=cast.scheme).count()
    for user in (cast.operator_manager, cast.admin):
        assert call(client, user, method, url, body).status_code == 404, user
    assert not changed(cast.scheme)
    assert SettingChange.objects.filter(scheme=cast.scheme).count() == logged
    # Its page says the same: the section is not in the area.
    client.force_login(cast.operator_manager)
    page = reverse("schemes:settings_section", args=["rivebourg", section])
    assert client.get(page).status_code == 404
    # The part used again: the route works.
    scheme_capabilities_set(scheme=cast.scheme, author=None, capabilities=Capability.values)
    response = call(client, cast.operator_manager, method, url, body)
    assert response.status_code in {200, 201}, response.content
    assert changed(Scheme.objects.get(pk=cast.scheme.pk))
    assert client.get(page).status_code == 200
