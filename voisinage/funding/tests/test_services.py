"""Writes: bad input is refused with a clear message and changes nothing."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from voisinage.factories import OrganisationFactory, SchemeFactory, member
from voisinage.funding import services
from voisinage.funding.models import (
    Agreement,
    AgreementCost,
    AllocationRule,
    Payment,
    PurchaseOrder,
)
from voisinage.funding.selectors import agreement_content, agreement_schedule, agreement_sheet
from voisinage.funding.tests.builders import besancon_like, contract_for

TODAY = date(2026, 11, 22)


pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def besancon(cast):
    return besancon_like(cast.scheme, coordinator=cast.north, city=cast.city)


def amounts(agreement, year):
    content = agreement_content(agreement)
    years = {y.year: y for y in agreement_schedule(agreement, content)}
    return {ln.label: ln.amount_cents for ln in years[year].allocation.lines}


def test_the_saved_agreement_reproduces_the_seeds_figures(besancon):
    sheet = agreement_sheet(besancon.agreement, TODAY)

    by_year = {y.year: y for y in sheet.schedule}
    assert sorted(by_year) == [2024, 2025, 2026, 2027, 2028]
    city = "Ville de Rivebourg"
    assert by_year[2025].allocation.line_for(besancon.city.rules.get().pk).amount_cents == 60_172_00
    assert amounts(besancon.agreement, 2024)[city] == 35_100_00
    assert amounts(besancon.agreement, 2028)[city] == 25_072_00
    assert [c.findings for c in sheet.cost_checks] == [[]]


def test_an_agreement_cannot_end_before_it_starts(cast):
    with pytest.raises(ValidationError) as error:
        services.agreement_create(
            scheme=cast.scheme,
            title="À l'envers",
            starts_on=date(2025, 1, 1),
            ends_on=date(2024, 1, 1),
            annual_cost_cents=100_00,
        )
    assert "ends_on" in error.value.message_dict
    assert not Agreement.objects.exists()


def test_an_agreement_cannot_use_another_schemes_contract(cast):
    foreign = contract_for(cast.other_scheme)
    with pytest.raises(ValidationError) as error:
        services.agreement_create(
            scheme=cast.scheme,
            title="Convention",
            starts_on=date(2025, 1, 1),
            ends_on=date(2025, 12, 31),
            annual_cost_cents=100_00,
            contract=foreign,
        )
    assert "contract" in error.value.message_dict
    assert not AgreementCost.objects.exists()  # nothing half-written


def test_a_party_must_take_part_in_the_scheme(besancon, cast):
    outsider = OrganisationFactory.create(name="Étranger")
    with pytest.raises(ValidationError, match="no part in the scheme"):
        services.party_add(agreement=besancon.agreement, organisation=outsider, role_label="X")


def test_a_party_signs_once(besancon, cast):
    with pytest.raises(ValidationError):
        services.party_add(agreement=besancon.agreement, organisation=cast.city, role_label="Bis")


def test_percentages_of_a_group_cannot_exceed_100(besancon, french):
    rules = besancon.agreement.rules.count()
    with pytest.raises(ValidationError) as error:
        services.rule_add(
            agreement=besancon.agreement, label="Trop", kind="percent", percent=Decimal("0.01")
        )
    assert "dépasseraient 100 % au total : 100,01 %" in error.value.message_dict["percent"][0]
    assert besancon.agreement.rules.count() == rules


def test_a_rule_needs_what_its_kind_needs(besancon):
    agreement = besancon.agreement
    with pytest.raises(ValidationError) as error:
        services.rule_add(
            agreement=agreement,
            label="Plafond",
            kind="capped_percent",
            percent=Decimal(1),
            parent=besancon.partners,
        )
    assert "cap_cents" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.rule_add(agreement=agreement, label="Fixe", kind="fixed")
    assert "fixed_cents" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.rule_add(agreement=agreement, label="Reste", kind="remainder", fixed_cents=5)
    assert "fixed_cents" in error.value.message_dict


def test_a_line_paid_by_a_party_cannot_contain_rules(besancon):
    with pytest.raises(ValidationError) as error:
        services.rule_add(
            agreement=besancon.agreement,
            label="Sous-ligne",
            kind="remainder",
            parent=besancon.landlords,
        )
    assert "parent" in error.value.message_dict


def test_a_party_pays_one_line_only(besancon):
    with pytest.raises(ValidationError):
        services.rule_add(
            agreement=besancon.agreement,
            label="Deuxième ligne",
            kind="remainder",
            parent=besancon.partners,
            party=besancon.city,
        )


def test_a_rule_under_checks_is_not_removed_silently(besancon):
    with pytest.raises(ValidationError, match="Checks apply"):
        services.rule_remove(rule=besancon.partners)
    assert AllocationRule.objects.filter(pk=besancon.partners.pk).exists()


def test_a_party_paying_a_line_cannot_be_removed(besancon):
    with pytest.raises(ValidationError, match="pays a line"):
        services.party_remove(party=besancon.city)


def test_a_cost_revision_opens_a_new_period_and_reports_the_caps_it_breaks(besancon):
    cost, assessment = services.cost_period_add(
        agreement=besancon.agreement,
        starts_on=date(2026, 1, 1),
        annual_cost_cents=375_000_00,
        note="Révision du prix (CCAP art. 4)",
    )

    assert cost.agreement == besancon.agreement
    assert {b.rule_id for b in assessment.breaches} == {besancon.landlords.pk, besancon.partners.pk}
    assert all("§5.3" in b.clause for b in assessment.breaches)
    city = "Ville de Rivebourg"
    assert amounts(besancon.agreement, 2025)[city] == 60_172_00
    assert amounts(besancon.agreement, 2026)[city] == 61_250_00  # 375 000 × 49 % / 3
    checks = agreement_sheet(besancon.agreement, TODAY).cost_checks
    assert [len(c.findings) for c in checks] == [0, 2]
    assert "Convention §5.3" in checks[1].findings[0].clause


def test_a_cost_period_must_start_within_the_agreement(besancon):
    with pytest.raises(ValidationError) as error:
        services.cost_period_add(
            agreement=besancon.agreement, starts_on=date(2030, 1, 1), annual_cost_cents=1
        )
    assert "starts_on" in error.value.message_dict


def test_the_first_cost_period_stays(besancon):
    first = besancon.agreement.costs.get()
    with pytest.raises(ValidationError, match="first cost period"):
        services.cost_period_remove(cost=first)


def record(besancon, kind, amount_cents, *, year=2025, party=None, on=date(2025, 6, 1)):
    return services.payment_record(
        agreement=besancon.agreement,
        party=party or besancon.city,
        year=year,
        kind=kind,
        on=on,
        amount_cents=amount_cents,
        today=TODAY,
    )


def test_payments_may_be_partial_and_the_line_follows_planned_requested_paid(besancon):
    def status():
        sheet = agreement_sheet(besancon.agreement, TODAY)
        year = next(y for y in sheet.payments if y.year == 2025)
        return next(ln for ln in year.lines if ln.party == besancon.city)

    assert status().status == "planned"
    record(besancon, "requested", 60_172_00)
    assert (status().status, status().requested_cents) == ("requested", 60_172_00)
    record(besancon, "paid", 30_000_00)
    assert (status().status, status().paid_cents) == ("partly_paid", 30_000_00)
    record(besancon, "paid", 30_172_00)
    assert (status().status, status().outstanding_cents) == ("paid", 0)


def test_a_payment_above_what_is_due_is_refused_with_the_figures(besancon):
    record(besancon, "paid", 60_000_00)
    with translation.override("fr"), pytest.raises(ValidationError) as error:
        record(besancon, "paid", 173_00)
    message = error.value.message_dict["amount_cents"][0]
    assert "2025" in message
    assert re.search("60[\u202f\xa0 ]173 €", message)
    assert re.search("60[\u202f\xa0 ]172 €", message)
    assert Payment.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"year": 2030}, "year"),
        ({"on": date(2027, 1, 1)}, "on"),
        ({"amount_cents": 0}, "amount_cents"),
        ({"kind": "forgiven"}, "kind"),
    ],
)
def test_bad_payments_are_refused(besancon, changes, field):
    arguments = {
        "agreement": besancon.agreement,
        "party": besancon.city,
        "year": 2025,
        "kind": "paid",
        "on": date(2025, 6, 1),
        "amount_cents": 100_00,
        "today": TODAY,
    } | changes
    with pytest.raises(ValidationError) as error:
        services.payment_record(**arguments)
    assert field in error.value.message_dict
    assert not Payment.objects.exists()


def test_a_party_without_a_line_receives_no_payment(besancon, cast):
    member(cast.scheme, cast.south, "landlord")
    south = services.party_add(
        agreement=besancon.agreement, organisation=cast.south, role_label="Membre du groupement"
    )
    with pytest.raises(ValidationError, match="no line"):
        record(besancon, "paid", 100_00, party=south)


@pytest.fixture
def contract(cast):
    return contract_for(cast.scheme, annual_amount_cents=100_000_00)


def order(contract, amount_cents, on, reference="BC-1"):
    return services.purchase_order_create(
        contract=contract,
        reference=reference,
        ordered_on=on,
        amount_cents=amount_cents,
        description="Médiation sur 12 sites",
    )


def test_orders_draw_on_the_periods_begun_and_the_excess_is_refused(contract):
    order(contract, 60_000_00, date(2024, 6, 1), "BC-1")
    order(contract, 40_000_00, date(2024, 9, 1), "BC-2")
    with pytest.raises(ValidationError) as error:
        order(contract, 1_00, date(2024, 12, 1), "BC-3")
    message = error.value.message_dict["amount_cents"][0]
    assert "remaining" in message
    assert message.endswith(": 0 €.")
    # After the first anniversary, a new year's amount is available.
    order(contract, 100_000_00, date(2025, 5, 15), "BC-3")
    assert PurchaseOrder.objects.count() == 3


def test_an_order_outside_the_contract_or_reusing_a_reference_is_refused(contract):
    with pytest.raises(ValidationError) as error:
        order(contract, 1_00, date(2024, 5, 1))
    assert "ordered_on" in error.value.message_dict
    order(contract, 1_00, date(2024, 6, 1))
    with pytest.raises(ValidationError):
        order(contract, 1_00, date(2024, 6, 2))  # same reference BC-1
    assert PurchaseOrder.objects.count() == 1


def test_shrinking_an_agreement_under_recorded_payments_is_refused(besancon):
    record(besancon, "paid", 100_00, year=2024, on=date(2024, 9, 1))
    agreement = besancon.agreement
    with pytest.raises(ValidationError, match="outside these dates"):
        services.agreement_update(
            agreement=agreement,
            title=agreement.title,
            starts_on=date(2025, 1, 1),
            ends_on=agreement.ends_on,
        )
    agreement.refresh_from_db()
    assert agreement.starts_on == date(2024, 6, 1)


def test_moving_the_start_moves_the_first_cost_period_with_it(cast):
    scheme = SchemeFactory.create(slug="autre")
    agreement = services.agreement_create(
        scheme=scheme,
        title="Convention",
        starts_on=date(2025, 1, 1),
        ends_on=date(2025, 12, 31),
        annual_cost_cents=12_000_00,
    )
    services.agreement_update(
        agreement=agreement,
        title="Convention",
        starts_on=date(2025, 7, 1),
        ends_on=date(2025, 12, 31),
    )
    assert list(agreement.costs.values_list("starts_on", flat=True)) == [date(2025, 7, 1)]
