"""Routing on a table of cases: the first matching rule wins, its deadline gives the due date,
the decision is logged with its rule; otherwise the supervisor routes by hand."""

from datetime import date, timedelta

import pytest
from django.core import mail

from voisinage.lib.clock import today
from voisinage.reports.deadlines import due_date
from voisinage.reports.models import EventKind, ReportStatus
from voisinage.reports.services import report_reroute
from voisinage.reports.tests.helpers import make_report
from voisinage.tests.test_persona_matrix import param_id

# (category, place: entrance code or "street", expected recipient, rule position, due on)
# The reports are made on Wednesday 11 June 2025 at 22:30, Paris time.
CASES = [
    ("ascenseur", "HN-1", "Habitat Nord", 1, date(2025, 6, 16)),
    ("eclairage", "HN-3", "Habitat Nord", 1, date(2025, 6, 16)),
    # 3 working days from Wednesday: Thursday, Friday, Monday.
    ("fuite", "LS-1", "Logis Sud", 2, date(2025, 6, 16)),
    # Technical anomaly in the street: no rule, to route by hand.
    ("ascenseur", "street", None, None, None),
    ("encombrants", "street", "Ville de Rivebourg", 3, date(2025, 6, 13)),
    # Bulky waste at an entrance of Les Prés: the cleanliness rule for Les Prés.
    ("encombrants", "HN-1", "Ville de Rivebourg", 4, date(2025, 6, 21)),
    # ... but in the Centre neighbourhood nothing matches.
    ("tags", "LS-2", None, None, None),
    ("personne-vulnerable", "LS-2", "Solidarités Rivebourg", 5, date(2025, 6, 12)),
    ("conflit-voisinage", "street", "Solidarités Rivebourg", 5, date(2025, 6, 12)),
    ("stationnement-abusif", "HN-2", None, None, None),
]


def entrance_by_code(cast, code):
    return next(e for e in cast.north_entrances + cast.south_entrances if e.code == code)


@pytest.mark.parametrize(("code", "place", "recipient", "position", "due_on"), CASES, ids=param_id)
def test_the_first_matching_rule_routes_the_report(
    cast, reporting, english, code, place, recipient, position, due_on
):
    entrance = None if place == "street" else entrance_by_code(cast, place)
    report = make_report(cast, reporting, code, entrance=entrance).report
    report.refresh_from_db()
    routed = report.events.get(kind=EventKind.ROUTED)
    if recipient is None:
        assert report.recipient is None
        assert report.status == ReportStatus.TO_ROUTE
        assert routed.rule is None
        assert "by hand" in routed.rule_label
    else:
        assert report.recipient.name == recipient
        assert report.status == ReportStatus.SENT
        assert routed.rule.position == position
        assert routed.rule_label.startswith(f"#{position}")
        assert routed.recipient == report.recipient
    assert report.due_on == due_on


def test_a_default_recipient_takes_what_no_rule_matches(cast, reporting):
    config = reporting.rules[0].scheme.report_settings
    config.default_recipient = cast.city
    config.default_deadline_days = 4
    config.save()
    report = make_report(cast, reporting, "stationnement-abusif", entrance=cast.north_entrances[1])
    report.report.refresh_from_db()
    assert report.report.recipient == cast.city
    assert report.report.due_on == date(2025, 6, 15)
    assert report.report.events.get(kind=EventKind.ROUTED).rule is None


def test_rules_are_tried_in_their_order(cast, reporting):
    # A catch-all rule put first wins over everything.
    first = reporting.rules[-1]
    first.category_group = ""
    first.position = 0
    first.save()
    report = make_report(cast, reporting, "ascenseur", entrance=cast.north_entrances[0]).report
    report.refresh_from_db()
    assert report.recipient == reporting.social


@pytest.mark.parametrize(
    ("start", "days", "working", "expected"),
    [
        (date(2025, 6, 13), 1, False, date(2025, 6, 14)),  # Friday + 1 calendar day
        (date(2025, 6, 13), 1, True, date(2025, 6, 16)),  # Friday + 1 working day: Monday
        (date(2025, 4, 18), 1, True, date(2025, 4, 22)),  # Good Friday: Easter Monday is off
        (date(2025, 7, 11), 2, True, date(2025, 7, 16)),  # over 14 July
        (date(2025, 6, 11), 0, True, date(2025, 6, 11)),
    ],
    ids=param_id,
)
def test_due_dates_in_calendar_or_working_days(start, days, working, expected):
    assert due_date(start, days, working_days=working) == expected


def test_the_report_is_emailed_to_the_recipient_referents_after_commit(
    cast, reporting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_report(cast, reporting, "ascenseur", entrance=cast.north_entrances[0])
    # Habitat Nord's referents who read it: HN-1 is in Les Prés, Léa's neighbourhood.
    assert [m.to for m in mail.outbox] == [
        [cast.north_referent.email],
        [cast.north_pres_referent.email],
    ]
    body = mail.outbox[0].body
    assert "/dispositifs/signalement/reponse/" in body
    assert "/dispositifs/rivebourg/signalements/" in body


def test_named_referents_of_a_rule_receive_instead(
    cast, reporting, django_capture_on_commit_callbacks
):
    from voisinage.factories import UserFactory, grant

    someone = UserFactory.create(username="technicien", email="tech@habitat-nord.invalid")
    membership = grant(someone, cast.scheme, cast.north, "partner_viewer", "landlord")
    reporting.rules[0].referents.add(someone)
    with django_capture_on_commit_callbacks(execute=True):
        make_report(cast, reporting, "ascenseur", entrance=cast.north_entrances[0])
    assert [m.to for m in mail.outbox] == [["tech@habitat-nord.invalid"]]
    # A named person who may no longer read the report (membership ended) gets nothing: the
    # organisation's referents do.
    membership.ends_on = today() - timedelta(days=1)
    membership.save(update_fields=["ends_on"])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        make_report(cast, reporting, "ascenseur", entrance=cast.north_entrances[1])
    assert "tech@habitat-nord.invalid" not in [m.to[0] for m in mail.outbox]
    assert cast.north_referent.email in [m.to[0] for m in mail.outbox]


def test_an_organisation_without_referents_gets_it_at_its_address(
    cast, reporting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_report(cast, reporting, "personne-vulnerable", place_label="Square Léon-Blum")
    assert [m.to for m in mail.outbox] == [["accueil@solidarites.invalid"]]


def test_the_supervisor_reroutes_by_hand_and_it_is_logged(
    cast, reporting, english, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report = make_report(
            cast, reporting, "stationnement-abusif", entrance=cast.north_entrances[1]
        )
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        rerouted = report_reroute(
            report=report.report,
            user=cast.supervisor,
            recipient=cast.north,
            deadline_days=2,
            comment="Parking privé du bailleur",
        )
    assert rerouted.status == ReportStatus.SENT
    assert rerouted.recipient == cast.north
    event = rerouted.events.get(kind=EventKind.REROUTED)
    assert (event.user, event.recipient, event.comment) == (
        cast.supervisor,
        cast.north,
        "Parking privé du bailleur",
    )
    assert [m.to for m in mail.outbox] == [
        [cast.north_referent.email],
        [cast.north_pres_referent.email],  # HN-2 is in Les Prés
    ]
    assert rerouted.events.filter(kind=EventKind.SENT).count() == 1
