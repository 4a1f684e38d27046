"""Demo data of the field app: Besançon's night rota.

Six invented people join the operator's staff (a second supervisor and five agents) beside the
demo users ``superviseur`` and ``agent``. The rota covers the last six weeks and the next two,
following the staffing rule (one supervisor Monday–Saturday; four agents Tuesday–Saturday, two
on reduced nights), except two past nights left one agent short, so the shortfall shows.
Idempotent: a night that already has anyone on duty is left as it is.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.db import transaction

from voisinage.accounts.access import PerimeterKind
from voisinage.accounts.demo_users import demo_user
from voisinage.accounts.models import User
from voisinage.accounts.services import membership_grant
from voisinage.field.staffing.models import DutyAssignment
from voisinage.field.staffing.selectors import shift_hours
from voisinage.lib import clock
from voisinage.lib.staffing import required_staff
from voisinage.schemes.models import Scheme, StaffPosition
from voisinage.schemes.selectors import scheme_service_hours, scheme_staffing

# (username, first name, last name, role code) — invented people.
STAFF = [
    ("karim.daoudi", "Karim", "Daoudi", "supervisor"),
    ("ines.caron", "Inès", "Caron", "agent"),
    ("theo.marchal", "Théo", "Marchal", "agent"),
    ("samia.rahmani", "Samia", "Rahmani", "agent"),
    ("lucas.girardot", "Lucas", "Girardot", "agent"),
    ("aurelie.bouvier", "Aurélie", "Bouvier", "agent"),
]
WEEKS_BACK, WEEKS_AHEAD = 6, 2
SHORT_NIGHTS_AGO = (9, 23)  # about these many days ago, one agent is missing (a service night)
TEAMS = ("Équipe A", "Équipe B")


def _staff(scheme: Scheme) -> tuple[list[User], list[User]]:
    """The supervisors and the agents of the demo rota."""
    supervisors = [User.objects.get(username="superviseur")]
    agents = [User.objects.get(username="agent")]
    for username, first, last, role in STAFF:
        user = demo_user(username, first, last)
        membership_grant(
            user=user,
            organisation_id=scheme.operator_id,
            scheme_id=scheme.pk,
            role_code=role,
            perimeter=PerimeterKind.SCHEME,
        )
        (supervisors if role == "supervisor" else agents).append(user)
    return supervisors, agents


def _short_nights(nights: list[date], today: date) -> set[date]:
    """Past nights asking for four agents, nearest to the chosen distances."""
    chosen = set()
    for days in SHORT_NIGHTS_AGO:
        target = today - timedelta(days=days)
        candidates = [n for n in nights if n < today]
        if candidates:
            chosen.add(min(candidates, key=lambda n: (abs((n - target).days), n)))
    return chosen


@transaction.atomic
def load() -> str:
    scheme = Scheme.objects.filter(slug="besancon").first()
    if scheme is None:
        return "staffing: no Besançon scheme"
    supervisors, agents = _staff(scheme)
    hours = scheme_service_hours(scheme)
    rules = scheme_staffing(scheme)
    today = clock.today()
    monday = today - timedelta(days=today.weekday())
    start = monday - timedelta(weeks=WEEKS_BACK)
    end = monday + timedelta(weeks=WEEKS_AHEAD + 1) - timedelta(days=1)
    planned = set(
        DutyAssignment.objects.filter(scheme=scheme, night__gte=start, night__lte=end)
        .values_list("night", flat=True)
        .distinct()
    )
    full_nights = [
        start + timedelta(days=i)
        for i in range((end - start).days + 1)
        if hours.shift_for(start + timedelta(days=i)) is not None
        and getattr(required_staff(rules, start + timedelta(days=i)).get("agent"), "headcount", 0)
        >= 4
    ]
    short = _short_nights(full_nights, today)
    new: list[DutyAssignment] = []
    for offset in range((end - start).days + 1):
        night = start + timedelta(days=offset)
        shift = hours.shift_for(night)
        if shift is None or night in planned:
            continue
        night_hours = shift_hours(shift)
        rng = random.Random(f"besancon-rota-{night.isoformat()}")
        needs = required_staff(rules, night)
        # Two supervisors alternate: one takes Monday–Wednesday, the other Thursday–Saturday,
        # swapping every other week.
        week_parity = night.isocalendar().week % 2
        supervisor = supervisors[(night.weekday() // 3 + week_parity) % len(supervisors)]
        if night == today:
            supervisor = supervisors[0]  # the demo supervisor is on duty tonight
        need = needs.get(StaffPosition.SUPERVISOR)
        if need is not None and need.headcount:
            new.append(
                DutyAssignment(
                    scheme=scheme,
                    night=night,
                    user=supervisor,
                    position=StaffPosition.SUPERVISOR,
                    hours=night_hours,
                )
            )
        agent_need = needs.get(StaffPosition.AGENT)
        count = agent_need.headcount if agent_need is not None else 0
        if night in short:
            count -= 1
        pool = agents[1:]
        rng.shuffle(pool)
        # The demo agent works on most nights (and tonight), so its pages have something to show.
        on_duty = ([agents[0]] if night == today or rng.random() < 0.6 else []) + pool
        for index, user in enumerate(on_duty[:count]):
            new.append(
                DutyAssignment(
                    scheme=scheme,
                    night=night,
                    user=user,
                    position=StaffPosition.AGENT,
                    team=TEAMS[index // 2],
                    hours=night_hours,
                )
            )
    DutyAssignment.objects.bulk_create(new)
    return f"staffing: {len(new)} duty assignment(s), {len(short)} short night(s)"
