"""Demo data of the desk: Besançon's phone calls and landlords' instructions.

Six weeks of past service nights: calls (some about the same event, linked to it), each
dispatched to the team on duty, its intervention completed, closed and the caller called back
with the three answers; instructions from each landlord (Néolia, Habitat 25, loge.GBM), handled
with their outcome. Tonight: a few open calls and instructions, an urgent request to decide, so
that the board has something. One serious incident and two police complaints. Callers and
tenants are invented. Idempotent: every call and instruction carries a demo idempotency key.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from voisinage.accounts.models import Membership, User
from voisinage.desk.models import (
    Call,
    CallNature,
    IncidentKind,
    Instruction,
    OnBehalfOf,
    PoliceComplaint,
    SeriousIncident,
)
from voisinage.desk.selectors import board_night
from voisinage.desk.services import (
    call_callback,
    call_close,
    call_dispatch,
    call_natures_ensure_defaults,
    call_on_site,
    call_record,
    complaint_record,
    desk_settings,
    dispatch_teams,
    incident_record,
    instruction_dispatch,
    instruction_handle,
    instruction_submit,
)
from voisinage.desk.services.common import Team
from voisinage.desk.services.settings import desk_instruction_address_set
from voisinage.field.courtesy.demo import SURNAMES, TITLES
from voisinage.field.logbook.demo import validate_past_nights
from voisinage.field.logbook.services import intervention_update
from voisinage.field.models import Intervention
from voisinage.lib import clock
from voisinage.lib.service_hours import service_night
from voisinage.schemes.models import MemberRole, Scheme
from voisinage.schemes.selectors import scheme_service_hours
from voisinage.territory.models import Entrance, Organisation

WEEKS_BACK = 6
CALL_NATURES = [
    ("regroupement-hall", 30),
    ("bruit", 25),
    ("conflit-voisinage", 12),
    ("occupation-parties-communes", 10),
    ("degradation", 6),
    ("stationnement-abusif", 6),
    ("personne-detresse", 4),
    ("rodeo", 4),
    ("incendie-fumee", 3),
]
INSTRUCTION_NATURES = [("controle-logement", 50), ("passage-residence", 35), ("bruit", 15)]
OUTCOMES = [
    "Passage effectué à l'heure demandée : hall calme, rien à signaler.",
    "Locataire rencontré, rappel du règlement intérieur ; situation apaisée.",
    "Groupe de jeunes dans le hall, dialogue puis départ dans le calme.",
    "Aucune réponse au logement ; nuisances non constatées lors du passage.",
    "Porte du hall bloquée ouverte : sécurisée et signalée au bailleur.",
]
DETAILS = [
    "Plaintes répétées pour bruit après 22 h.",
    "Regroupements signalés dans la cage d'escalier.",
    "Vérifier la fermeture de la porte du local vélos.",
    "Locataire âgée inquiète, passage de courtoisie souhaité.",
]


DEMO_INSTRUCTION_ADDRESS = "consignes-besancon@demo.voisinage.invalid"


def _person(rng: random.Random) -> tuple[str, str]:
    name = f"{rng.choice(TITLES)} {rng.choice(SURNAMES)}"
    phone = "06 " + " ".join(f"{rng.randint(0, 99):02d}" for _ in range(4))
    return name, phone


def _referents(scheme: Scheme) -> dict[int, User]:
    """One referent per landlord of the scheme (the oldest membership)."""
    found: dict[int, User] = {}
    for m in (
        Membership.objects.filter(
            scheme=scheme,
            is_active=True,
            role__can_act_as_partner=True,
            organisation__scheme_memberships__scheme=scheme,
            organisation__scheme_memberships__role=MemberRole.LANDLORD,
        )
        .select_related("user")
        .order_by("pk")
    ):
        found.setdefault(m.organisation_id, m.user)
    return found


def _supervisor(scheme: Scheme) -> User | None:
    membership = (
        Membership.objects.filter(scheme=scheme, is_active=True, role__code="supervisor")
        .select_related("user")
        .order_by("pk")
        .first()
    )
    return membership.user if membership else None


def _teams(scheme: Scheme, night: date) -> list[Team]:
    """The night's named teams (agents), else whoever is on duty."""
    teams = dispatch_teams(scheme, night)
    return [t for t in teams if t.key.startswith("team:")] or teams


def _pick(
    rng: random.Random, natures: dict[str, CallNature], weights: list[tuple[str, int]]
) -> CallNature:
    return natures[rng.choices([c for c, _ in weights], weights=[w for _, w in weights])[0]]


def _handled_call(
    *,
    scheme: Scheme,
    supervisor: User,
    night: date,
    at: datetime,
    key: str,
    entrance: Entrance,
    nature: CallNature,
    same_event_as: Call | None = None,
) -> Call:
    rng = random.Random(key)  # per call: a rerun draws the same, whatever was created before
    name, phone = _person(rng)
    call, created = call_record(
        scheme=scheme,
        user=supervisor,
        nature=nature,
        received_at=at,
        entrance=entrance,
        caller_name=name,
        caller_phone=phone,
        caller_dwelling=str(rng.randint(1, 40)),
        urgency="urgent" if rng.random() < 0.15 else "normal",
        same_event_as=same_event_as,
        idempotency_key=key,
    )
    if not created or same_event_as is not None:
        return call
    teams = _teams(scheme, night)
    if teams:
        team = rng.choice(teams)
        call = call_dispatch(
            call=call,
            user=supervisor,
            team_label=team.label,
            agent_ids=team.user_ids,
            at=at + timedelta(minutes=rng.randint(1, 5)),
        )
        on_site = at + timedelta(minutes=rng.randint(8, 35))
        intervention = Intervention.objects.get(pk=call.intervention_id or 0)
        call = call_on_site(call=call, user=intervention.author, at=on_site)
        intervention_update(
            intervention=intervention,
            user=intervention.author,
            can_supervise=True,
            started_at=on_site,
            ended_at=on_site + timedelta(minutes=rng.randint(10, 30)),
            narrative=rng.choice(OUTCOMES),
            result=rng.choice(["resolved", "resolved", "partly_resolved", "not_resolved"]),
        )
        closed_at = on_site + timedelta(minutes=rng.randint(15, 45))
    else:
        closed_at = at + timedelta(minutes=rng.randint(5, 20))
    call = call_close(call=call, user=supervisor, at=closed_at)
    satisfied = rng.choices(["yes", "partly", "no"], weights=[75, 15, 10])[0]
    return call_callback(
        call=call,
        user=supervisor,
        at=closed_at + timedelta(minutes=rng.randint(5, 40)),
        answers={
            "quick": rng.choices(["yes", "partly", "no"], weights=[70, 20, 10])[0],
            "solved": rng.choices(["yes", "partly", "no"], weights=[60, 25, 15])[0],
            "satisfied": satisfied,
        },
    )


def _past_nights(scheme: Scheme, tonight: date) -> tuple[int, int]:
    hours = scheme_service_hours(scheme)
    supervisor = _supervisor(scheme)
    referents = _referents(scheme)
    natures = {n.code: n for n in CallNature.objects.filter(scheme=scheme)}
    entrances = list(Entrance.objects.filter(scheme=scheme, is_active=True).order_by("code"))
    by_landlord: dict[int, list[Entrance]] = {}
    for entrance in entrances:
        by_landlord.setdefault(entrance.landlord_id, []).append(entrance)
    if supervisor is None or not entrances:
        return 0, 0
    calls = instructions = 0
    zone = ZoneInfo(scheme.time_zone)
    for offset in range(WEEKS_BACK * 7, 0, -1):
        night = tonight - timedelta(days=offset)
        shift = hours.shift_for(night)
        if shift is None:
            continue
        nrng = random.Random(f"desk-{scheme.slug}-{night}")
        minutes = int(shift.duration.total_seconds() // 60) - 60
        plans = [
            (
                shift.starts_at + timedelta(minutes=nrng.randint(10, max(11, minutes))),
                nrng.choice(entrances),
                _pick(nrng, natures, CALL_NATURES),
                nrng.random() < 0.25,  # a neighbour calls about the same thing
                nrng.randint(2, 9),
            )
            for _i in range(nrng.choice([0, 1, 1, 2, 2, 3]))
        ]
        for i, (at, entrance, nature, duplicate, later) in enumerate(plans):
            key = f"demo-call-{scheme.slug}-{night}-{i}"
            call = _handled_call(
                scheme=scheme,
                supervisor=supervisor,
                night=night,
                at=at,
                key=key,
                entrance=entrance,
                nature=nature,
            )
            calls += 1
            if duplicate:
                _handled_call(
                    scheme=scheme,
                    supervisor=supervisor,
                    night=night,
                    at=at + timedelta(minutes=later),
                    key=f"{key}-bis",
                    entrance=entrance,
                    nature=nature,
                    same_event_as=call,
                )
                calls += 1
        for landlord_id, referent in referents.items():
            own = by_landlord.get(landlord_id)
            irng = random.Random(f"desk-{scheme.slug}-{night}-{landlord_id}")
            if not own or irng.random() > 0.3:
                continue
            submitted = datetime.combine(
                night, time(irng.randint(9, 16), irng.randint(0, 59)), zone
            )
            name, phone = _person(irng)
            instruction, created = instruction_submit(
                scheme=scheme,
                user=referent,
                landlord=own[0].landlord,
                nature=_pick(irng, natures, INSTRUCTION_NATURES),
                entrance=irng.choice(own),
                tenant_name=name,
                tenant_phone=phone,
                dwelling=str(irng.randint(1, 60)),
                details=irng.choice(DETAILS),
                slot_start=time(irng.choice([18, 19, 20, 21]), 0),
                slot_end=time(22, 30),
                at=submitted,
                idempotency_key=f"demo-instruction-{scheme.slug}-{night}-{landlord_id}",
            )
            instructions += 1
            if not created:
                continue
            teams = _teams(scheme, instruction.service_night)
            dispatched_at = max(shift.starts_at + timedelta(minutes=30), submitted)
            outcome = irng.choice(OUTCOMES)
            if teams:
                team = irng.choice(teams)
                instruction = instruction_dispatch(
                    instruction=instruction,
                    user=supervisor,
                    team_label=team.label,
                    agent_ids=team.user_ids,
                    at=dispatched_at,
                )
                # The team completes its pending intervention on site.
                pending = Intervention.objects.filter(
                    source_type=ContentType.objects.get_for_model(Instruction),
                    source_id=instruction.pk,
                ).first()
                if pending is not None:
                    on_site = dispatched_at + timedelta(minutes=irng.randint(20, 90))
                    intervention_update(
                        intervention=pending,
                        user=pending.author,
                        can_supervise=True,
                        started_at=on_site,
                        ended_at=on_site + timedelta(minutes=irng.randint(10, 25)),
                        narrative=outcome,
                        result="resolved",
                    )
            instruction_handle(
                instruction=instruction,
                user=supervisor,
                outcome=outcome,
                at=dispatched_at + timedelta(minutes=irng.randint(120, 180)),
            )
    return calls, instructions


def _tonight(scheme: Scheme, now: datetime) -> int:
    """A few open items for the board: calls received in the last hour, instructions for
    tonight, one urgent request sent after the cut-off."""
    supervisor = _supervisor(scheme)
    referents = _referents(scheme)
    natures = {n.code: n for n in CallNature.objects.filter(scheme=scheme)}
    entrances = list(Entrance.objects.filter(scheme=scheme, is_active=True).order_by("code"))
    if supervisor is None or not entrances:
        return 0
    night = board_night(scheme, now)
    rng = random.Random(f"desk-tonight-{scheme.slug}-{night}")
    made = 0
    for i, (ago, dispatch) in enumerate(((48, True), (22, False), (6, False))):
        call, created = call_record(
            scheme=scheme,
            user=supervisor,
            nature=_pick(rng, natures, CALL_NATURES),
            received_at=now - timedelta(minutes=ago),
            entrance=rng.choice(entrances),
            caller_name=_person(rng)[0],
            caller_phone=_person(rng)[1],
            idempotency_key=f"demo-tonight-{scheme.slug}-{night}-{i}",
        )
        made += created
        teams = _teams(scheme, call.night)
        if created and dispatch and teams:
            call_dispatch(
                call=call,
                user=supervisor,
                team_label=teams[0].label,
                agent_ids=teams[0].user_ids,
                at=now - timedelta(minutes=ago - 3),
            )
    zone = ZoneInfo(scheme.time_zone)
    morning = datetime.combine(now.astimezone(zone).date(), time(9, 30), zone)
    for landlord_id, referent in referents.items():
        own = [e for e in entrances if e.landlord_id == landlord_id]
        if not own:
            continue
        for j, at in enumerate((min(morning, now - timedelta(minutes=5)), now)):
            _instruction, created = instruction_submit(
                scheme=scheme,
                user=referent,
                landlord=own[0].landlord,
                nature=_pick(rng, natures, INSTRUCTION_NATURES),
                entrance=rng.choice(own),
                tenant_name=_person(rng)[0],
                dwelling=str(rng.randint(1, 60)),
                details=rng.choice(DETAILS),
                slot_start=time(20, 0),
                slot_end=time(22, 0),
                urgent=j == 1,
                at=at,
                idempotency_key=f"demo-tonight-instruction-{scheme.slug}-{night}-{landlord_id}-{j}",
            )
            made += created
    return made


def _incidents(scheme: Scheme, tonight: date) -> int:
    supervisor = _supervisor(scheme)
    hours = scheme_service_hours(scheme)
    if supervisor is None or SeriousIncident.objects.filter(scheme=scheme).exists():
        return 0
    night = next(
        (
            tonight - timedelta(days=d)
            for d in range(12, 30)
            if hours.shift_for(tonight - timedelta(days=d)) is not None
        ),
        None,
    )
    agent = (
        Membership.objects.filter(scheme=scheme, is_active=True, role__code="agent")
        .select_related("user")
        .order_by("pk")
        .first()
    )
    shift = hours.shift_for(night) if night else None
    if night is None or shift is None or agent is None:
        return 0
    at = shift.starts_at + timedelta(hours=3, minutes=20)
    incident = incident_record(
        scheme=scheme,
        user=supervisor,
        kind=IncidentKind.AGENT_ATTACKED,
        occurred_at=at,
        place="Hall d'entrée, Planoise",
        description=(
            "Agent pris à partie et bousculé par un groupe lors d'une demande de dispersion. "
            "L'agent s'est retiré ; l'encadrant a été alerté et a appelé le 17."
        ),
        agent=agent.user,
        agent_withdrawn=True,
        supervisor_alerted_at=at + timedelta(minutes=2),
        police_called_at=at + timedelta(minutes=4),
    )
    complaint_record(
        scheme=scheme,
        user=supervisor,
        filed_on=night + timedelta(days=1),
        police_station="Commissariat central de Besançon",
        reference=f"PV {night:%Y}/{night:%m%d}-017",
        on_behalf_of=OnBehalfOf.AGENT,
        agent=agent.user,
        incident=incident,
        facts="Violences volontaires sur un agent de médiation.",
    )
    landlord = (
        Organisation.objects.filter(
            scheme_memberships__scheme=scheme, scheme_memberships__role=MemberRole.LANDLORD
        )
        .order_by("name")
        .first()
    )
    if landlord is not None:
        complaint_record(
            scheme=scheme,
            user=supervisor,
            filed_on=night + timedelta(days=3),
            police_station="Commissariat central de Besançon",
            reference=f"PV {night:%Y}/{night:%m%d}-042",
            on_behalf_of=OnBehalfOf.LANDLORD,
            landlord=landlord,
            facts="Dégradations répétées de la porte d'entrée et de l'interphone.",
        )
    return 1


@transaction.atomic
def load() -> str:
    scheme = Scheme.objects.filter(slug="besancon").first()
    if scheme is None:
        return "desk: no Besançon scheme"
    call_natures_ensure_defaults(scheme=scheme)
    # The address landlords e-mail their instructions to; in the demo, the local listener
    # (manage.py receive_instructions, started by ./scripts/demo) receives it.
    if not desk_settings(scheme).instruction_address:
        desk_instruction_address_set(
            scheme=scheme,
            author=User.objects.filter(username="operateur").first(),
            address=DEMO_INSTRUCTION_ADDRESS,
        )
    now = clock.now()
    tonight = service_night(now, scheme_service_hours(scheme)).night
    calls, instructions = _past_nights(scheme, tonight)
    open_items = _tonight(scheme, now)
    incidents = _incidents(scheme, tonight)
    # The interventions made for past calls and instructions were reviewed like the others.

    validate_past_nights()
    return (
        f"desk: {calls} past call(s), {instructions} instruction(s), {open_items} open item(s) "
        f"tonight, {incidents} serious incident(s), "
        f"{PoliceComplaint.objects.filter(scheme=scheme).count()} complaint(s), "
        f"{Instruction.objects.filter(scheme=scheme).count()} instructions in all"
    )
