"""Demo data of the field app: Besançon's courtesy-visit campaigns.

One campaign per landlord for the current month (started at least ten days ago, so that some
nights have passed), 20 to 40 dwellings each, uploaded as a CSV file through the same import
as the page; about half already visited with mixed outcomes, each visit recorded by an agent
on duty that night (so each has its logbook entry). Tenants are invented. Idempotent: an
existing campaign (same landlord and name) is left as it is.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import translation

from voisinage.accounts.models import Membership, User
from voisinage.field.courtesy.models import CourtesyCampaign, VisitOutcome
from voisinage.field.courtesy.services import courtesy_campaign_create, courtesy_visits_import
from voisinage.field.courtesy.services import courtesy_visit_record as record
from voisinage.field.staffing.models import DutyAssignment
from voisinage.lib import clock
from voisinage.lib.dates import format_date
from voisinage.schemes.models import MemberRole, Scheme, StaffPosition
from voisinage.schemes.selectors import scheme_service_hours
from voisinage.territory.models import Entrance, Organisation

SURNAMES = [
    "Arnoux",
    "Bailly",
    "Chevalier",
    "Delorme",
    "Esnault",
    "Faivre",
    "Guyot",
    "Hamidi",
    "Jacquot",
    "Keller",
    "Lambert",
    "Mougin",
    "N'Diaye",
    "Oudot",
    "Pernot",
    "Quenot",
    "Renaud",
    "Saidi",
    "Tissier",
    "Vuillemin",
    "Yilmaz",
    "Zeller",
]
TITLES = ["M.", "Mme", "M. et Mme", "Famille"]
NOTES = ["", "", "", "Nouveau locataire", "Signalement de bruit récent", "Personne âgée seule"]
OUTCOMES = [
    (VisitOutcome.MET, 50),
    (VisitOutcome.ABSENT, 28),
    (VisitOutcome.REFUSED, 8),
    (VisitOutcome.REVISIT, 14),
]


def _referent(scheme: Scheme, landlord: Organisation) -> User | None:
    membership = (
        Membership.objects.filter(
            scheme=scheme,
            organisation=landlord,
            is_active=True,
            role__can_act_as_partner=True,
        )
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership is not None else None


def _campaign_file(entrances: list[Entrance], rng: random.Random) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["entree", "logement", "locataire", "note"])
    target = rng.randint(20, 40)
    rows = 0
    for entrance in entrances:
        floors = max(1, min(8, (entrance.dwellings or 8) // 3))
        doors = sorted(rng.sample(range(1, floors * 4 + 1), k=min(rng.randint(3, 6), floors * 4)))
        for door in doors:
            if rows >= target:
                break
            floor, number = divmod(door - 1, 4)
            tenant = f"{rng.choice(TITLES)} {rng.choice(SURNAMES)}"
            writer.writerow([entrance.code, f"{floor}{number + 1}", tenant, rng.choice(NOTES)])
            rows += 1
    return out.getvalue().encode("utf-8")


def _visit_moments(scheme: Scheme, start: date, today: date) -> list[tuple[date, User]]:
    """Past service nights since ``start`` with an agent on duty to do the visits."""
    hours = scheme_service_hours(scheme)
    first_agent: dict[date, User] = {}
    for duty in (
        DutyAssignment.objects.filter(
            scheme=scheme, night__gte=start, night__lt=today, position=StaffPosition.AGENT
        )
        .select_related("user")
        .order_by("night", "team", "user__username")
    ):
        first_agent.setdefault(duty.night, duty.user)
    return [
        (night, agent)
        for night, agent in sorted(first_agent.items())
        if hours.shift_for(night) is not None
    ]


@transaction.atomic
def load() -> str:
    scheme = Scheme.objects.filter(slug="besancon").first()
    if scheme is None:
        return "courtesy: no Besançon scheme"
    today = clock.today()
    first_of_month = today.replace(day=1)
    starts_on = min(first_of_month, today - timedelta(days=10))
    next_month = (first_of_month + timedelta(days=32)).replace(day=1)
    with translation.override("fr"):
        month = format_date(today, "F Y")
    name = f"Visites de courtoisie — {month}"
    zone = ZoneInfo(scheme.time_zone)
    landlords = Organisation.objects.filter(
        scheme_memberships__scheme=scheme, scheme_memberships__role=MemberRole.LANDLORD
    ).order_by("name")
    created = visited = 0
    for landlord in landlords:
        referent = _referent(scheme, landlord)
        if (
            referent is None
            or CourtesyCampaign.objects.filter(scheme=scheme, landlord=landlord, name=name).exists()
        ):
            continue
        rng = random.Random(f"courtesy-{landlord.name}-{today:%Y-%m}")
        campaign = courtesy_campaign_create(
            scheme=scheme,
            landlord=landlord,
            name=name,
            starts_on=starts_on,
            ends_on=next_month - timedelta(days=1),
            created_by=referent,
        )
        entrances = list(
            Entrance.objects.filter(scheme=scheme, landlord=landlord, is_active=True).order_by(
                "code"
            )
        )
        if not entrances:
            continue
        chosen = sorted(rng.sample(entrances, k=min(len(entrances), rng.randint(5, 8))), key=str)
        courtesy_visits_import(
            campaign=campaign, data=_campaign_file(chosen, rng), filename="demo.csv"
        )
        created += 1
        moments = _visit_moments(scheme, starts_on, today)
        if not moments:
            continue
        for visit in campaign.visits.order_by("entrance__code", "dwelling"):
            if rng.random() >= 0.5:
                continue
            night, agent = rng.choice(moments)
            outcome = rng.choices([o for o, _ in OUTCOMES], weights=[w for _, w in OUTCOMES])[0]
            at = datetime.combine(night, time(18, 30), tzinfo=zone) + timedelta(
                minutes=rng.randint(0, 150)
            )
            record(visit=visit, outcome=outcome, user=agent, at=at)
            visited += 1
    return f"courtesy: {created} campaign(s), {visited} visit(s) recorded"
