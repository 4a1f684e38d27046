from datetime import date

import pytest

from voisinage.funding.contracts import (
    contract_timeline,
    current_period,
    next_notice,
    order_ceiling,
)

BESANCON = {
    "starts_on": date(2024, 5, 15),
    "initial_term_months": 12,
    "renewals": 3,
    "renewal_term_months": 12,
    "notice_months": 3,
}


def test_one_year_renewable_three_times_makes_four_periods_to_may_2028():
    periods = contract_timeline(**BESANCON)

    assert [(p.starts_on, p.ends_on) for p in periods] == [
        (date(2024, 5, 15), date(2025, 5, 14)),
        (date(2025, 5, 15), date(2026, 5, 14)),
        (date(2026, 5, 15), date(2027, 5, 14)),
        (date(2027, 5, 15), date(2028, 5, 14)),
    ]
    assert [p.is_renewal for p in periods] == [False, True, True, True]


def test_notice_is_due_three_months_before_each_anniversary_but_not_after_the_last():
    periods = contract_timeline(**BESANCON)

    assert [(p.anniversary, p.notice_deadline) for p in periods] == [
        (date(2025, 5, 15), date(2025, 2, 15)),
        (date(2026, 5, 15), date(2026, 2, 15)),
        (date(2027, 5, 15), date(2027, 2, 15)),
        (None, None),
    ]


def test_the_next_notice_deadline_follows_today():
    periods = contract_timeline(**BESANCON)

    assert next_notice(periods, date(2026, 11, 22)).notice_deadline == date(2027, 2, 15)
    assert next_notice(periods, date(2026, 2, 15)).notice_deadline == date(2026, 2, 15)
    assert next_notice(periods, date(2027, 2, 16)) is None
    assert current_period(periods, date(2026, 11, 22)).index == 2


def test_the_notice_period_is_data():
    periods = contract_timeline(**{**BESANCON, "notice_months": 6})

    assert periods[0].notice_deadline == date(2024, 11, 15)


def test_a_contract_without_renewal_has_one_period_and_no_notice():
    periods = contract_timeline(
        starts_on=date(2019, 1, 1),
        initial_term_months=12,
        renewals=0,
        renewal_term_months=12,
        notice_months=3,
    )

    assert [(p.starts_on, p.ends_on, p.notice_deadline) for p in periods] == [
        (date(2019, 1, 1), date(2019, 12, 31), None)
    ]


def test_a_31_january_start_does_not_drift_from_month_to_month():
    periods = contract_timeline(
        starts_on=date(2024, 1, 31),
        initial_term_months=1,
        renewals=2,
        renewal_term_months=1,
        notice_months=0,
    )

    assert [p.starts_on for p in periods] == [
        date(2024, 1, 31),
        date(2024, 2, 29),
        date(2024, 3, 31),
    ]


def test_orders_may_use_the_annual_amount_of_each_period_begun():
    periods = contract_timeline(**BESANCON)

    assert order_ceiling(periods, 100_000_00, date(2024, 5, 14)) == 0
    assert order_ceiling(periods, 100_000_00, date(2024, 5, 15)) == 100_000_00
    assert order_ceiling(periods, 100_000_00, date(2025, 6, 1)) == 200_000_00
    assert order_ceiling(periods, 100_000_00, date(2030, 1, 1)) == 400_000_00


def test_a_contract_needs_a_term():
    with pytest.raises(ValueError, match="initial term"):
        contract_timeline(**{**BESANCON, "initial_term_months": 0})
