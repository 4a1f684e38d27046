"""Governance fixtures on top of the shared cast (Rivebourg; Habitat Nord coordinates it).

``gov`` adds Rivebourg's bodies and one past technical committee holding a decision with an
action item owned by Logis Sud, a document and the operator's attendance; ``other_meeting`` is
a meeting of Autreville."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from voisinage.governance.models import (
    ActionItem,
    Attendance,
    AttendanceQuota,
    Body,
    BodyKind,
    Frequency,
    Meeting,
    MeetingDocument,
)
from voisinage.governance.selectors import scheme_zone
from voisinage.governance.services import (
    ActionSpec,
    attendance_record,
    decision_record,
    document_add,
    meeting_create,
)
from voisinage.lib import clock

if TYPE_CHECKING:
    from pathlib import Path

    from voisinage.conftest import Cast
    from voisinage.schemes.models import Scheme


def local(scheme: Scheme, moment: datetime) -> datetime:
    return moment.astimezone(scheme_zone(scheme))


def at(scheme: Scheme, days: int, hour: int = 14, minute: int = 0) -> datetime:
    """``days`` from today (local), at ``hour``:``minute`` in the scheme's zone."""
    day = local(scheme, clock.now()).date() + timedelta(days=days)
    return datetime.combine(day, time(hour, minute), tzinfo=scheme_zone(scheme))


@dataclass
class Gov:
    technical: Body
    steering: Body
    correspondents: Body
    quota: AttendanceQuota
    meeting: Meeting
    action: ActionItem
    document: MeetingDocument
    attendance: Attendance


def make_body(scheme: Scheme, kind: str, name: str, **extra: object) -> Body:
    values: dict[str, object] = {"frequency": Frequency.MONTHLY, **extra}
    body = Body(scheme=scheme, kind=kind, name=name, **values)
    body.full_clean()
    body.save()
    return body


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media"


@pytest.fixture
def gov(cast: Cast, media: Path) -> Gov:
    scheme = cast.scheme
    technical = make_body(scheme, BodyKind.TECHNICAL, "Comité technique", documents_expected=True)
    technical.usual_invitees.set([cast.operator, cast.north, cast.south])
    steering = make_body(
        scheme,
        BodyKind.STEERING,
        "Comité de pilotage",
        frequency=Frequency.MONTHS,
        months="1, 9",
        deck_required=True,
    )
    steering.usual_invitees.set([cast.operator, cast.north, cast.south, cast.city])
    correspondents = make_body(
        scheme, BodyKind.SECURITY_CORRESPONDENTS, "Correspondants sécurité", minutes_expected=False
    )
    quota = AttendanceQuota.objects.create(
        scheme=scheme, label="Instances de suivi", minimum_per_year=14
    )
    quota.bodies.set([technical, steering])
    meeting = meeting_create(
        scheme=scheme,
        body=technical,
        starts_at=at(scheme, -3),
        place="Salle du conseil",
        agenda="Planning des veilles",
        created_by=cast.supervisor,
        notify=False,
    )
    decision = decision_record(
        meeting=meeting,
        text="Les éclairages des halls sont réparés.",
        recorded_by=cast.supervisor,
        action=ActionSpec(
            title="Réparer l'éclairage du hall LS-1",
            owner_organisation=cast.south,
            due_on=local(scheme, meeting.starts_at).date() + timedelta(days=20),
        ),
    )
    document = document_add(
        meeting=meeting,
        title="Rapport mensuel",
        upload=SimpleUploadedFile("rapport.pdf", b"%PDF-1.4 test", "application/pdf"),
        added_by=cast.supervisor,
    )
    attendance = attendance_record(
        meeting=meeting, organisation=cast.operator, user=cast.supervisor, status="present"
    )
    return Gov(
        technical=technical,
        steering=steering,
        correspondents=correspondents,
        quota=quota,
        meeting=meeting,
        action=decision.action_items.get(),
        document=document,
        attendance=attendance,
    )


@pytest.fixture
def other_meeting(cast: Cast) -> Meeting:
    body = make_body(cast.other_scheme, BodyKind.MONITORING, "Comité de suivi")
    return meeting_create(
        scheme=cast.other_scheme,
        body=body,
        starts_at=at(cast.other_scheme, 2),
        created_by=None,
        notify=False,
    )


def form_data(cast, gov, **extra):
    """The meeting form's fields for a technical committee meeting twelve days ahead."""
    start = local(cast.scheme, at(cast.scheme, 12))
    return {
        "body": gov.technical.pk,
        "title": "",
        "day": start.date().isoformat(),
        "start": "09:30",
        "end": "11:00",
        "place": "Salle Rivière",
        "invited_organisations": [cast.operator.pk, cast.city.pk],
        "agenda": "Ordre du jour",
        **extra,
    }
