"""The operator contract's life: initial term, renewals, anniversaries, notice deadlines, and
how much may be ordered on it. Pure functions (no database).

A contract starting on 15 May 2024 for 1 year renewable 3 times runs in four periods:
15/05/2024–14/05/2025, …, 15/05/2027–14/05/2028. Each renewal happens on an anniversary
(15 May 2025, 2026, 2027); a partner that wants to reduce its share must say so
``notice_months`` before it (the Besançon agreement §5.3: 3 months, so by 15 February).

Orders: the amount that may have been ordered by a date is the contract's annual amount times
the periods begun by that date (unspent amounts carry over; next year's budget cannot be spent
early). The remaining amount is that ceiling minus every order already placed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from voisinage.lib.money import add_months, round_to_unit


@dataclass(frozen=True)
class ContractPeriod:
    index: int  # 0: initial term; 1, 2…: renewals
    starts_on: date
    ends_on: date
    # For every period but the last: the anniversary on which the next one would start, and
    # the last day to give notice before it.
    anniversary: date | None
    notice_deadline: date | None

    @property
    def is_renewal(self) -> bool:
        return self.index > 0


def contract_timeline(
    *,
    starts_on: date,
    initial_term_months: int,
    renewals: int,
    renewal_term_months: int,
    notice_months: int,
) -> list[ContractPeriod]:
    """Every period of the contract if all renewals happen."""
    if initial_term_months <= 0:
        raise ValueError("The initial term must be at least a month")
    if renewals and renewal_term_months <= 0:
        raise ValueError("A renewal must last at least a month")
    # Period starts are counted from the first start, so that 31 January does not drift.
    offsets = [0, initial_term_months]
    for _ in range(renewals):
        offsets.append(offsets[-1] + renewal_term_months)
    starts = [add_months(starts_on, months) for months in offsets]
    periods = []
    for index in range(len(starts) - 1):
        is_last = index == len(starts) - 2
        anniversary = None if is_last else starts[index + 1]
        periods.append(
            ContractPeriod(
                index=index,
                starts_on=starts[index],
                ends_on=starts[index + 1] - timedelta(days=1),
                anniversary=anniversary,
                notice_deadline=(
                    add_months(anniversary, -notice_months) if anniversary is not None else None
                ),
            )
        )
    return periods


def next_notice(periods: Sequence[ContractPeriod], today: date) -> ContractPeriod | None:
    """The period whose notice deadline is the next one on or after ``today``."""
    return next(
        (p for p in periods if p.notice_deadline is not None and p.notice_deadline >= today),
        None,
    )


def current_period(periods: Sequence[ContractPeriod], today: date) -> ContractPeriod | None:
    return next((p for p in periods if p.starts_on <= today <= p.ends_on), None)


def order_ceiling(periods: Sequence[ContractPeriod], annual_cents: int, on: date) -> int:
    """What may have been ordered in total by ``on``: annual amount × periods begun."""
    begun = sum(1 for p in periods if p.starts_on <= on)
    return annual_cents * begun


# --- Amendments -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Terms:
    """What the contract says from ``effective_on`` on (the original terms, then each
    amendment): annual amount, end, sites. Earlier terms are never rewritten."""

    effective_on: date
    annual_cents: int
    ends_on: date
    sites: tuple[str, ...]
    amendment_number: int | None = None


@dataclass(frozen=True)
class AmendmentSpec:
    number: int
    effective_on: date
    annual_cents: int | None = None
    ends_on: date | None = None
    sites: tuple[str, ...] = ()


def contract_terms(
    *,
    starts_on: date,
    ends_on: date,
    annual_cents: int,
    amendments: Sequence[AmendmentSpec],
    sites: tuple[str, ...] = (),
) -> list[Terms]:
    """The contract's successive terms: each amendment changes what it names, from its date."""
    terms = [Terms(starts_on, annual_cents, ends_on, sites)]
    for amendment in sorted(amendments, key=lambda a: (a.effective_on, a.number)):
        last = terms[-1]
        terms.append(
            Terms(
                amendment.effective_on,
                last.annual_cents if amendment.annual_cents is None else amendment.annual_cents,
                last.ends_on if amendment.ends_on is None else amendment.ends_on,
                amendment.sites or last.sites,
                amendment.number,
            )
        )
    return terms


def terms_on(terms: Sequence[Terms], day: date) -> Terms:
    """The terms in force on ``day`` (the original ones before any amendment)."""
    started = [t for t in terms if t.effective_on <= day]
    return started[-1] if started else terms[0]


def revision_factor(
    *,
    percent: Decimal | None = None,
    index_base: Decimal | None = None,
    index_new: Decimal | None = None,
) -> Fraction:
    """The factor of a price revision: 1 + percent / 100, or new index / reference index."""
    if percent is not None:
        return 1 + Fraction(percent) / 100
    if index_base and index_new is not None:
        return Fraction(index_new) / Fraction(index_base)
    raise ValueError("A revision needs a percentage or both indices")


def revised_amount(
    annual_cents: int,
    *,
    percent: Decimal | None = None,
    index_base: Decimal | None = None,
    index_new: Decimal | None = None,
) -> int:
    """The annual amount after a price revision by a percentage or by an index (new / base),
    to the cent (half away from zero)."""
    factor = revision_factor(percent=percent, index_base=index_base, index_new=index_new)
    return round_to_unit(annual_cents * factor, 1)
