"""Never rewrite the past: a party leaves (or joins) from a date; its shares and payments before
it stay. Refusals come in French and change nothing."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from voisinage.funding import services
from voisinage.funding.models import Agreement, AgreementParty, AllocationRule, Payment
from voisinage.funding.selectors import agreement_content, agreement_schedule
from voisinage.funding.tests.builders import besancon_like, contract_for

TODAY = date(2026, 11, 22)


@pytest.fixture
def besancon(cast):
    built = besancon_like(cast.scheme, coordinator=cast.north, city=cast.city)
    # The State has paid 2024 and 2025 in full.
    for year, due in ((2024, 35_100_00), (2025, 60_172_00)):
        for kind in ("requested", "paid"):
            services.payment_record(
                agreement=built.agreement,
                party=built.state,
                year=year,
                kind=kind,
                on=date(year, 12, 1),
                amount_cents=due,
                today=TODAY,
            )
    return built


def lines(agreement):
    content = agreement_content(agreement)
    return {
        y.year: {ln.label: ln.amount_cents for ln in y.allocation.lines}
        for y in agreement_schedule(agreement, content)
    }


def test_the_state_leaving_on_1_january_2026_keeps_2024_and_2025_and_its_partners_carry_its_part(
    besancon,
):
    before = lines(besancon.agreement)

    services.party_end(party=besancon.state, leaves_on=date(2026, 1, 1))

    after = lines(besancon.agreement)
    assert after[2024] == before[2024]
    assert after[2025] == before[2025]
    state = besancon.state.organisation.name
    assert state not in after[2026]
    # The partners' 49 % is now shared by the City and the metropolis: 180 516 € / 2.
    assert after[2026][besancon.city.organisation.name] == 90_258_00
    assert sum(after[2026].values()) == sum(before[2026].values())
    assert Payment.objects.filter(party=besancon.state).count() == 4


def test_a_party_leaving_mid_year_pays_its_share_up_to_that_date(besancon):
    services.party_end(party=besancon.state, leaves_on=date(2026, 7, 1))

    year = lines(besancon.agreement)[2026]
    # Six months of 60 172 €, and its partners carry the rest of the year.
    assert year[besancon.state.organisation.name] == 30_086_00
    assert year[besancon.city.organisation.name] == 30_086_00 + 45_129_00


def test_removing_a_party_that_has_payments_is_refused_in_french(besancon, french):
    with pytest.raises(ValidationError, match="terminez sa participation à une date"):
        services.party_remove(party=besancon.state)
    assert AgreementParty.objects.filter(pk=besancon.state.pk).exists()


def test_removing_the_line_of_a_party_that_has_payments_is_refused(besancon, french):
    state_line = AllocationRule.objects.get(party=besancon.state)
    before = lines(besancon.agreement)

    with pytest.raises(ValidationError, match="terminez sa participation à une date"):
        services.rule_remove(rule=state_line)

    assert AllocationRule.objects.filter(pk=state_line.pk).exists()
    assert lines(besancon.agreement) == before


def test_a_party_leaving_before_it_joined_is_refused(besancon, french):
    with pytest.raises(ValidationError, match="ne peut pas partir avant"):
        services.party_end(party=besancon.city, leaves_on=date(2024, 6, 1))
    besancon.city.refresh_from_db()
    assert besancon.city.leaves_on is None


def test_leaving_before_what_it_was_already_paid_is_refused(besancon, french):
    with pytest.raises(ValidationError, match="date plus tardive"):
        services.party_end(party=besancon.state, leaves_on=date(2025, 7, 1))
    besancon.state.refresh_from_db()
    assert besancon.state.leaves_on is None


def test_two_agreements_funding_the_same_contract_over_the_same_period_are_refused(cast, french):
    contract = contract_for(cast.scheme)
    besancon_like(cast.scheme, coordinator=cast.north, city=cast.city, contract=contract)

    with pytest.raises(ValidationError, match="même période"):
        services.agreement_create(
            scheme=cast.scheme,
            title="Doublon",
            starts_on=date(2027, 1, 1),
            ends_on=date(2027, 12, 31),
            annual_cost_cents=100_000_00,
            contract=contract,
        )
    assert not Agreement.objects.filter(title="Doublon").exists()


def test_a_party_is_ended_from_the_setup_page_and_the_schedule_shows_it(cast, client, besancon):
    client.force_login(cast.north_referent)
    setup = reverse("funding:agreement_setup", args=["rivebourg", besancon.agreement.pk])

    refused = client.post(
        setup,
        {"action": "party_remove", "id": besancon.state.pk},
        follow=True,
    ).content.decode()
    assert "terminez sa participation à une date" in refused

    response = client.post(
        setup,
        {
            "action": "party_end",
            "party_end-party": besancon.state.pk,
            "party_end-leaves_on": "2026-01-01",
        },
    )
    assert response.status_code == 302
    page = client.get(setup).content.decode()
    assert 'data-testid="party-dates"' in page
    assert "01/01/2026" in page
