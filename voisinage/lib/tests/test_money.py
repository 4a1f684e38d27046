from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from voisinage.lib.money import (
    add_months,
    apportion,
    floor_to_unit,
    format_index,
    format_percent,
    months_covered,
    parse_euros,
    pro_rata,
    round_to_unit,
    years_covered,
)


@pytest.mark.parametrize(
    ("cents", "expected"),
    [
        (Fraction(3_510_033, 100) * 100, 3_510_000),  # 35 100.33 € → 35 100 €
        (Fraction(2_507_167, 100) * 100, 2_507_200),  # 25 071.67 € → 25 072 €
        (150, 200),  # 1.50 € → 2 €: half goes up
        (149, 100),
        (-150, -200),  # half away from zero below zero too
        (-149, -100),
        (0, 0),
    ],
)
def test_rounding_to_the_euro_goes_half_away_from_zero(cents, expected):
    assert round_to_unit(cents) == expected


def test_floor_never_rounds_a_cap_up():
    assert floor_to_unit(Fraction(45_200_00 * 7, 12)) == 26_366_00
    assert floor_to_unit(-150) == -200
    assert floor_to_unit(Fraction(1999, 1), 1) == 1999


def test_rounding_refuses_a_unit_of_zero():
    with pytest.raises(ValueError, match="positive"):
        round_to_unit(10, 0)


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2024, 6, 1), date(2024, 12, 31), 7),
        (date(2028, 1, 1), date(2028, 5, 31), 5),
        (date(2025, 1, 1), date(2025, 12, 31), 12),
        (date(2024, 5, 15), date(2024, 5, 31), Fraction(17, 31)),
        (date(2024, 2, 15), date(2024, 3, 14), Fraction(15, 29) + Fraction(14, 31)),
        (date(2024, 6, 2), date(2024, 6, 1), 0),
    ],
)
def test_months_count_whole_months_as_one_and_partial_months_by_their_days(start, end, months):
    assert months_covered(start, end) == months


def test_seven_twelfths_of_368_400_euros_is_214_900():
    assert pro_rata(368_400_00, 7) == 214_900_00
    assert pro_rata(368_400_00, 5) == 153_500_00


def test_years_covered_cuts_a_period_at_each_new_year():
    assert years_covered(date(2024, 6, 1), date(2026, 5, 31)) == [
        (2024, date(2024, 6, 1), date(2024, 12, 31)),
        (2025, date(2025, 1, 1), date(2025, 12, 31)),
        (2026, date(2026, 1, 1), date(2026, 5, 31)),
    ]


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("368 400", 368_400_00),
        ("368\u202f400,50", 368_400_50),
        ("1 234.5 €", 1_234_50),
        ("0", 0),
        ("-12", -1_200),
    ],
)
def test_euros_are_read_as_people_type_them(text, cents):
    assert parse_euros(text) == cents
    assert type(parse_euros(text)) is int


@pytest.mark.parametrize("text", ["", "abc", "12,345", "1.2.3", "1e5", "12 €€"])
def test_anything_else_is_not_an_amount(text):
    with pytest.raises(ValueError, match="not an amount"):
        parse_euros(text)


def test_add_months_keeps_the_day_or_clamps_it_to_the_month_end():
    assert add_months(date(2024, 5, 15), 12) == date(2025, 5, 15)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2025, 5, 15), -3) == date(2025, 2, 15)


def test_percentages_print_with_a_decimal_comma_and_no_useless_zeros():
    assert format_percent(Decimal("51.0000")) == "51"
    assert format_percent(Decimal("28.19")) == "28,19"
    assert format_percent(Fraction(100, 3)) == "33,33"


@given(st.integers(min_value=-(10**12), max_value=10**12), st.integers(min_value=1, max_value=12))
def test_a_rounded_part_is_within_half_a_euro_of_the_exact_part(annual, months):
    exact = pro_rata(annual, months)
    assert abs(round_to_unit(exact) - exact) <= 50
    assert floor_to_unit(exact) <= exact < floor_to_unit(exact) + 100


def test_apportion_gives_the_cents_left_to_the_largest_remainders():
    third = Fraction(100_00, 3)
    assert apportion([third, third, third]) == [33_34, 33_33, 33_33]
    assert apportion([Fraction(2, 3), Fraction(1, 3)]) == [1, 0]
    # A part that is already whole (a cap reached exactly) never takes a cent.
    assert apportion([Fraction(500), Fraction(201, 2), Fraction(201, 2)]) == [500, 101, 100]


def test_apportion_rounds_to_the_euro_when_asked():
    third = Fraction(105_301_00, 3)
    assert apportion([third, third, third], unit=100) == [35_101_00, 35_100_00, 35_100_00]


def test_apportion_refuses_parts_that_do_not_add_up_to_whole_units():
    with pytest.raises(ValueError, match="whole number"):
        apportion([Fraction(1, 2)])
    with pytest.raises(ValueError, match="whole number"):
        apportion([Fraction(150)], unit=100)


@given(
    total=st.integers(min_value=-(10**10), max_value=10**10),
    weights=st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=12),
)
def test_apportioned_parts_add_up_exactly_and_each_stays_within_a_cent(total, weights):
    if not any(weights):
        weights = [*weights[:-1], 1]
    exact = [Fraction(total * w, sum(weights)) for w in weights]

    parts = apportion(exact)

    assert sum(parts) == total
    assert all(type(p) is int for p in parts)
    assert all(abs(p - e) < 1 for p, e in zip(parts, exact, strict=True))
    # Equal exact parts differ by one cent at most.
    for i, a in enumerate(exact):
        for j, b in enumerate(exact):
            if a == b:
                assert abs(parts[i] - parts[j]) <= 1


def test_an_index_is_written_with_its_significant_decimals_only():
    assert format_index(Decimal("102.5000")) == "102,5"
    assert format_index(Decimal("131.2700")) == "131,27"
    assert format_index(Decimal("100.0000")) == "100"
    assert format_index(Decimal("99.1234")) == "99,1234"
