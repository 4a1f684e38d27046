"""Serious incidents and police complaints, recorded by the supervisor."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from voisinage.desk.models import (
    IncidentKind,
    OnBehalfOf,
    PoliceComplaint,
    SeriousIncident,
)
from voisinage.desk.services.common import checked_moment
from voisinage.field.common import field_staff
from voisinage.lib.service_hours import service_night
from voisinage.schemes.models import MemberRole
from voisinage.schemes.selectors import scheme_service_hours

if TYPE_CHECKING:
    from voisinage.accounts.models import User
    from voisinage.schemes.models import Scheme
    from voisinage.territory.models import Organisation


def _check_agent(scheme: Scheme, agent: User | None) -> None:
    if agent is not None and not field_staff(scheme).filter(pk=agent.pk).exists():
        raise ValidationError({"agent": _("Agents must be field staff of the scheme's operator.")})


@transaction.atomic
def incident_record(
    *,
    scheme: Scheme,
    user: User,
    kind: str,
    occurred_at: datetime,
    place: str,
    description: str,
    agent: User | None = None,
    agent_withdrawn: bool = False,
    supervisor_alerted_at: datetime | None = None,
    police_called_at: datetime | None = None,
) -> SeriousIncident:
    occurred_at = checked_moment(occurred_at)
    if kind not in IncidentKind.values:
        raise ValidationError({"kind": _("Unknown kind of incident.")})
    _check_agent(scheme, agent)
    for moment in (supervisor_alerted_at, police_called_at):
        if moment is not None and checked_moment(moment) < occurred_at:
            raise ValidationError(_("An alert cannot be before the incident."))
    incident = SeriousIncident(
        scheme=scheme,
        night=service_night(occurred_at, scheme_service_hours(scheme)).night,
        occurred_at=occurred_at,
        kind=kind,
        agent=agent,
        place=place.strip(),
        description=description.strip(),
        agent_withdrawn=agent_withdrawn,
        supervisor_alerted_at=supervisor_alerted_at,
        police_called_at=police_called_at,
        recorded_by=user,
    )
    incident.full_clean(exclude=["scheme", "agent", "recorded_by"])
    incident.save()
    return incident


@transaction.atomic
def complaint_record(
    *,
    scheme: Scheme,
    user: User,
    filed_on: date,
    police_station: str,
    on_behalf_of: str,
    reference: str = "",
    landlord: Organisation | None = None,
    agent: User | None = None,
    incident: SeriousIncident | None = None,
    facts: str = "",
) -> PoliceComplaint:
    """A complaint the supervisor filed on behalf of a landlord or of an agent."""
    if on_behalf_of == OnBehalfOf.LANDLORD:
        if (
            landlord is None
            or not scheme.members.filter(role=MemberRole.LANDLORD, organisation=landlord).exists()
        ):
            raise ValidationError({"landlord": _("Choose a landlord of the scheme.")})
        agent = None
    elif on_behalf_of == OnBehalfOf.AGENT:
        if agent is None:
            raise ValidationError({"agent": _("Choose the agent.")})
        _check_agent(scheme, agent)
        landlord = None
    else:
        raise ValidationError({"on_behalf_of": _("Choose a landlord or an agent.")})
    if incident is not None and incident.scheme_id != scheme.pk:
        raise ValidationError({"incident": _("This incident is not in the scheme.")})
    complaint = PoliceComplaint(
        scheme=scheme,
        filed_on=filed_on,
        police_station=police_station.strip(),
        reference=reference.strip(),
        on_behalf_of=on_behalf_of,
        landlord=landlord,
        agent=agent,
        incident=incident,
        facts=facts.strip(),
        filed_by=user,
    )
    complaint.full_clean(exclude=["scheme", "landlord", "agent", "incident", "filed_by"])
    complaint.save()
    return complaint
