"""The desk's sections of the daily digest (digests/compile.py): the night's calls — several
calls about one event count once — the landlords' instructions with their outcome, serious
incidents and police complaints. Never the caller's or the tenant's name: the digest goes to
partners who may not see the person (docs/adr/0018-desk-personal-data.md)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from voisinage.core.sections import Section
from voisinage.desk.models import (
    Call,
    EmergencyAlert,
    Instruction,
    PoliceComplaint,
    SeriousIncident,
)
from voisinage.lib.clock import time_label
from voisinage.schemes.models import Capability

if TYPE_CHECKING:
    from voisinage.schemes.models import Scheme


def _place(record: Call | Instruction) -> str:
    if record.entrance is not None:
        return record.entrance.address or record.entrance.code
    label = getattr(record, "other_place_label", "")
    return label or (str(record.neighbourhood) if record.neighbourhood else "")


def _calls(scheme: Scheme, night: date, zone: ZoneInfo) -> Section:
    calls = list(
        Call.objects.filter(scheme=scheme, night=night)
        .select_related("entrance", "neighbourhood", "landlord", "nature")
        .order_by("received_at", "pk")
    )
    alerts: dict[int, list[str]] = {}
    for call_id, service, at in (
        EmergencyAlert.objects.filter(call__in=calls)
        .order_by("at")
        .values_list("call_id", "service", "at")
    ):
        alerts.setdefault(call_id, []).append(f"{service} ({time_label(at, zone)})")
    rows = []
    for c in calls:
        handling = [c.get_status_display()]
        if c.team:
            handling.append(_("team %(team)s") % {"team": c.team})
        if c.pk in alerts:
            handling.append(_("alerted: %(services)s") % {"services": ", ".join(alerts[c.pk])})
        rows.append(
            {
                "id": c.pk,
                "event": c.event_id,
                "time": time_label(c.received_at, zone),
                "place": _place(c),
                "landlord": str(c.landlord) if c.landlord else "",
                "nature": str(c.nature) if c.nature else "",
                "urgency": c.get_urgency_display(),
                "handling": " · ".join(handling),
                "on_site": time_label(c.on_site_at, zone),
                "called_back": time_label(c.called_back_at, zone),
            }
        )
    return Section(
        key="calls",
        order=10,
        title=_("Calls to the phone desk"),
        model=Call,
        columns=[
            ("time", _("Received")),
            ("place", _("Place")),
            ("nature", _("Nature")),
            ("handling", _("Handling")),
            ("on_site", _("On site")),
            ("called_back", _("Caller called back")),
        ],
        rows=rows,
        counted_by=calls_and_events,
    )


def calls_and_events(rows: list[dict[str, object]]) -> str:
    """The calls a reader gets, each real event counted once: "3 calls about 2 events"."""
    events = len({row["event"] for row in rows})
    return _("%(calls)s about %(events)s") % {
        "calls": ngettext("%(count)s call", "%(count)s calls", len(rows)) % {"count": len(rows)},
        "events": ngettext("%(count)s event", "%(count)s events", events) % {"count": events},
    }


def _instructions(scheme: Scheme, night: date, zone: ZoneInfo) -> Section:
    rows = [
        {
            "id": i.pk,
            "landlord": str(i.landlord),
            "place": _place(i),
            "nature": str(i.nature) if i.nature else "",
            "slot": i.slot_label,
            "status": i.get_status_display(),
            "handled": time_label(i.handled_at, zone),
            "outcome": i.outcome,
        }
        for i in Instruction.objects.filter(scheme=scheme, service_night=night)
        .select_related("landlord", "entrance", "neighbourhood", "nature")
        .order_by("submitted_at", "pk")
    ]
    return Section(
        key="instructions",
        order=20,
        title=_("Landlords' instructions"),
        model=Instruction,
        columns=[
            ("landlord", _("Landlord")),
            ("place", _("Place")),
            ("nature", _("Nature")),
            ("slot", _("Time slot")),
            ("status", _("Status")),
            ("handled", _("Handled at")),
            ("outcome", _("Outcome")),
        ],
        rows=rows,
    )


def _incidents(scheme: Scheme, night: date, zone: ZoneInfo) -> Section:
    rows = [
        {
            "id": s.pk,
            "time": time_label(s.occurred_at, zone),
            "kind": s.get_kind_display(),
            "place": s.place,
            "police": time_label(s.police_called_at, zone),
            "description": s.description,
        }
        for s in SeriousIncident.objects.filter(scheme=scheme, night=night).order_by(
            "occurred_at", "pk"
        )
    ]
    return Section(
        key="incidents",
        order=40,
        title=_("Serious incidents"),
        model=SeriousIncident,
        columns=[
            ("time", _("Time")),
            ("kind", _("Kind")),
            ("place", _("Place")),
            ("police", _("Police called at")),
            ("description", _("What happened")),
        ],
        rows=rows,
    )


def _complaints(scheme: Scheme, night: date) -> Section:
    """Complaints filed on the night's evening or the morning after."""
    rows = [
        {
            "id": p.pk,
            "filed_on": p.filed_on.strftime("%d/%m/%Y"),
            "station": p.police_station,
            "reference": p.reference,
            "on_behalf": p.get_on_behalf_of_display()
            + (f" — {p.landlord}" if p.landlord_id else ""),
        }
        for p in PoliceComplaint.objects.filter(
            scheme=scheme, filed_on__in=[night, night + timedelta(days=1)]
        )
        .select_related("landlord")
        .order_by("filed_on", "pk")
    ]
    return Section(
        key="complaints",
        order=45,
        title=_("Police complaints"),
        model=PoliceComplaint,
        columns=[
            ("filed_on", _("Filed on")),
            ("station", _("Police station")),
            ("reference", _("Reference")),
            ("on_behalf", _("On behalf of")),
        ],
        rows=rows,
    )


def digest_sections(scheme: Scheme, night: date) -> list[Section]:
    """The calls and the instructions when the scheme uses them (ADR 0036); serious incidents
    and police complaints always."""
    zone = ZoneInfo(scheme.time_zone)
    sections = []
    if scheme.uses(Capability.PHONE_DESK):
        sections.append(_calls(scheme, night, zone))
    if scheme.uses(Capability.INSTRUCTIONS):
        sections.append(_instructions(scheme, night, zone))
    return [*sections, _incidents(scheme, night, zone), _complaints(scheme, night)]
