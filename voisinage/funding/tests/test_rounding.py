"""Rounding is data on the agreement: to the cent (largest remainders, nothing lost) or to the
euro as council figures are written (the residual is a visible line)."""

import re
from datetime import date

from django.urls import reverse

from voisinage.funding import services
from voisinage.funding.tests.builders import besancon_like

SPACE = "[\u00a0\u202f ]"


def test_the_euro_residual_of_besancon_2024_is_a_visible_line_carried_by_the_landlords(
    cast, client
):
    besancon = besancon_like(cast.scheme, coordinator=cast.north, city=cast.city)
    client.force_login(cast.city_officer)

    page = client.get(
        reverse("funding:agreement", args=["rivebourg", besancon.agreement.pk])
    ).content.decode()

    residual = re.search(r'data-testid="rounding-residual">(.*?)</tr>', page, re.S).group(1)
    # 214 900 € in 2024: 3 × 35 100 € and 109 599 € exact for the landlords, who carry 1 €.
    assert re.search(r'data-year="2024">1 €<br>[^<]*Bailleurs \(groupement\)', residual)
    assert re.search(r'data-year="2025">—<', residual)
    row = re.search(r'<tr data-party="[^"]*">(.*?)</tr>', page, re.S).group(1)
    assert re.search(rf'data-year="2024">109{SPACE}600 €<', row)


def test_an_agreement_to_the_cent_keeps_the_cents_typed_and_splits_them_to_one_cent(cast, client):
    agreement = services.agreement_create(
        scheme=cast.scheme,
        title="Convention au centime",
        starts_on=date(2025, 1, 1),
        ends_on=date(2025, 12, 31),
        annual_cost_cents=1_000_01,
    )
    assert agreement.rounding == "cent"
    parties = [
        services.party_add(agreement=agreement, organisation=org, role_label="Financeur")
        for org in (cast.north, cast.city, cast.operator)
    ]
    for party in parties:
        services.rule_add(agreement=agreement, label="", kind="equal_share", party=party)
    client.force_login(cast.north_referent)

    page = client.get(
        reverse("funding:agreement", args=["rivebourg", agreement.pk])
    ).content.decode()

    # 1 000,01 € = 333,34 + 333,34 + 333,33: equal shares a cent apart, nothing lost.
    cells = re.findall(r'<td class="num" data-year="2025">([^<]*)</td>', page)
    assert cells[:3] == ["333,34 €", "333,34 €", "333,33 €"]
    assert re.search(rf"1{SPACE}000,01 €", page)
    assert 'data-testid="rounding-residual"' not in page


def test_the_rounding_rule_is_chosen_on_the_setup_page(cast, client):
    besancon = besancon_like(cast.scheme, coordinator=cast.north, city=cast.city)
    agreement = besancon.agreement
    client.force_login(cast.north_referent)

    response = client.post(
        reverse("funding:agreement_setup", args=["rivebourg", agreement.pk]),
        {
            "action": "agreement",
            "agreement-title": agreement.title,
            "agreement-starts_on": "2024-06-01",
            "agreement-ends_on": "2028-05-31",
            "agreement-notice_months": "3",
            "agreement-reminder_days": "30",
            "agreement-rounding": "cent",
        },
    )

    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.rounding == "cent"
    # To the cent, 2024's 105 301 € for the partners splits 35 100,34 + 35 100,33 + 35 100,33.
    page = client.get(
        reverse("funding:agreement", args=["rivebourg", agreement.pk])
    ).content.decode()
    assert re.search(rf"35{SPACE}100,34 €", page)
    assert 'data-testid="rounding-residual"' not in page
