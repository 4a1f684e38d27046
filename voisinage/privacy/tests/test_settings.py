"""The retention section of the settings area: its page and its API, the same service, the
scheme's managers only, a period below the legal minimum refused in French."""

from __future__ import annotations

from django.urls import reverse

from voisinage.privacy.selectors import retention_months
from voisinage.schemes.models import SettingChange
from voisinage.schemes.tests.settings_walk import refused, walk

PAGE = ("schemes:settings_section", ["rivebourg", "donnees-personnelles"])


def test_the_manager_sets_periods_on_the_page_and_the_change_is_logged(cast, client):
    client.force_login(cast.operator_manager)
    url = reverse(PAGE[0], args=PAGE[1])
    page = client.get(url)
    assert "Entrées du journal des accès" in page.content.decode()
    form = dict(retention_months(cast.scheme))
    response = client.post(url, {**form, "caller": 9})
    assert response.status_code == 302
    assert retention_months(cast.scheme)["caller"] == 9
    assert SettingChange.objects.filter(scheme=cast.scheme, section="donnees-personnelles").count()


def test_a_short_access_log_period_is_refused_on_the_page(cast, client):
    client.force_login(cast.operator_manager)
    url = reverse(PAGE[0], args=PAGE[1])
    response = client.post(url, {**retention_months(cast.scheme), "access_log": 1})
    assert response.status_code == 400
    assert "au moins 6 mois" in response.content.decode()
    assert retention_months(cast.scheme)["access_log"] == 12


def test_the_api_write_works_for_the_manager_only_and_is_logged(cast, client):
    url = reverse("api:set_retention_rules", args=["rivebourg"])
    walk(
        cast,
        client,
        [
            (
                "PUT",
                url,
                [{"kind": "photo", "months": 4}],
                lambda: retention_months(cast.scheme)["photo"] == 4,
            )
        ],
    )


def test_the_api_refuses_a_short_access_log_in_french_and_changes_nothing(cast, client):
    message = refused(
        client,
        cast.operator_manager,
        "PUT",
        reverse("api:set_retention_rules", args=["rivebourg"]),
        [{"kind": "caller", "months": 2}, {"kind": "access_log", "months": 3}],
    )
    assert "au moins 6 mois" in message
    assert retention_months(cast.scheme)["caller"] == 6
