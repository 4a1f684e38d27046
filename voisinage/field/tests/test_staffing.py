"""Night staffing: the staffing rule on Besançon's dates, shortfalls, planning the rota and the
hours worked against the annual basis."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from voisinage.factories import UserFactory, grant
from voisinage.field.models import DutyAssignment
from voisinage.field.staffing.selectors import duty_hours, duty_team_tonight, night_staffing
from voisinage.field.staffing.services import (
    duty_assign,
    duty_copy_week,
    duty_remove,
    duty_update,
)
from voisinage.schemes.models import StaffingRule

# Besançon's rule (the Besançon agreement §I.2.e), as the demo scenario stores it.
BESANCON_RULES = [
    ("Encadrant", "supervisor", 1, "012345", 0, "", ""),
    ("Service normal", "agent", 4, "12345", 0, "", ""),
    ("Service restreint (lundi)", "agent", 2, "0", 10, "", ""),
    ("Service restreint (été)", "agent", 2, "012345", 10, "25/07-31/07, 01/08-14/08", ""),
    ("Service restreint (fin d'année)", "agent", 2, "012345", 10, "", "51, 52"),
]


pytestmark = pytest.mark.usefixtures("english")


def besancon_rules(scheme):
    for label, position, headcount, weekdays, priority, ranges, weeks in BESANCON_RULES:
        StaffingRule.objects.create(
            scheme=scheme,
            label=label,
            position=position,
            headcount=headcount,
            weekdays=weekdays,
            priority=priority,
            date_ranges=ranges,
            iso_weeks=weeks,
        )


def required(user, scheme, night):
    level = night_staffing(user, scheme, night, night)[0]
    return {p.position: p.required for p in level.positions}


def agents(cast, count):
    """``count`` more agents of the operator (yanis, the cast's agent, comes first)."""
    people = [cast.agent]
    for i in range(count - 1):
        user = UserFactory.create(username=f"agent{i}", first_name=f"Agent{i}")
        grant(user, cast.scheme, cast.operator, "agent")
        people.append(user)
    return people


@pytest.fixture
def rules(cast):
    besancon_rules(cast.scheme)
    return cast


@pytest.mark.parametrize(
    ("night", "supervisors", "agent_count"),
    [
        (date(2025, 6, 16), 1, 2),  # a Monday: reduced service
        (date(2025, 6, 17), 1, 4),  # Tuesday
        (date(2025, 6, 19), 1, 4),  # Thursday
        (date(2025, 6, 21), 1, 4),  # Saturday
        (date(2025, 6, 22), 0, 0),  # Sunday: no service, nobody required
        (date(2025, 7, 24), 1, 4),  # the day before the last week of July
        (date(2025, 7, 25), 1, 2),  # the last week of July starts
        (date(2025, 7, 30), 1, 2),  # 30 July, a Wednesday
        (date(2025, 8, 8), 1, 2),  # 8 August, a Friday: first two weeks of August
        (date(2025, 8, 14), 1, 2),
        (date(2025, 8, 15), 1, 4),  # the reduced period is over
        (date(2025, 12, 16), 1, 2),  # ISO week 51, a Tuesday
        (date(2025, 12, 23), 1, 2),  # ISO week 52, a Tuesday
        (date(2025, 12, 30), 1, 4),  # a Tuesday of ISO week 1 of 2026, not week 52
        (date(2020, 12, 29), 1, 4),  # ISO week 53 of 2020
    ],
)
def test_the_besancon_rule_gives_the_headcount_of_each_night(
    rules, night, supervisors, agent_count
):
    assert required(rules.supervisor, rules.scheme, night) == {
        "supervisor": supervisors,
        "agent": agent_count,
    }


def test_the_demo_scenario_encodes_the_same_rule(db):
    # The demo's rows, not a copy of them: load the scenario and ask the selector.
    from voisinage.demo.scenario import load_besancon

    scheme = load_besancon()
    admin = UserFactory.create(username="root", is_superuser=True)
    expected = {
        date(2025, 6, 16): 2,
        date(2025, 6, 17): 4,
        date(2025, 7, 30): 2,
        date(2025, 8, 8): 2,
        date(2025, 12, 16): 2,
        date(2025, 6, 22): 0,
    }
    for night, count in expected.items():
        assert required(admin, scheme, night)["agent"] == count, night


def test_a_shortfall_is_counted_per_position_and_only_where_people_are_missing(rules):
    cast = rules
    tuesday, monday, sunday = date(2025, 6, 17), date(2025, 6, 16), date(2025, 6, 22)
    team = agents(cast, 3)
    for person in team:
        duty_assign(scheme=cast.scheme, person=person, start=tuesday, position="agent")
    # Monday: a supervisor and three agents, one more than required.
    for person in team:
        duty_assign(scheme=cast.scheme, person=person, start=monday, position="agent")
    duty_assign(scheme=cast.scheme, person=cast.supervisor, start=monday, position="supervisor")
    # Someone entered on a Sunday by hand (no service): nothing is required, nothing missing.
    DutyAssignment.objects.create(
        scheme=cast.scheme, night=sunday, user=cast.agent, position="agent", hours=2
    )
    nights = {n.night: n for n in night_staffing(cast.supervisor, cast.scheme, monday, sunday)}
    tue = {p.position: p for p in nights[tuesday].positions}
    assert (tue["agent"].on_duty, tue["agent"].required, tue["agent"].missing) == (3, 4, 1)
    assert (tue["supervisor"].on_duty, tue["supervisor"].missing) == (0, 1)
    assert nights[tuesday].missing == 2
    mon = {p.position: p for p in nights[monday].positions}
    assert (mon["agent"].on_duty, mon["agent"].missing) == (3, 0)
    assert nights[monday].missing == 0
    assert not nights[sunday].has_service
    assert nights[sunday].missing == 0
    assert nights[sunday].on_duty == 1
    # Wednesday: nobody planned, everyone missing.
    assert nights[date(2025, 6, 18)].missing == 5


def test_the_levels_of_a_month_take_a_fixed_number_of_queries(rules, django_assert_max_num_queries):
    cast = rules
    team = agents(cast, 4)
    for person in team:
        duty_assign(
            scheme=cast.scheme,
            person=person,
            start=date(2025, 6, 1),
            end=date(2025, 6, 30),
            position="agent",
        )
    cast.supervisor.refresh_from_db()  # no cached grants
    with django_assert_max_num_queries(6):
        nights = night_staffing(cast.supervisor, cast.scheme, date(2025, 6, 1), date(2025, 6, 30))
        names = {a.user.username for n in nights for a in n.people}
    assert len(nights) == 30
    assert names == {p.username for p in team}


def test_partners_get_the_levels_without_the_names(rules):
    cast = rules
    duty_assign(scheme=cast.scheme, person=cast.agent, start=date(2025, 6, 17), position="agent")
    night = night_staffing(cast.city_officer, cast.scheme, date(2025, 6, 17), date(2025, 6, 17))
    assert night[0].on_duty == 1
    assert night[0].people == []


def test_planning_a_range_uses_each_nights_shift_and_skips_nights_without_service(rules):
    cast = rules
    # From Monday 23 to Sunday 29 March 2026: winter hours (17:00–00:00, 7 h) until the 31st.
    result = duty_assign(
        scheme=cast.scheme,
        person=cast.agent,
        start=date(2026, 3, 23),
        end=date(2026, 4, 5),
        position="agent",
        team="Équipe A",
    )
    assert result.created == 12
    assert result.skipped == [date(2026, 3, 29), date(2026, 4, 5)]
    hours = dict(DutyAssignment.objects.values_list("night", "hours"))
    assert hours[date(2026, 3, 23)] == Decimal("7.00")  # 17:00–00:00
    # 1 April: summer hours 18:00–01:00, still 7 h (the clocks changed on the 29th, a Sunday).
    assert hours[date(2026, 4, 1)] == Decimal("7.00")
    assert set(DutyAssignment.objects.values_list("team", flat=True)) == {"Équipe A"}


def test_planning_on_some_weekdays_only_and_planning_again_updates(rules):
    cast = rules
    result = duty_assign(
        scheme=cast.scheme,
        person=cast.agent,
        start=date(2025, 6, 16),
        end=date(2025, 6, 29),
        position="agent",
        weekdays=[1, 3],  # Tuesdays and Thursdays
    )
    assert result.created == 4
    again = duty_assign(
        scheme=cast.scheme,
        person=cast.agent,
        start=date(2025, 6, 17),
        position="supervisor",
        team="B",
        hours=Decimal("3.5"),
    )
    assert (again.created, again.updated) == (0, 1)
    row = DutyAssignment.objects.get(night=date(2025, 6, 17))
    assert (row.position, row.team, row.hours) == ("supervisor", "B", Decimal("3.50"))
    assert DutyAssignment.objects.count() == 4


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"start": date(2025, 6, 22)}, "no service night"),
        ({"start": date(2025, 6, 20), "end": date(2025, 6, 17)}, "before its start"),
        ({"end": date(2025, 12, 31)}, "92 nights at most"),
        ({"hours": Decimal("25")}, "between 0 and 24"),
        ({"position": "chief"}, "Unknown position"),
        ({"team": "x" * 41}, "longer than 40"),
    ],
)
def test_planning_refuses_bad_input_and_writes_nothing(rules, changes, message):
    cast = rules
    arguments = {
        "scheme": cast.scheme,
        "person": cast.agent,
        "start": date(2025, 6, 20),
        "position": "agent",
        **changes,
    }
    with pytest.raises(ValidationError, match=message):
        duty_assign(**arguments)
    assert DutyAssignment.objects.count() == 0


@pytest.mark.parametrize("persona", ["north_referent", "city_officer", "other_partner", "nobody"])
def test_only_the_operators_staff_go_on_the_rota(rules, persona):
    cast = rules
    with pytest.raises(ValidationError, match="operator's staff"):
        duty_assign(
            scheme=cast.scheme,
            person=cast.personas()[persona],
            start=date(2025, 6, 17),
            position="agent",
        )
    assert DutyAssignment.objects.count() == 0


def test_updating_and_removing_one_night(rules):
    cast = rules
    duty_assign(scheme=cast.scheme, person=cast.agent, start=date(2025, 6, 17), position="agent")
    assignment = DutyAssignment.objects.get()
    duty_update(assignment=assignment, position="agent", team="C", hours=Decimal("4"))
    assignment.refresh_from_db()
    assert (assignment.team, assignment.hours) == ("C", Decimal("4.00"))
    with pytest.raises(ValidationError):
        duty_update(assignment=assignment, position="agent", team="C", hours=Decimal("-1"))
    assignment.refresh_from_db()
    assert assignment.hours == Decimal("4.00")
    duty_remove(assignment=assignment)
    assert DutyAssignment.objects.count() == 0


def test_copying_the_previous_week_lands_on_the_same_weekdays(rules):
    cast = rules
    team = agents(cast, 2)
    # Week of Monday 9 June 2025: yanis Tue–Sat with a half night on Friday, the other Monday.
    duty_assign(
        scheme=cast.scheme,
        person=team[0],
        start=date(2025, 6, 10),
        end=date(2025, 6, 14),
        position="agent",
        team="A",
    )
    DutyAssignment.objects.filter(night=date(2025, 6, 13)).update(hours=Decimal("3.5"))
    duty_assign(scheme=cast.scheme, person=team[1], start=date(2025, 6, 9), position="agent")
    # Already planned in the target week: left as it is.
    duty_assign(
        scheme=cast.scheme, person=team[0], start=date(2025, 6, 17), position="agent", team="Z"
    )
    result = duty_copy_week(scheme=cast.scheme, week_start=date(2025, 6, 18))  # any day
    assert result.created == 5
    assert result.skipped == [date(2025, 6, 17)]
    copied = {
        (a.night, a.user_id): (a.team, a.hours)
        for a in DutyAssignment.objects.filter(night__gte=date(2025, 6, 16))
    }
    assert copied[(date(2025, 6, 16), team[1].pk)] == ("", Decimal("7.00"))
    assert copied[(date(2025, 6, 17), team[0].pk)] == ("Z", Decimal("7.00"))
    assert copied[(date(2025, 6, 20), team[0].pk)] == ("A", Decimal("3.50"))
    assert copied[(date(2025, 6, 21), team[0].pk)] == ("A", Decimal("7.00"))


def test_copying_an_empty_week_is_refused(rules):
    with pytest.raises(ValidationError, match="no rota to copy"):
        duty_copy_week(scheme=rules.scheme, week_start=date(2025, 6, 16))


def test_my_team_tonight_is_the_people_sharing_my_team_that_night(rules):
    cast = rules
    team = agents(cast, 4)
    night = date(2025, 6, 17)
    for person, name in zip(team, ["A", "A", "B", ""], strict=True):
        duty_assign(scheme=cast.scheme, person=person, start=night, position="agent", team=name)
    # The same team another night does not count.
    duty_assign(
        scheme=cast.scheme, person=team[2], start=night + timedelta(days=1), position="agent"
    )
    assert duty_team_tonight(team[0], cast.scheme, night) == sorted(
        team[:2], key=lambda u: (u.last_name, u.first_name, u.username)
    )
    assert duty_team_tonight(team[2], cast.scheme, night) == [team[2]]
    assert duty_team_tonight(team[3], cast.scheme, night) == [team[3]]  # no team: alone
    assert duty_team_tonight(cast.supervisor, cast.scheme, night) == []  # not on duty
    assert duty_team_tonight(team[0], cast.scheme, night + timedelta(days=2)) == []
    # Someone who left the operator is no longer counted in the team.
    team[1].memberships.update(is_active=False)
    assert duty_team_tonight(team[0], cast.scheme, night) == [team[0]]


def test_hours_worked_are_measured_against_the_prorated_annual_basis(rules):
    cast = rules
    cast.scheme.annual_hours_basis = 1607
    cast.scheme.save()
    # Yanis works from 1 January 2025; Sonia joined on 1 October (a quarter of the year left).
    DutyAssignment.objects.bulk_create(
        [
            DutyAssignment(
                scheme=cast.scheme,
                night=date(2025, 1, 1) + timedelta(days=i),
                user=cast.agent,
                position="agent",
                hours=Decimal("5"),
            )
            for i in range(0, 181, 2)  # every other night until 30 June: 91 nights
        ]
        + [
            DutyAssignment(
                scheme=cast.scheme,
                night=date(2025, 10, 1) + timedelta(days=i),
                user=cast.supervisor,
                position="supervisor",
                hours=Decimal("7"),
            )
            for i in range(46)  # every night from 1 October to 15 November
        ]
        + [
            # Another year and another scheme do not count.
            DutyAssignment(
                scheme=cast.scheme,
                night=date(2024, 12, 31),
                user=cast.agent,
                position="agent",
                hours=Decimal("7"),
            ),
            DutyAssignment(
                scheme=cast.other_scheme,
                night=date(2025, 3, 4),
                user=cast.agent,
                position="agent",
                hours=Decimal("7"),
            ),
        ]
    )
    report = duty_hours(cast.supervisor, cast.scheme, 2025, today=date(2025, 11, 1))
    people = {p.user.username: p for p in report.people}
    yanis, sonia = people["yanis"], people["sonia"]
    assert (yanis.nights_worked, yanis.worked, yanis.planned) == (91, Decimal("455.00"), 0)
    # 455 h in the 304 days before 1 November, over 365 days: 546.30 h.
    assert yanis.projection == Decimal("546.30")
    assert yanis.basis == Decimal("1607.00")
    assert (yanis.worked_share, yanis.projection_share) == (28, 34)
    # Sonia: 31 nights worked (217 h) in October, 15 planned; basis 1607 × 92/365 = 405.05 h.
    assert (sonia.nights_worked, sonia.worked, sonia.planned) == (
        31,
        Decimal("217.00"),
        Decimal("105.00"),
    )
    assert sonia.basis == Decimal("405.05")
    assert sonia.projection == Decimal("644.00")  # 217 h in 31 days, over 92 days
    assert (sonia.worked_share, sonia.projection_share) == (54, 159)
    assert report.people[0] == yanis  # the most hours first
    # A past year is complete: its projection is what was worked.
    past = duty_hours(cast.supervisor, cast.scheme, 2024, today=date(2025, 11, 1))
    assert [(p.user.username, p.worked, p.projection) for p in past.people] == [
        ("yanis", Decimal("7.00"), Decimal("7.00"))
    ]


def test_without_a_basis_no_share_is_computed(rules):
    cast = rules
    duty_assign(scheme=cast.scheme, person=cast.agent, start=date(2025, 6, 17), position="agent")
    report = duty_hours(cast.supervisor, cast.scheme, 2025, today=date(2025, 7, 1))
    assert report.basis is None
    assert report.people[0].worked == Decimal("7.00")
    assert report.people[0].worked_share is None
    assert report.people[0].projection_share is None


def test_partners_see_nobodys_hours(rules):
    cast = rules
    duty_assign(scheme=cast.scheme, person=cast.agent, start=date(2025, 6, 17), position="agent")
    assert duty_hours(cast.city_officer, cast.scheme, 2025, date(2025, 7, 1)).people == []
    assert duty_hours(cast.north_referent, cast.scheme, 2025, date(2025, 7, 1)).people == []
    assert len(duty_hours(cast.agent, cast.scheme, 2025, date(2025, 7, 1)).people) == 1


def test_one_english_word_takes_the_french_word_of_its_context():
    """One English word, two French ones: the rota's numbers of hours are « Heures », the
    scheme's time ranges « Horaires » (pgettext contexts)."""
    from django.template import Context, Template

    from voisinage.field.staffing.views import AssignmentForm

    with translation.override("fr"):
        assert str(AssignmentForm.base_fields["hours"].label) == "Heures"
        header = Template('{% load i18n %}{% translate "Hours" context "time range" %}')
        assert header.render(Context()) == "Horaires"
        # The coverage's badge of a priority neighbourhood (QPV).
        badge = Template('{% load i18n %}{% translate "priority" context "neighbourhood kind" %}')
        assert badge.render(Context()) == "prioritaire"
