"""Agreement amendments: numbered, dated, effective from a date — a new annual cost and/or the
caps revised (a percentage or an index); the checks read the revised caps; earlier periods keep
their figures. Refusals come in French and change nothing."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from voisinage.funding import services
from voisinage.funding.models import AgreementAmendment, AgreementCost
from voisinage.funding.selectors import agreement_content, agreement_schedule, agreement_sheet
from voisinage.funding.tests.builders import besancon_like

REVISED = date(2026, 6, 1)


@pytest.fixture
def besancon(cast):
    return besancon_like(cast.scheme, coordinator=cast.north, city=cast.city, rounding="cent")


def years(agreement):
    content = agreement_content(agreement)
    return {
        y.year: {ln.label: ln.amount_cents for ln in y.allocation.lines}
        for y in agreement_schedule(agreement, content)
    }


def breaches_from(agreement, day):
    sheet = agreement_sheet(agreement, date(2026, 11, 22))
    return [f.kind for check in sheet.cost_checks if check.starts_on == day for f in check.findings]


def test_the_caps_are_revised_from_the_anniversary_and_the_checks_read_the_revised_caps(
    cast, besancon
):
    agreement = besancon.agreement
    before = years(agreement)
    # The cost is revised by 2.5 %: the 51/49 caps, written for 368 400 €, no longer hold.
    first = services.agreement_amendment_add(
        agreement=agreement,
        author=cast.north_referent,
        signed_on=date(2026, 4, 1),
        effective_on=REVISED,
        annual_cost_cents=377_610_00,
        note="Révision du prix",
    )
    assert breaches_from(agreement, REVISED) == ["cap", "cap"]
    # The second amendment revises the caps by the same index, as the agreement allows.
    second = services.agreement_amendment_add(
        agreement=agreement,
        author=cast.north_referent,
        signed_on=date(2026, 5, 1),
        effective_on=REVISED,
        cap_index_base=Decimal(100),
        cap_index_new=Decimal("102.5"),
    )

    assert (first.number, second.number) == (1, 2)
    assert AgreementCost.objects.get(agreement=agreement, starts_on=REVISED).note == "Avenant 1"
    assert breaches_from(agreement, REVISED) == []
    assert breaches_from(agreement, date(2024, 6, 1)) == []  # the original rate, original caps
    content = agreement_content(agreement)
    assert [(r.starts_on, r.factor) for r in content.cap_revisions] == [(REVISED, Decimal("1.025"))]
    after = years(agreement)
    assert after[2024] == before[2024]
    assert after[2025] == before[2025]
    assert sum(after[2027].values()) == 377_610_00


def test_a_cap_breached_before_its_revision_stays_breached_before_it(cast, besancon):
    agreement = besancon.agreement
    services.agreement_amendment_add(
        agreement=agreement,
        author=None,
        signed_on=date(2026, 4, 1),
        effective_on=REVISED,
        cap_percent=Decimal(-10),
    )
    # From 1 June 2026 the caps are 10 % lower: the 368 400 € rate breaks them from then only.
    assert breaches_from(agreement, REVISED) == ["cap", "cap"]
    assert breaches_from(agreement, date(2024, 6, 1)) == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"effective_on": date(2024, 1, 1)}, "prend effet pendant la convention"),
        ({"cap_index_new": None}, "l'indice de référence et le nouvel indice"),
        ({"cap_index_base": None, "cap_index_new": None}, "ne change rien"),
        ({"cap_percent": Decimal(2)}, "l'un ou l'autre"),
    ],
)
def test_bad_agreement_amendments_are_refused_in_french_and_change_nothing(
    cast, besancon, french, changes, message
):
    values = {
        "agreement": besancon.agreement,
        "author": None,
        "signed_on": date(2026, 4, 1),
        "effective_on": REVISED,
        "cap_index_base": Decimal(100),
        "cap_index_new": Decimal(102),
        **changes,
    }
    costs = AgreementCost.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.agreement_amendment_add(**values)
    assert message in " ".join(caught.value.messages)
    assert AgreementAmendment.objects.count() == 0
    assert AgreementCost.objects.count() == costs


def test_an_amendment_before_the_latest_one_is_refused(cast, besancon, french):
    services.agreement_amendment_add(
        agreement=besancon.agreement,
        author=None,
        signed_on=date(2026, 4, 1),
        effective_on=REVISED,
        cap_percent=Decimal(2),
    )
    with pytest.raises(ValidationError, match="ne peut pas modifier une période antérieure"):
        services.agreement_amendment_add(
            agreement=besancon.agreement,
            author=None,
            signed_on=date(2026, 4, 1),
            effective_on=date(2025, 6, 1),
            cap_percent=Decimal(2),
        )
    assert AgreementAmendment.objects.count() == 1


def test_the_setup_page_records_an_amendment_and_the_agreement_page_lists_it(
    cast, client, besancon
):
    agreement = besancon.agreement
    client.force_login(cast.north_referent)
    setup = reverse("funding:agreement_setup", args=[cast.scheme.slug, agreement.pk])
    bad = client.post(
        setup,
        {
            "action": "amendment",
            "amendment-signed_on": "2026-04-01",
            "amendment-effective_on": "2026-06-01",
            "amendment-cap_index_base": "100",
        },
    )
    assert bad.status_code == 200
    assert "l&#x27;indice de référence et le nouvel indice" in bad.content.decode()
    assert not AgreementAmendment.objects.exists()

    done = client.post(
        setup,
        {
            "action": "amendment",
            "amendment-signed_on": "2026-04-01",
            "amendment-effective_on": "2026-06-01",
            "amendment-note": "Avenant de révision",
            "amendment-annual_cost_cents": "377 610,01",
            "amendment-cap_percent": "2,5",
        },
    )
    assert done.status_code == 302
    amendment = AgreementAmendment.objects.get()
    assert amendment.annual_cost_cents == 377_610_01
    assert amendment.cap_percent == Decimal("2.5")
    page = client.get(reverse("funding:agreement", args=[cast.scheme.slug, agreement.pk]))
    html = re.sub(r"[\u00a0\u202f]", " ", page.content.decode())
    assert "Avenant 1" in html
    assert "Avenant de révision" in html
    assert "377 610,01 €" in html
    assert "plafonds révisés de 2,5 %" in html


def test_the_agreement_page_shows_each_cap_as_revised_with_its_amendment(cast, client, besancon):
    agreement = besancon.agreement
    page_url = reverse("funding:agreement", args=[cast.scheme.slug, agreement.pk])
    client.force_login(cast.north_referent)
    assert 'data-testid="revised-caps"' not in client.get(page_url).content.decode()
    services.agreement_amendment_add(
        agreement=agreement,
        author=None,
        signed_on=date(2026, 4, 1),
        effective_on=REVISED,
        cap_index_base=Decimal(100),
        cap_index_new=Decimal("102.5"),
    )
    services.agreement_amendment_add(
        agreement=agreement,
        author=None,
        signed_on=date(2027, 4, 1),
        effective_on=date(2027, 6, 1),
        cap_percent=Decimal(2),
    )
    html = re.sub(r"[\u00a0\u202f]", " ", client.get(page_url).content.decode())
    table = re.search(r'data-testid="revised-caps">(.*?)</table>', html, re.S).group(1)
    assert "À partir du 1er juin 2026 (Avenant 1)" in table
    assert "À partir du 1er juin 2027 (Avenant 2)" in table
    landlords = re.search(r"Bailleurs \(groupement\).*?</tr>", table, re.S).group(0)
    # 187 884 € × 1,025 = 192 581,10 €; then × 1,02 = 196 432,72 € (to the cent).
    assert "187 884 € → 192 581,10 €" in landlords
    assert "187 884 € → 196 432,72 €" in landlords
    assert "180 516 € → 185 028,90 €" in table
