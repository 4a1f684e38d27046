"""Property-based tests: whatever the rules, dates and costs, the lines add up to the total to
the cent, money stays integer, and no cap is exceeded without being reported."""

from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from itertools import count

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from voisinage.funding.allocation import (
    CapRevision,
    Constraint,
    CostPeriod,
    IssueCode,
    Presence,
    Rounding,
    Rule,
    allocate,
    assess,
    compute_schedule,
    period_total,
    walk,
)
from voisinage.lib.money import round_to_unit

PROPERTY_SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

percents = st.decimals(min_value=0, max_value=100, places=2)
amounts = st.integers(min_value=0, max_value=10**9)  # cents, up to 10 million euros

# A node: (kind, percent, cap, fixed, children); children empty → a line.
leaf_kinds = st.sampled_from(["percent", "capped_percent", "fixed", "equal_share", "remainder"])


NO_CHILDREN = st.just(())


@st.composite
def node(draw, children=NO_CHILDREN):
    kind = draw(leaf_kinds)
    return (
        kind,
        draw(percents) if kind in ("percent", "capped_percent") else None,
        draw(amounts) if kind == "capped_percent" else None,
        draw(amounts) if kind == "fixed" else None,
        draw(children),
    )


trees = st.recursive(
    st.lists(node(), min_size=1, max_size=4),
    lambda inner: st.lists(node(children=inner | st.just(())), min_size=1, max_size=4),
    max_leaves=12,
)


def build(specs, ids=None, parties=None):
    ids = ids or count(1)
    parties = parties or count(1000)
    rules = []
    for kind, percent, cap, fixed, children in specs:
        rule_id = next(ids)
        built = tuple(build(children, ids, parties)) if children else ()
        rules.append(
            Rule(
                rule_id,
                kind,
                f"r{rule_id}",
                party_id=None if built else next(parties),
                percent=percent,
                cap_cents=cap,
                fixed_cents=fixed,
                children=built,
            )
        )
    return tuple(rules)


@st.composite
def periods(draw):
    start = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2035, 12, 31)))
    end = start + timedelta(days=draw(st.integers(min_value=0, max_value=2200)))
    changes = draw(st.lists(st.integers(min_value=0, max_value=(end - start).days), max_size=3))
    costs = [CostPeriod(start, draw(amounts))]
    costs += [
        CostPeriod(start + timedelta(days=d), draw(amounts)) for d in sorted(set(changes)) if d
    ]
    return start, end, costs


def assert_caps_kept_or_reported(allocation, rules):
    reported = {i.rule_id for i in allocation.issues if i.code == IssueCode.RULE_CAP}
    for rule in walk(rules):
        if rule.cap_cents is not None:
            cap = allocation.caps[rule.id]
            assert cap <= rule.cap_cents
            assert allocation.node_cents[rule.id] <= cap or rule.id in reported, rule


@PROPERTY_SETTINGS
@given(specs=trees, period=periods())
def test_every_year_adds_up_to_its_total_to_the_cent(specs, period):
    rules = build(specs)
    start, end, costs = period

    years = compute_schedule(starts_on=start, ends_on=end, costs=costs, rules=rules)

    assert [y.year for y in years] == list(range(start.year, end.year + 1))
    for year in years:
        allocation = year.allocation
        assert type(year.total_cents) is int
        assert year.total_cents % 100 == 0  # the year's total is rounded to the euro
        assert all(type(line.amount_cents) is int for line in allocation.lines)
        assert all(line.amount_cents % 100 == 0 for line in allocation.lines)
        assert sum(line.amount_cents for line in allocation.lines) == year.total_cents
        # Each line was rounded by at most 50 cents: the residual stays small.
        assert abs(allocation.residual_cents) <= 50 * (len(allocation.lines) + 1)
        assert_caps_kept_or_reported(allocation, rules)
        # Something unallocated is never silent either.
        if allocation.unallocated_cents:
            assert any(
                i.code in (IssueCode.UNALLOCATED, IssueCode.NO_MEMBERS) for i in allocation.issues
            )


@PROPERTY_SETTINGS
@given(
    specs=trees,
    annual=amounts,
    caps=st.lists(st.tuples(st.integers(min_value=0, max_value=40), amounts), max_size=4),
    balances=st.lists(
        st.tuples(st.integers(min_value=0, max_value=40), percents, st.decimals(0, 5, places=2)),
        max_size=2,
    ),
)
def test_no_check_is_broken_without_a_breach_being_reported(specs, annual, caps, balances):
    rules = build(specs)
    ids = [r.id for r in walk(rules)]
    constraints = [
        Constraint(n, "cap", ids[i % len(ids)], cap_cents=cap)
        for n, (i, cap) in enumerate(caps, start=1)
    ] + [
        Constraint(100 + n, "balance", ids[i % len(ids)], expected_percent=p, tolerance_points=t)
        for n, (i, p, t) in enumerate(balances)
    ]

    assessment = assess(annual, rules, constraints)

    allocation = assessment.allocation
    assert sum(line.amount_cents for line in allocation.lines) == allocation.total_cents
    breached = {b.constraint_id for b in assessment.breaches}
    for constraint in constraints:
        amount = allocation.node_cents[constraint.rule_id]
        if constraint.kind == "cap":
            assert amount <= constraint.cap_cents or constraint.id in breached
            assert constraint.id not in breached or amount > constraint.cap_cents
        elif allocation.total_cents:
            share = Decimal(amount * 100) / Decimal(allocation.total_cents)
            off = abs(share - constraint.expected_percent) > constraint.tolerance_points
            # Decimal division is rounded; away from the boundary both must agree.
            if abs(
                abs(share - constraint.expected_percent) - constraint.tolerance_points
            ) > Decimal("1e-9"):
                assert off == (constraint.id in breached)
    assert_caps_kept_or_reported(allocation, rules)


@PROPERTY_SETTINGS
@given(specs=trees, period=periods())
def test_to_the_cent_every_part_adds_up_exactly_to_the_cost_with_no_residual(specs, period):
    rules = build(specs)
    start, end, costs = period

    years = compute_schedule(
        starts_on=start, ends_on=end, costs=costs, rules=rules, rounding=Rounding.CENT
    )

    for year in years:
        allocation = year.allocation
        # The year's total is the exact cost of its months, to the cent: no euro lost.
        exact = period_total(costs, year.starts_on, year.ends_on)
        assert year.total_cents == round_to_unit(exact, 1)
        assert all(type(line.amount_cents) is int for line in allocation.lines)
        assert sum(line.amount_cents for line in allocation.lines) == year.total_cents
        assert allocation.residual_cents == 0
        # Each line is within a cent of its exact part, for every node of the tree.
        for node in walk(rules):
            if node.id in allocation.node_cents and node.is_line:
                line = allocation.line_for(node.id)
                if line is not None:
                    assert abs(line.amount_cents - line.exact) < 1
        assert_caps_kept_or_reported(allocation, rules)
        if allocation.unallocated_cents:
            assert any(
                i.code in (IssueCode.UNALLOCATED, IssueCode.NO_MEMBERS) for i in allocation.issues
            )


@PROPERTY_SETTINGS
@given(total=amounts, members=st.integers(min_value=1, max_value=9), percent=percents)
def test_to_the_cent_equal_shares_differ_by_one_cent_at_most(total, members, percent):
    group = Rule(
        1,
        "percent",
        "group",
        percent=percent,
        children=tuple(Rule(10 + n, "equal_share", party_id=100 + n) for n in range(members)),
    )
    rest = Rule(2, "remainder", "rest", party_id=99)

    allocation = allocate((group, rest), total, rounding=Rounding.CENT)

    shares = [allocation.line_for(10 + n).amount_cents for n in range(members)]
    assert max(shares) - min(shares) <= 1
    assert sum(shares) + allocation.line_for(2).amount_cents == total


@PROPERTY_SETTINGS
@given(
    specs=trees,
    period=periods(),
    leave=st.integers(min_value=1, max_value=2200),
    which=st.integers(min_value=0, max_value=50),
    rounding=st.sampled_from(list(Rounding)),
)
def test_ending_a_party_from_a_date_never_changes_a_share_before_that_date(
    specs, period, leave, which, rounding
):
    rules = build(specs)
    start, end, costs = period
    payers = [r.party_id for r in walk(rules) if r.party_id is not None]
    party = payers[which % len(payers)]
    leaves_on = start + timedelta(days=leave % max((end - start).days, 1) + 1)
    silent = 99_999  # a party without a line: its leaving cuts the year and changes nothing

    def schedule(presence):
        return compute_schedule(
            starts_on=start,
            ends_on=end,
            costs=costs,
            rules=rules,
            rounding=rounding,
            presence=presence,
        )

    stays = schedule({})
    cut = schedule({silent: Presence(leaves_on=leaves_on)})
    leaves = schedule({party: Presence(leaves_on=leaves_on)})

    for a, b, c in zip(stays, cut, leaves, strict=True):
        # A cut where nobody changes moves nothing; the year still adds up to the same total.
        assert a.total_cents == b.total_cents == c.total_cents
        assert sum(ln.amount_cents for ln in c.allocation.lines) == c.total_cents
        if a.ends_on < leaves_on:
            assert a.allocation == c.allocation  # a year before the date is untouched
        for before, after in zip(b.segments, c.segments, strict=True):
            if before.ends_on < leaves_on:
                assert before == after  # every share of the days before it stays
            else:
                assert all(ln.party_id != party for ln in after.allocation.lines)


@PROPERTY_SETTINGS
@given(
    specs=trees,
    period=periods(),
    day=st.integers(min_value=1, max_value=2200),
    percent=st.integers(min_value=-50, max_value=50),
    rounding=st.sampled_from(list(Rounding)),
)
def test_revising_the_caps_from_a_date_never_changes_a_share_before_that_date(
    specs, period, day, percent, rounding
):
    rules = build(specs)
    start, end, costs = period
    revised_on = start + timedelta(days=day % max((end - start).days, 1) + 1)

    def schedule(factor):
        return compute_schedule(
            starts_on=start,
            ends_on=end,
            costs=costs,
            rules=rules,
            rounding=rounding,
            cap_revisions=[CapRevision(revised_on, factor)],
        )

    same = schedule(Fraction(1))
    revised = schedule(1 + Fraction(percent, 100))
    for a, b in zip(same, revised, strict=True):
        assert a.total_cents == b.total_cents
        assert sum(ln.amount_cents for ln in b.allocation.lines) == b.total_cents
        for before, after in zip(a.segments, b.segments, strict=True):
            if before.ends_on < revised_on:
                assert before == after
