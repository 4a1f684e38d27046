"""The funding pages: what people see and do, in French formats."""

import io
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from voisinage.factories import OrganisationFactory
from voisinage.funding import services
from voisinage.funding.models import (
    Agreement,
    AgreementConstraint,
    AgreementCost,
    AllocationRule,
    Payment,
    PurchaseOrder,
)
from voisinage.funding.tests.builders import besancon_like, contract_for

# Reads the real date (today, tonight, the current period): scripts/test also runs it at
# 23:59 and 05:59 Paris time.
pytestmark = pytest.mark.time_sensitive

SPACE = "[\u00a0\u202f ]"  # French thousands separator


def money(text):
    """ "60 172 €" in any of the spaces French formatting uses."""
    return re.compile(text.replace(" ", SPACE))


@pytest.fixture
def besancon(cast):
    return besancon_like(
        cast.scheme, coordinator=cast.north, city=cast.city, contract=contract_for(cast.scheme)
    )


def url(name, agreement, *extra):
    return reverse(name, args=["rivebourg", agreement.pk, *extra])


def test_the_agreement_page_shows_the_schedule_with_60_172_euros_for_the_city_in_2025(
    cast, client, besancon
):
    client.force_login(cast.city_officer)

    page = client.get(url("funding:agreement", besancon.agreement)).content.decode()

    row = re.search(r'<tr data-party="Ville de Rivebourg">(.*?)</tr>', page, re.S).group(1)
    assert re.search(r'data-year="2025">60[\u00a0\u202f ]172 €<', row)
    assert re.search(r'data-year="2024">35[\u00a0\u202f ]100 €<', row)
    assert re.search(r'data-year="2028">25[\u00a0\u202f ]072 €<', row)
    assert money("368 400 €").search(page)
    assert "7 months" in page or "7 mois" in page
    # The rules in words, and the clause of each check.
    assert "51 % of the cost" in page or "51 % du coût" in page
    assert "Convention §5.3" in page
    # Vincent reads; he does not set up or record payments.
    assert url("funding:agreement_setup", besancon.agreement) not in page
    assert url("funding:payment_record", besancon.agreement) not in page


def test_the_coordinator_sees_the_setup_and_payment_links(cast, client, besancon):
    client.force_login(cast.north_referent)
    page = client.get(url("funding:agreement", besancon.agreement)).content.decode()
    assert url("funding:agreement_setup", besancon.agreement) in page
    assert url("funding:payment_record", besancon.agreement) in page


def test_the_agreement_page_runs_a_fixed_number_of_queries(
    cast, client, besancon, django_assert_max_num_queries
):
    client.force_login(cast.city_officer)
    target = url("funding:agreement", besancon.agreement)
    client.get(target)  # warm the session
    with CaptureQueriesContext(connection) as small:
        assert client.get(target).status_code == 200
    # More payments, parties and years do not add queries.
    for year in (2024, 2025, 2026):
        for party in (besancon.state, besancon.city, besancon.metropolis):
            services.payment_record(
                agreement=besancon.agreement,
                party=party,
                year=year,
                kind="paid",
                on=date(2026, 6, 1),
                amount_cents=1_000_00,
                today=date(2026, 11, 22),
            )
    services.party_add(agreement=besancon.agreement, organisation=cast.operator, role_label="Op")
    with django_assert_max_num_queries(25), CaptureQueriesContext(connection) as large:
        assert client.get(target).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_list_page_issues_no_query_per_agreement(
    cast, client, besancon, django_assert_max_num_queries
):
    for n in range(5):
        services.agreement_create(
            scheme=cast.scheme,
            title=f"Avenant {n}",
            starts_on=date(2025, 1, 1),
            ends_on=date(2025, 12, 31),
            annual_cost_cents=1_000_00,
        )
    client.force_login(cast.admin)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("funding:agreements", args=["rivebourg"]))
    assert page.content.decode().count('href="/dispositifs/rivebourg/financement/') >= 6


def test_the_xlsx_export_reopens_with_the_schedule_and_the_payments(cast, client, besancon):
    services.payment_record(
        agreement=besancon.agreement,
        party=besancon.city,
        year=2025,
        kind="paid",
        on=date(2025, 7, 1),
        amount_cents=30_000_50,
        today=date(2026, 11, 22),
    )
    client.force_login(cast.city_officer)

    response = client.get(url("funding:schedule_export", besancon.agreement))

    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    assert "echeancier-rivebourg-" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    schedule, payments = book.worksheets
    rows = [list(r) for r in schedule.iter_rows(values_only=True)]
    header = next(r for r in rows if r and r[0] in ("Line", "Ligne"))
    assert header[3].startswith("2024 (7 ")  # a partial year says how many months
    assert header[4:7] == ["2025", "2026", "2027"]
    assert header[7].startswith("2028 (5 ")
    assert header[8] == "Total"
    by_party = {r[1]: r for r in rows if r and r[1]}
    city = by_party["Ville de Rivebourg"]
    assert city[3:8] == [35_100, 60_172, 60_172, 60_172, 25_072]
    assert city[8] == 35_100 + 3 * 60_172 + 25_072
    assert by_party["Habitat Nord"][4] == 187_884
    total = next(r for r in rows if r and r[0] in ("Total",))
    assert total[3:8] == [214_900, 368_400, 368_400, 368_400, 153_500]
    assert all(isinstance(v, int) for v in total[3:8])
    pay_rows = [list(r) for r in payments.iter_rows(values_only=True)]
    city_2025 = next(r for r in pay_rows if r[0] == 2025 and r[2] == "Ville de Rivebourg")
    assert city_2025[3] == 60_172
    assert city_2025[5] == pytest.approx(30_000.5)  # cents survive as a decimal number
    assert schedule.cell(row=5, column=5).number_format.endswith('"€"')


def test_a_party_named_like_a_formula_stays_text_in_the_export(cast, client, besancon):
    weird = OrganisationFactory.create(name="=HYPERLINK(1)", kind="city")
    from voisinage.factories import member

    member(cast.scheme, weird, "funder")
    services.party_add(agreement=besancon.agreement, organisation=weird, role_label="Financeur")
    client.force_login(cast.admin)
    response = client.get(url("funding:schedule_export", besancon.agreement))
    book = load_workbook(io.BytesIO(response.content))
    values = [c for r in book.worksheets[0].iter_rows(values_only=True) for c in r]
    assert "=HYPERLINK(1)" not in values


def test_what_if_shows_shares_and_breaches_without_saving(cast, client, besancon):
    client.force_login(cast.city_officer)

    page = client.get(url("funding:what_if", besancon.agreement), {"annual_cost": "380 000"})

    text = page.content.decode()
    assert money("62 067 €").search(text)  # 380 000 × 49 % / 3 = 62 066.67 → 62 067
    # The landlords' 51 % is 193 800 €; the partners' rounding took one euro of it.
    assert money("193 799 €").search(text)
    assert "Convention §5.3" in text
    assert text.count('class="badge breach"') >= 2
    assert AgreementCost.objects.count() == 1  # nothing saved


def test_what_if_at_todays_cost_passes_every_check(cast, client, besancon):
    client.force_login(cast.city_officer)
    page = client.get(url("funding:what_if", besancon.agreement), {"annual_cost": "368400"})
    assert 'class="badge ok"' in page.content.decode()


def test_what_if_refuses_nonsense_with_a_message(cast, client, besancon):
    client.force_login(cast.city_officer)
    page = client.get(url("funding:what_if", besancon.agreement), {"annual_cost": "beaucoup"})
    assert page.status_code == 200
    assert "errorlist" in page.content.decode()


def test_the_coordinator_records_a_payment_and_an_overpayment_is_refused(cast, client, besancon):
    client.force_login(cast.north_referent)
    target = url("funding:payment_record", besancon.agreement)
    line = f"2025:{besancon.city.pk}"

    ok = client.post(
        target,
        {
            "line": line,
            "kind": "paid",
            "on": "2025-07-01",
            "amount_cents": "60 000",
            "reference": "M1",
        },
    )
    assert ok.status_code == 302
    refused = client.post(
        target, {"line": line, "kind": "paid", "on": "2025-07-02", "amount_cents": "173"}
    )
    assert refused.status_code == 200
    assert money("60 173 €").search(refused.content.decode())  # what the total would have been
    assert "errorlist" in refused.content.decode()
    assert list(Payment.objects.values_list("amount_cents", flat=True)) == [60_000_00]
    page = client.get(url("funding:agreement", besancon.agreement)).content.decode()
    assert 'class="badge partly_paid"' in page
    assert "01/07/2025" in page  # the payment's date, under its year


def test_a_reader_cannot_post_a_payment(cast, client, besancon):
    client.force_login(cast.city_officer)
    response = client.post(
        url("funding:payment_record", besancon.agreement),
        {
            "line": f"2025:{besancon.city.pk}",
            "kind": "paid",
            "on": "2025-07-01",
            "amount_cents": "1",
        },
    )
    assert response.status_code == 404
    assert not Payment.objects.exists()


def test_setting_up_an_agreement_from_scratch_through_the_pages(cast, client):
    client.force_login(cast.north_referent)
    response = client.post(
        reverse("funding:agreement_create", args=["rivebourg"]),
        {
            "title": "Convention 2026",
            "starts_on": "2026-01-01",
            "ends_on": "2026-12-31",
            "annual_cost_cents": "100 000",
            "notice_months": "3",
            "reminder_days": "30",
        },
    )
    agreement = Agreement.objects.get(title="Convention 2026")
    assert response.status_code == 302
    # Hélène acts for the coordinator: Habitat Nord is the coordinator party.
    coordinator = agreement.parties.get()
    assert (coordinator.organisation, coordinator.is_coordinator) == (cast.north, True)
    setup = url("funding:agreement_setup", agreement)

    assert (
        client.post(
            setup,
            {
                "action": "party",
                "party-organisation": cast.city.pk,
                "party-role_label": "Financeur",
            },
        ).status_code
        == 302
    )
    city = agreement.parties.get(organisation=cast.city)
    assert (
        client.post(
            setup,
            {
                "action": "rule",
                "rule-label": "Ville",
                "rule-kind": "fixed",
                "rule-fixed_cents": "10 000",
                "rule-party": city.pk,
            },
        ).status_code
        == 302
    )
    assert (
        client.post(
            setup,
            {
                "action": "rule",
                "rule-label": "Bailleur",
                "rule-kind": "remainder",
                "rule-party": coordinator.pk,
            },
        ).status_code
        == 302
    )
    remainder = AllocationRule.objects.get(label="Bailleur")
    assert (
        client.post(
            setup,
            {
                "action": "constraint",
                "constraint-rule": remainder.pk,
                "constraint-kind": "cap",
                "constraint-cap_cents": "95 000",
                "constraint-clause": "Article 4",
            },
        ).status_code
        == 302
    )
    # A cost revision that breaks the cap is saved and flagged with its clause.
    response = client.post(
        setup,
        {"action": "cost", "cost-starts_on": "2026-07-01", "cost-annual_cost_cents": "120 000"},
        follow=True,
    )
    text = response.content.decode()
    assert "Article 4" in text
    assert AgreementConstraint.objects.count() == 1
    page = client.get(url("funding:agreement", agreement)).content.decode()
    # 2026: 100 000 × 6/12 + 120 000 × 6/12 = 110 000; the city pays 10 000, the rest 100 000.
    assert money("110 000 €").search(page)
    assert money("100 000 €").search(page)
    assert 'class="badge breach"' in page


def test_a_bad_rule_shows_the_error_on_its_field_and_saves_nothing(cast, client, besancon):
    client.force_login(cast.north_referent)
    response = client.post(
        url("funding:agreement_setup", besancon.agreement),
        {"action": "rule", "rule-label": "Trop", "rule-kind": "percent", "rule-percent": "12,5"},
    )
    assert response.status_code == 200
    assert "100" in response.content.decode()
    assert not AllocationRule.objects.filter(label="Trop").exists()


def test_removing_something_of_another_agreement_is_404(cast, client, besancon):
    other = besancon_like(
        cast.other_scheme, coordinator=cast.other_entrance.landlord, city=cast.city
    )
    client.force_login(cast.north_referent)
    response = client.post(
        url("funding:agreement_setup", besancon.agreement),
        {"action": "constraint_remove", "id": other.agreement.constraints.first().pk},
    )
    assert response.status_code == 404
    assert AgreementConstraint.objects.count() == 6


def test_the_contract_page_shows_renewals_the_notice_deadline_and_refuses_an_excess_order(
    cast, client, besancon
):
    client.force_login(cast.north_referent)
    page = client.get(url("funding:contract", besancon.agreement)).content.decode()
    assert "15/02/2027" in page or "15/02/2025" in page  # notice 3 months before 15 May
    assert page.count("<tr") >= 5  # header + four periods

    too_much = client.post(
        url("funding:contract", besancon.agreement),
        {
            "reference": "BC-1",
            "ordered_on": "2024-06-01",
            "amount_cents": "368 401",
            "description": "Sites",
        },
    )
    assert too_much.status_code == 200
    assert "errorlist" in too_much.content.decode()
    assert not PurchaseOrder.objects.exists()
    ok = client.post(
        url("funding:contract", besancon.agreement),
        {
            "reference": "BC-1",
            "ordered_on": "2024-06-01",
            "amount_cents": "100 000",
            "description": "Sites",
        },
    )
    assert ok.status_code == 302
    assert PurchaseOrder.objects.get().amount_cents == 100_000_00


def test_a_reader_sees_the_orders_but_cannot_place_one(cast, client, besancon):
    client.force_login(cast.city_officer)
    page = client.get(url("funding:contract", besancon.agreement))
    assert page.status_code == 200
    assert "New purchase order" not in page.content.decode()
    response = client.post(
        url("funding:contract", besancon.agreement),
        {"reference": "BC-1", "ordered_on": "2024-06-01", "amount_cents": "1", "description": "x"},
    )
    assert response.status_code == 404
    assert not PurchaseOrder.objects.exists()


def test_the_menu_shows_funding_to_parties_only(cast, client, besancon):
    for persona, expected in [
        ("city_officer", True),
        ("north_referent", True),
        ("south_referent", False),
        ("supervisor", False),
        ("admin", True),
    ]:
        client.force_login(cast.personas()[persona])
        page = client.get(reverse("schemes:about", args=["rivebourg"])).content.decode()
        assert (reverse("funding:agreements", args=["rivebourg"]) in page) == expected, persona
