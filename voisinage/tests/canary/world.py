"""The canary world: the cast's scheme, where every share carries strings found nowhere else.

Each landlord's entrances have a canary in their address; callers, tenants, narratives, report
descriptions and answers carry their own. A scripted night and morning runs through the
services (as the pages and the API run them): on Tuesday 13 January 2026, landlords send
instructions, the desk takes calls, agents record interventions and reports, partners answer; at
07:30 the digest leaves; at 09:00 a late entry at a Habitat Nord entrance is recorded and the
correction (version 2) is sent; a steering committee is called and the operator's manager
attaches a review deck; a patrol plan, courtesy campaigns and a funding agreement exist.

``Profile`` says, for each persona, which canaries the access rule lets it read
(docs/authorization.md); the crawl fails on any other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email.message import EmailMessage
from typing import Any
from zoneinfo import ZoneInfo

from django.core import mail
from django.core.files.base import ContentFile
from django.test import TestCase

from voisinage.accounts.models import User
from voisinage.conftest import Cast, FrozenClock, build_cast, second_operator
from voisinage.factories import OrganisationFactory, UserFactory, grant, member

PARIS = ZoneInfo("Europe/Paris")
NIGHT = date(2026, 1, 13)  # a Tuesday: winter hours, 17:00–00:00
SLUG = "rivebourg"


def paris(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=PARIS)


MORNING = NIGHT + timedelta(days=1)
NOW = paris(MORNING, 10, 0)  # when the crawl reads: the morning after, corrections sent


# The labels of the canaries (what they stand for is in build_world).
LABELS = (
    "ADR",
    "NAR",
    "SEN",
    "CAL",
    "CFT",
    "TEN",
    "DET",
    "CTN",
    "REP",
    "ACM",
    "SOC",
    "SCM",
    "HD",
    "DUTY",
    "INB",  # an e-mailed instruction's tenant
    "IND",  # an e-mailed instruction's text
)


def token(kind: str, where: str) -> str:
    """A canary: letters and digits only, so that no escaping (HTML, JSON, XML, URL) changes
    it. ``where`` is an entrance code (HN-1 → HN1), or PUB + neighbourhood key."""
    return f"QZ{kind}{where.replace('-', '')}"


@dataclass(frozen=True)
class Canary:
    token: str
    # stock: anything located there; person: caller's or tenant's details; sensitive: a
    # sensitive narrative; social: a social situation's description and answers; hood: a
    # neighbourhood's name; rota: who was on duty.
    kind: str
    entrance: str = ""  # entrance code
    hood: str = ""  # neighbourhood key ("pres", "centre") for public space and names


@dataclass(frozen=True)
class Profile:
    """What the access rule lets a persona read in Rivebourg."""

    entrances: frozenset[str] = frozenset()
    public: frozenset[str] = frozenset()  # neighbourhoods whose public space it reads
    person: frozenset[str] = frozenset()  # entrances whose callers and tenants it reads
    sensitive: bool = False  # sensitive narratives and social situations (sees_sensitive)
    rota: bool = False  # who was on duty

    @property
    def hoods(self) -> frozenset[str]:
        located = {HOOD_OF[code] for code in self.entrances} | set(self.public)
        return frozenset(located)

    def located(self, canary: Canary) -> bool:
        if canary.entrance:
            return canary.entrance in self.entrances
        return canary.hood in self.public

    def may_read(self, canary: Canary) -> bool:
        if canary.kind == "stock":
            return self.located(canary)
        if canary.kind == "person":
            return self.located(canary) and canary.entrance in self.person
        if canary.kind in ("sensitive", "social"):
            return self.located(canary) and self.sensitive
        if canary.kind == "hood":
            return canary.hood in self.hoods
        if canary.kind == "rota":
            return self.rota
        raise ValueError(canary.kind)


NORTH = frozenset({"HN-1", "HN-2", "HN-3"})
SOUTH = frozenset({"LS-1", "LS-2"})
ALL = NORTH | SOUTH
PRES = frozenset({"HN-1", "HN-2"})
CENTRE = frozenset({"HN-3", "LS-1", "LS-2"})
HOOD_OF = {"HN-1": "pres", "HN-2": "pres", "HN-3": "centre", "LS-1": "centre", "LS-2": "centre"}
BOTH = frozenset({"pres", "centre"})

_WHOLE_OPERATOR = Profile(entrances=ALL, public=BOTH, person=ALL, sensitive=True, rota=True)
PROFILES: dict[str, Profile] = {
    "supervisor": _WHOLE_OPERATOR,
    "agent": _WHOLE_OPERATOR,
    "operator_manager": _WHOLE_OPERATOR,
    "admin": _WHOLE_OPERATOR,
    # The city: the whole scheme, nobody's personal data, no sensitive narrative, no rota.
    "city_officer": Profile(entrances=ALL, public=BOTH),
    # A landlord's referent: its own entrances and their people; never public space.
    "north_referent": Profile(entrances=NORTH, person=NORTH),
    "south_referent": Profile(entrances=SOUTH, person=SOUTH),
    # The city's viewer of Les Prés: everything located there, nobody's personal data.
    "pres_viewer": Profile(entrances=PRES, public=frozenset({"pres"})),
    # Habitat Nord, limited to Les Prés: what is located there, its own tenants there.
    "north_pres_referent": Profile(entrances=PRES, public=frozenset({"pres"}), person=PRES),
    # The night supervisor of Centre: everything located there, people and rota included.
    "centre_supervisor": Profile(
        entrances=CENTRE, public=frozenset({"centre"}), person=CENTRE, sensitive=True, rota=True
    ),
    # Relais Centre's supervisor: the second operator holds the site Centre — what is located
    # there, people included. The first operator's rota is not its own (the rota's rule,
    # schemes/tests/test_operator_sites.py), but the team dispatched to a call at its site is
    # named on that call, which it reads: the team's name is readable.
    "centre_operator": Profile(
        entrances=CENTRE, public=frozenset({"centre"}), person=CENTRE, sensitive=True, rota=True
    ),
    "former_referent": Profile(),
    "other_partner": Profile(),
    "nobody": Profile(),
}


@dataclass
class World:
    cast: Cast
    canaries: dict[str, Canary]
    # Real ids for the routes (see crawl.ARGS).
    ids: dict[str, list[Any]] = field(default_factory=dict)
    outbox: list[Any] = field(default_factory=list)
    feeds: dict[str, str] = field(default_factory=dict)  # persona → calendar feed token
    # A second operator's supervisor, bounded to its site Centre (ADR 0048).
    centre_operator: User | None = None

    def personas(self) -> dict[str, User]:
        extra = {"centre_operator": self.centre_operator} if self.centre_operator else {}
        return {**self.cast.personas(), **extra}


class _Canaries:
    def __init__(self) -> None:
        self.all: dict[str, Canary] = {}

    def __call__(self, kind: str, *, entrance: str = "", hood: str = "", label: str = "") -> str:
        where = entrance or f"PUB{hood.upper()}"
        label = label or kind[:3].upper()
        assert label in LABELS, label
        text = token(label, where)
        self.all[text] = Canary(text, kind, entrance=entrance, hood=hood)
        return text


@contextmanager
def _after_commit() -> Iterator[None]:
    """Run what the services queue after commit (e-mails, tasks) when the block ends: the
    world is built inside one transaction, rolled back after the module."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        yield


def build_world(clock: FrozenClock) -> World:
    from voisinage.desk.models import CallNature
    from voisinage.desk.services import (
        call_natures_ensure_defaults,
        call_record,
        desk_settings,
        inbound_email_receive,
        instruction_handle,
        instruction_submit,
    )
    from voisinage.digests.models import DigestRecipient
    from voisinage.digests.services import digest_dispatch
    from voisinage.field.courtesy.services import courtesy_campaign_create, courtesy_visit_add
    from voisinage.field.logbook.services import field_codes_ensure_defaults, intervention_record
    from voisinage.field.models import PatrolPlan, PatrolPlanEntry
    from voisinage.field.patrols.services import patrol_plan_create
    from voisinage.field.staffing.services import duty_assign
    from voisinage.funding import services as funding
    from voisinage.governance.models import Body, BodyKind, Frequency, MeetingDocument
    from voisinage.governance.services import calendar_feed_create, document_add, meeting_create
    from voisinage.reports.models import CategoryGroup, PlaceKind, ReportCategory, RoutingRule
    from voisinage.reports.services import Place, report_answer, report_create, report_settings_for
    from voisinage.schemes.services import activity_referential_apply_preset

    clock.set(paris(NIGHT, 12, 0))
    cast = build_cast()
    operator_b = second_operator(cast)
    scheme = cast.scheme
    canary = _Canaries()
    hoods = {"pres": cast.pres, "centre": cast.centre}
    for key, hood in hoods.items():
        hood.name = f"{hood.name} {canary('hood', hood=key, label='HD')}"
        hood.save(update_fields=["name"])
    entrances = {e.code: e for e in [*cast.north_entrances, *cast.south_entrances]}
    for number, (code, entrance) in enumerate(entrances.items(), start=1):
        entrance.address = f"{number} rue {canary('stock', entrance=code, label='ADR')}"
        entrance.save(update_fields=["address"])

    field_codes_ensure_defaults(scheme=scheme)
    call_natures_ensure_defaults(scheme=scheme)
    activity_referential_apply_preset(scheme=scheme, preset="xp-x60-600")
    report_settings_for(scheme)
    nature = CallNature.objects.get(scheme=scheme, code="regroupement-hall")

    # Who was on duty: Yanis, Sonia, and Zéphyr, who records nothing that night, in a team
    # named only on the rota (people's names are also, legitimately, in member lists).
    duty_agent = UserFactory.create(username="zephyr", first_name="Zéphyr")
    grant(duty_agent, scheme, cast.operator, "agent")
    team = canary("rota", label="DUTY")
    for person, position in (
        (cast.agent, "agent"),
        (duty_agent, "agent"),
        (cast.supervisor, "supervisor"),
    ):
        duty_assign(scheme=scheme, person=person, start=NIGHT, position=position, team=team)

    # Social services receive social situations; Solène answers for them.
    social = OrganisationFactory.create(name="Solidarités Rivebourg", kind="other")
    member(scheme, social, "other")
    social_worker = UserFactory.create(username="solene", first_name="Solène")
    grant(social_worker, scheme, social, "partner_referent")
    categories = {c.code: c for c in ReportCategory.objects.filter(scheme=scheme)}
    for rank, (landlord, group, recipient) in enumerate(
        [
            (cast.north, CategoryGroup.TECHNICAL, cast.north),
            (cast.south, CategoryGroup.TECHNICAL, cast.south),
            (None, CategoryGroup.SOCIAL, social),
        ],
        start=1,
    ):
        RoutingRule.objects.create(
            scheme=scheme,
            position=rank,
            category_group=group,
            place=PlaceKind.HOUSING if landlord else "",
            landlord=landlord,
            recipient=recipient,
            deadline_days=5,
        )
    for org in (cast.operator, cast.north, cast.south, cast.city):
        DigestRecipient.objects.create(scheme=scheme, organisation=org)

    # 16:00 — landlords send their instructions for tonight (one copy goes to their colleagues).
    clock.set(paris(NIGHT, 16, 0))
    instructions = []
    with _after_commit():
        for referent, landlord, code in (
            (cast.north_referent, cast.north, "HN-3"),
            (cast.south_referent, cast.south, "LS-2"),
        ):
            instruction, _created = instruction_submit(
                scheme=scheme,
                user=referent,
                landlord=landlord,
                nature=nature,
                entrance=entrances[code],
                tenant_name=canary("person", entrance=code, label="TEN"),
                dwelling="12",
                details=f"Passer voir le hall — {canary('stock', entrance=code, label='DET')}",
                at=paris(NIGHT, 16, 0),
            )
            instructions.append(instruction)

    # 16:05 — Logis Sud also e-mails an instruction to the scheme's instruction address: a
    # draft the supervisors of the whole scheme read (never a neighbourhood's supervisor).
    inbound_address = "consignes@rivebourg.example"
    desk_row = desk_settings(scheme)
    desk_row.instruction_address = inbound_address
    desk_row.save(update_fields=["instruction_address"])
    clock.set(paris(NIGHT, 16, 5))
    emailed = EmailMessage()
    emailed["From"] = cast.south_referent.email
    emailed["To"] = inbound_address
    emailed["Subject"] = "Consigne pour ce soir"
    emailed["Message-ID"] = "<canary-instruction@logis-sud.example>"
    emailed.set_content(
        "Entrée : LS-2\n"
        f"Locataire : {canary('person', entrance='LS-2', label='INB')}\n"
        "Nature : Bruit, tapage\n"
        f"Consigne : {canary('person', entrance='LS-2', label='IND')}\n"
    )
    inbound, _new = inbound_email_receive(
        raw=emailed.as_bytes(), envelope_recipients=[inbound_address], channel="smtp"
    )

    # The night: calls, interventions, reports.
    clock.set(paris(NIGHT, 21, 0))
    calls = []
    with _after_commit():
        for code in ("HN-1", "LS-1"):
            call, _created = call_record(
                scheme=scheme,
                user=cast.supervisor,
                nature=nature,
                received_at=paris(NIGHT, 20, 30),
                entrance=entrances[code],
                caller_name=canary("person", entrance=code, label="CAL"),
                caller_phone="0601020304",
                description="Des jeunes dans le hall — "
                + canary("person", entrance=code, label="CFT"),
            )
            calls.append(call)
    interventions = []

    def record(started: datetime, **kwargs: Any) -> None:
        intervention, _created = intervention_record(
            scheme=scheme,
            author=cast.agent,
            origin="patrol",
            started_at=started,
            ended_at=started + timedelta(minutes=20),
            climate="yellow",
            **kwargs,
        )
        interventions.append(intervention)

    with _after_commit():
        record(
            paris(NIGHT, 19, 0),
            entrance=entrances["HN-1"],
            narrative=f"Groupe dispersé — {canary('stock', entrance='HN-1', label='NAR')}",
        )
        record(
            paris(NIGHT, 19, 30),
            entrance=entrances["HN-3"],
            narrative=f"Famille en difficulté — {canary('sensitive', entrance='HN-3')}",
            sensitive=True,
        )
        record(
            paris(NIGHT, 20, 0),
            entrance=entrances["LS-1"],
            narrative=f"Hall calme — {canary('stock', entrance='LS-1', label='NAR')}",
        )
        record(
            paris(NIGHT, 20, 30),
            other_place_kind="public_space",
            other_place_label="Square",
            neighbourhood=cast.centre,
            narrative=f"Rodéo — {canary('stock', hood='centre', label='NAR')}",
        )
        for instruction in instructions:
            instruction_handle(
                instruction=instruction,
                user=cast.supervisor,
                outcome="Passage effectué, rien à signaler.",
                at=paris(NIGHT, 22, 0),
            )
    reports = []
    with _after_commit():
        for code, category in (
            ("HN-2", "ascenseur"),
            ("HN-3", "eclairage"),
            ("LS-1", "eclairage"),
        ):
            created = report_create(
                scheme=scheme,
                author=cast.agent,
                category=categories[category],
                description=f"En panne — {canary('stock', entrance=code, label='REP')}",
                place=Place(entrance=entrances[code]),
                at=paris(NIGHT, 21, 30),
            )
            reports.append(created.report)
        social_report = report_create(
            scheme=scheme,
            author=cast.agent,
            category=categories["personne-vulnerable"],
            description=f"Personne âgée isolée — {canary('social', entrance='HN-1', label='SOC')}",
            place=Place(entrance=entrances["HN-1"]),
            at=paris(NIGHT, 21, 45),
        ).report
        reports.append(social_report)
    clock.set(paris(NIGHT, 23, 0))
    with _after_commit():
        report_answer(
            report=reports[0],
            user=cast.north_referent,
            answer="acknowledged",
            comment=f"Technicien prévenu — {canary('stock', entrance='HN-2', label='ACM')}",
        )
        report_answer(
            report=social_report,
            user=social_worker,
            answer="acknowledged",
            comment=f"Visite à domicile demain — {canary('social', entrance='HN-1', label='SCM')}",
        )

    # 07:30 — the digest leaves; 09:00 — a late entry and its correction (version 2).
    clock.set(paris(MORNING, 7, 30))
    with _after_commit():
        digest_dispatch(scheme=scheme, night=NIGHT)
    clock.set(paris(MORNING, 9, 0))
    with _after_commit():
        record(
            paris(NIGHT, 22, 15),
            entrance=entrances["HN-2"],
            narrative=f"Saisie tardive — {canary('stock', entrance='HN-2', label='NAR')}",
        )
        digest_dispatch(scheme=scheme, night=NIGHT)

    # A patrol plan for the month, courtesy campaigns of both landlords.
    with _after_commit():
        plan = patrol_plan_create(
            scheme=scheme,
            month=NIGHT.replace(day=1),
            neighbourhood_ids=[cast.pres.pk, cast.centre.pk],
            weekly_target=2,
            created_by=cast.supervisor,
            today=MORNING,
        )
    campaigns = []
    with _after_commit():
        for landlord, referent, codes in (
            (cast.north, cast.north_referent, ("HN-1", "HN-3")),
            (cast.south, cast.south_referent, ("LS-1",)),
        ):
            campaign = courtesy_campaign_create(
                scheme=scheme,
                landlord=landlord,
                name=f"Présentation {landlord.name}",
                starts_on=MORNING,
                created_by=referent,
            )
            for code in codes:
                courtesy_visit_add(
                    campaign=campaign,
                    entrance_code=code,
                    dwelling="3",
                    tenant_name=canary("person", entrance=code, label="CTN"),
                )
            campaigns.append(campaign)

    # A steering committee, and the review deck of the operator's manager.
    manager = cast.operator_manager
    with _after_commit():
        steering = Body(
            scheme=scheme,
            kind=BodyKind.STEERING,
            name="Comité de pilotage",
            frequency=Frequency.MONTHS,
            months="1, 7",
            deck_required=True,
        )
        steering.full_clean()
        steering.save()
        steering.usual_invitees.set([cast.operator, cast.north, cast.south, cast.city])
        meeting = meeting_create(
            scheme=scheme,
            body=steering,
            starts_at=paris(MORNING + timedelta(days=14), 10, 0),
            created_by=manager,
            place="Hôtel de ville",
        )
        # The review deck, as the meeting page attaches it: a link built for each reader.
        document_add(
            meeting=meeting, title="Bilan du semestre", is_review_deck=True, added_by=manager
        )
    # A review deck stored as a file before decks became links: the whole scheme's figures, as
    # the operator's manager downloaded them (data left by earlier versions, not a service).
    stored = MeetingDocument(
        meeting=meeting, title="Bilan (fichier)", is_review_deck=True, added_by=manager
    )
    stored.file.save("bilan.pptx", ContentFile(_manager_deck(cast)), save=False)
    stored.filename = "bilan.pptx"
    stored.save()
    feeds = {}
    for persona, user in {**cast.personas(), "centre_operator": operator_b.supervisor}.items():
        _feed, raw = calendar_feed_create(user=user)
        feeds[persona] = raw

    # A funding agreement between the coordinator and the city.
    agreement = funding.agreement_create(
        scheme=scheme,
        title="Convention de financement",
        starts_on=date(2025, 1, 1),
        ends_on=date(2027, 12, 31),
        annual_cost_cents=120_000_00,
    )
    funding.party_add(
        agreement=agreement,
        organisation=cast.north,
        role_label="Coordonnateur",
        is_coordinator=True,
    )
    funding.party_add(agreement=agreement, organisation=cast.city, role_label="Financeur")

    clock.set(NOW)
    from voisinage.digests.models import Digest
    from voisinage.reports.models import ReportPhoto

    digest = Digest.objects.get(scheme=scheme, night=NIGHT)
    ids: dict[str, list[Any]] = {
        "intervention": [i.pk for i in interventions],
        "call": [c.pk for c in calls],
        "instruction": [i.pk for i in instructions],
        "inbound_email": [inbound.pk],
        "report": [r.pk for r in reports],
        "report_photo": list(
            ReportPhoto.objects.filter(occurrence__report__in=reports).values_list("pk", flat=True)
        ),
        "meeting": [meeting.pk],
        "document": list(
            MeetingDocument.objects.filter(meeting=meeting).values_list("pk", flat=True)
        ),
        "campaign": [c.pk for c in campaigns],
        "visit": [(c.pk, v.pk) for c in campaigns for v in c.visits.all()],
        "agreement": [agreement.pk],
        "night": [NIGHT.isoformat()],
        "digest_version": list(digest.versions.values_list("number", flat=True)),
        "month": [NIGHT.strftime("%Y-%m")],
        "plan_entry": list(
            PatrolPlanEntry.objects.filter(plan=plan).values_list("pk", flat=True)[:3]
        ),
        "year": [NIGHT.year],
    }
    assert PatrolPlan.objects.filter(pk=plan.pk).exists()
    return World(
        cast=cast,
        canaries=canary.all,
        ids=ids,
        outbox=list(mail.outbox),
        feeds=feeds,
        centre_operator=operator_b.supervisor,
    )


def _manager_deck(cast: Cast) -> bytes:
    """The review deck as the operator's manager downloads it: the whole scheme."""
    from voisinage.analytics.documents.content import build_review
    from voisinage.analytics.documents.deck import build_deck
    from voisinage.analytics.periods import Period, PeriodKind

    period = Period.around(PeriodKind.MONTH, NIGHT)
    return build_deck(build_review(cast.operator_manager, cast.scheme, period))


# Persona → what it may read; kept next to the world so both change together.
def may_read(persona: str) -> Callable[[Canary], bool]:
    return PROFILES[persona].may_read
