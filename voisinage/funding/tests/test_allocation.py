"""The allocation rules, on the seeds' own figures (pure functions, no database)."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from voisinage.funding.allocation import (
    Constraint,
    CostPeriod,
    IssueCode,
    Rule,
    allocate,
    assess,
    compute_schedule,
)

LANDLORDS, PARTNERS, STATE, CITY, GBM = 1, 2, 3, 4, 5
BESANCON = (
    Rule(LANDLORDS, "percent", "Bailleurs", party_id=10, percent=Decimal(51)),
    Rule(
        PARTNERS,
        "percent",
        "Partenaires",
        percent=Decimal(49),
        children=(
            Rule(STATE, "equal_share", "État", party_id=11),
            Rule(CITY, "equal_share", "Ville", party_id=12),
            Rule(GBM, "equal_share", "GBM", party_id=13),
        ),
    ),
)
CAPS = (
    Constraint(1, "cap", LANDLORDS, cap_cents=187_884_00, clause="§5.3 bailleurs"),
    Constraint(2, "cap", PARTNERS, cap_cents=180_516_00, clause="§5.3 partenaires"),
    Constraint(3, "balance", LANDLORDS, expected_percent=Decimal(51), clause="§3.2"),
)


def euros_by_line(allocation):
    return {line.label: line.amount_cents // 100 for line in allocation.lines}


def schedule(annual_cents, start, end, rules=BESANCON):
    years = compute_schedule(
        starts_on=start, ends_on=end, costs=[CostPeriod(start, annual_cents)], rules=rules
    )
    return {y.year: y for y in years}


def test_besancon_partners_pay_60_172_euros_each_in_2025_2026_and_2027():
    years = schedule(368_400_00, date(2024, 6, 1), date(2028, 5, 31))

    for year in (2025, 2026, 2027):
        amounts = euros_by_line(years[year].allocation)
        assert amounts == {"Bailleurs": 187_884, "État": 60_172, "Ville": 60_172, "GBM": 60_172}
        assert years[year].total_cents == 368_400_00


def test_besancon_june_to_december_2024_is_seven_twelfths_and_35_100_euros_each():
    year = schedule(368_400_00, date(2024, 6, 1), date(2028, 5, 31))[2024]

    assert year.months == 7
    assert year.total_cents == 214_900_00  # 368 400 × 7/12
    amounts = euros_by_line(year.allocation)
    assert amounts["État"] == amounts["Ville"] == amounts["GBM"] == 35_100
    # 49 % is 105 301 €: the partners' three rounded shares leave one euro, which the
    # largest line (the landlords' 51 %) takes so that the year adds up.
    assert amounts["Bailleurs"] == 109_600
    assert year.allocation.residual_cents == 100
    assert year.allocation.residual_rule_id == LANDLORDS
    assert sum(amounts.values()) == 214_900


def test_besancon_january_to_may_2028_is_five_twelfths_and_25_072_euros_each():
    year = schedule(368_400_00, date(2024, 6, 1), date(2028, 5, 31))[2028]

    assert year.months == 5
    assert year.total_cents == 153_500_00
    amounts = euros_by_line(year.allocation)
    assert amounts["État"] == amounts["Ville"] == amounts["GBM"] == 25_072
    assert amounts["Bailleurs"] == 78_284  # 78 285 − the euro the partners' rounding took
    assert sum(amounts.values()) == 153_500


def test_the_previous_contract_gave_57_050_euros_each_and_23_771_for_early_2024():
    years = schedule(349_284_00, date(2020, 6, 1), date(2024, 5, 31))

    for year in (2021, 2022, 2023):
        amounts = euros_by_line(years[year].allocation)
        assert amounts["État"] == amounts["Ville"] == amounts["GBM"] == 57_050
        assert sum(amounts.values()) == 349_284
    # The council decision recalls a first 2024 payment of 23 771 € under that agreement.
    assert euros_by_line(years[2024].allocation)["Ville"] == 23_771


def test_the_caps_are_exactly_reached_at_368_400_euros_and_nothing_breaks():
    assessment = assess(368_400_00, BESANCON, CAPS)

    assert assessment.allocation.node_cents[LANDLORDS] == 187_884_00
    assert assessment.allocation.node_cents[PARTNERS] == 180_516_00
    assert assessment.breaches == ()
    assert assessment.ok


def test_a_cost_rise_breaks_both_caps_and_names_the_clause():
    assessment = assess(372_000_00, BESANCON, CAPS)

    breaches = {b.rule_id: b for b in assessment.breaches}
    assert set(breaches) == {LANDLORDS, PARTNERS}
    assert breaches[LANDLORDS].amount_cents == 189_720_00
    assert breaches[LANDLORDS].excess_cents == 189_720_00 - 187_884_00
    assert breaches[LANDLORDS].clause == "§5.3 bailleurs"
    assert breaches[PARTNERS].limit_cents == 180_516_00
    # The split itself still holds 51/49: the balance check passes.
    assert all(b.kind == "cap" for b in assessment.breaches)


def test_a_balance_breaks_when_a_cap_in_the_rules_shifts_the_split():
    rules = (
        Rule(1, "remainder", "Bailleurs", party_id=10),
        Rule(
            2,
            "capped_percent",
            "Partenaires",
            party_id=11,
            percent=Decimal(49),
            cap_cents=180_516_00,
        ),
    )
    balance = (Constraint(3, "balance", 1, expected_percent=Decimal(51), clause="§3.2"),)

    assert assess(368_400_00, rules, balance).breaches == ()
    breach = assess(400_000_00, rules, balance).breaches[0]

    # The partners stop at 180 516 €: the landlords carry 219 484 €, 54.87 % of the cost.
    assert breach.amount_cents == 219_484_00
    assert breach.share == Fraction(219_484_00 * 100, 400_000_00)
    assert breach.clause == "§3.2"


def test_a_tolerance_keeps_a_small_gap_from_counting_as_a_breach():
    rules = (
        Rule(1, "percent", "A", party_id=1, percent=Decimal("51.4")),
        Rule(2, "remainder", "B", party_id=2),
    )
    loose = (
        Constraint(3, "balance", 1, expected_percent=Decimal(51), tolerance_points=Decimal("0.5")),
    )
    tight = (
        Constraint(3, "balance", 1, expected_percent=Decimal(51), tolerance_points=Decimal("0.2")),
    )

    assert assess(100_000_00, rules, loose).breaches == ()
    assert len(assess(100_000_00, rules, tight).breaches) == 1


MONS = (
    Rule(1, "capped_percent", "Ville", party_id=1, percent=Decimal("28.19"), cap_cents=45_200_00),
    Rule(
        2,
        "remainder",
        "Autres membres",
        children=tuple(
            Rule(10 + i, "equal_share", name, party_id=10 + i)
            for i, name in enumerate(["Partenord", "Vilogia", "Logis Métropole", "AG2R"])
        ),
    ),
)


def test_mons_city_pays_28_19_percent_of_160_000_euros_that_is_45_104():
    allocation = allocate(MONS, 160_000_00)

    assert allocation.line_for(1).amount_cents == 45_104_00
    assert allocation.line_for(1).capped is False
    assert sum(line.amount_cents for line in allocation.lines) == 160_000_00


def test_mons_cap_of_45_200_euros_binds_when_the_cost_rises_to_170_000():
    allocation = allocate(MONS, 170_000_00)

    city = allocation.line_for(1)
    assert city.amount_cents == 45_200_00  # 28.19 % would be 47 923 €
    assert city.capped is True
    assert 1 in allocation.bound
    # The other members share the rest: 124 800 € / 4.
    assert [allocation.line_for(10 + i).amount_cents for i in range(4)] == [31_200_00] * 4
    assert allocation.issues == ()


def test_a_cap_is_pro_rata_for_a_partial_year_and_rounded_down_to_the_euro():
    allocation = allocate(MONS, 100_000_00, months=Fraction(7))

    # 45 200 × 7/12 = 26 366.67 €: the city pays at most 26 366 €.
    assert allocation.caps[1] == 26_366_00
    assert allocation.line_for(1).amount_cents == 26_366_00


HUMANICITE = (
    Rule(1, "fixed", "Ville de Lille-Lomme", party_id=1, fixed_cents=10_000_00),
    Rule(2, "fixed", "Ville de Capinghem", party_id=2, fixed_cents=10_000_00),
    Rule(3, "remainder", "ASL Humanicité", party_id=3),
)


def test_humanicite_two_fixed_10_000_and_the_remainder_40_600_make_60_600():
    years = schedule(60_600_00, date(2019, 1, 1), date(2019, 12, 31), HUMANICITE)

    assert euros_by_line(years[2019].allocation) == {
        "Ville de Lille-Lomme": 10_000,
        "Ville de Capinghem": 10_000,
        "ASL Humanicité": 40_600,
    }
    assert years[2019].total_cents == 60_600_00


def test_fixed_amounts_are_annual_and_taken_pro_rata_for_half_a_year():
    years = schedule(60_600_00, date(2019, 7, 1), date(2019, 12, 31), HUMANICITE)

    assert euros_by_line(years[2019].allocation) == {
        "Ville de Lille-Lomme": 5_000,
        "Ville de Capinghem": 5_000,
        "ASL Humanicité": 20_300,
    }


def test_the_remainder_line_absorbs_the_rounding_residual_before_the_largest():
    rules = (
        Rule(1, "percent", "Grand", party_id=1, percent=Decimal("60.5")),
        Rule(2, "percent", "Petit", party_id=2, percent=Decimal("20.25")),
        Rule(3, "remainder", "Reste", party_id=3),
    )
    allocation = allocate(rules, 1_001_00)

    # 605.605 → 606, 202.7025 → 203, 192.6925 → 193: one euro too many, taken from the rest.
    assert {ln.label: ln.amount_cents for ln in allocation.lines} == {
        "Grand": 606_00,
        "Petit": 203_00,
        "Reste": 192_00,
    }
    assert allocation.residual_rule_id == 3


def test_percentages_below_100_without_a_remainder_leave_an_unallocated_line():
    rules = (Rule(1, "percent", "A", party_id=1, percent=Decimal(60)),)
    allocation = allocate(rules, 1_000_00)

    assert allocation.unallocated_cents == 400_00
    assert sum(line.amount_cents for line in allocation.lines) == 1_000_00
    assert [issue.code for issue in allocation.issues] == [IssueCode.UNALLOCATED]


def test_a_group_without_members_is_reported_and_its_share_unallocated():
    rules = (
        Rule(1, "percent", "A", party_id=1, percent=Decimal(50)),
        Rule(2, "percent", "Groupe vide", percent=Decimal(50)),
    )
    allocation = allocate(rules, 1_000_00)

    assert allocation.unallocated_cents == 500_00
    assert allocation.issues[0].code == IssueCode.NO_MEMBERS
    assert allocation.issues[0].rule_id == 2


def test_fixed_amounts_above_the_cost_make_the_remainder_negative_and_say_so():
    allocation = allocate(HUMANICITE, 15_000_00)

    assert allocation.line_for(3).amount_cents == -5_000_00
    assert sum(line.amount_cents for line in allocation.lines) == 15_000_00
    assert [(i.code, i.rule_id) for i in allocation.issues] == [(IssueCode.NEGATIVE, 3)]


def test_a_cost_change_in_the_year_counts_each_cost_for_its_own_months():
    years = compute_schedule(
        starts_on=date(2025, 1, 1),
        ends_on=date(2025, 12, 31),
        costs=[CostPeriod(date(2025, 1, 1), 120_000_00), CostPeriod(date(2025, 7, 1), 240_000_00)],
        rules=BESANCON,
    )

    assert years[0].total_cents == 60_000_00 + 120_000_00


@pytest.mark.parametrize(
    ("kind", "fields"),
    [
        ("percent", {}),
        ("capped_percent", {"percent": Decimal(10)}),
        ("fixed", {}),
        ("unknown", {}),
    ],
)
def test_a_rule_missing_what_its_kind_needs_is_refused(kind, fields):
    with pytest.raises(ValueError):  # noqa: PT011 - each case has its own message
        Rule(1, kind, **fields)


def test_money_stays_in_integers_and_fractions():
    allocation = assess(368_400_00, BESANCON, CAPS).allocation
    for line in allocation.lines:
        assert type(line.amount_cents) is int
        assert isinstance(line.exact, Fraction)
    assert all(type(v) is int for v in allocation.node_cents.values())
