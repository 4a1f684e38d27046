"""Subject access (GDPR art. 15): everything the scheme holds about a person, found through each
app's holders (the ``personal_data`` extension point), as JSON and as a readable PDF."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from voisinage.core.extensions import PERSONAL_DATA
from voisinage.core.personal_data import HeldRecord, PersonQuery
from voisinage.lib import clock
from voisinage.lib.dates import format_date
from voisinage.lib.pdf import render_pdf

if TYPE_CHECKING:
    from datetime import datetime

    from voisinage.schemes.models import Scheme


@dataclass(frozen=True)
class SubjectFile:
    scheme: Scheme
    query: PersonQuery
    made_at: datetime
    records: list[HeldRecord]


def subject_file(scheme: Scheme, query: PersonQuery) -> SubjectFile:
    """The records naming the person; a clear refusal for an empty query or nobody found."""
    if query.empty:
        raise ValidationError(_("Give the person's name, phone or e-mail."))
    records = [
        record
        for holders in PERSONAL_DATA.values()
        for holder in holders()
        if holder.find is not None
        for record in holder.find(scheme, query)
    ]
    if not records:
        raise ValidationError(_("Nothing is held about this person in this scheme."))
    records.sort(key=lambda r: (r.at is None, r.at or clock.now(), r.reference))
    return SubjectFile(scheme=scheme, query=query, made_at=clock.now(), records=records)


def subject_viewed(scheme: Scheme, user: Any, query: PersonQuery, where: str) -> int:
    """Write in the access log that ``user`` was shown or exported the person's records."""
    return sum(
        holder.log(scheme, user, query, where)
        for holders in PERSONAL_DATA.values()
        for holder in holders()
        if holder.log is not None
    )


def subject_json(found: SubjectFile) -> dict[str, Any]:
    return {
        "scheme": found.scheme.name,
        "made_at": found.made_at.isoformat(),
        "query": {
            "name": found.query.name,
            "phone": found.query.phone,
            "email": found.query.email,
            "dwelling": found.query.dwelling,
        },
        "records": [
            {
                "what": r.what,
                "reference": r.reference,
                "at": r.at.isoformat() if r.at else None,
                "fields": r.fields,
            }
            for r in found.records
        ],
    }


def _at(moment: datetime, zone: str) -> str:
    return format_date(clock.local(moment, zone), "j F Y H:i")


def subject_pdf(found: SubjectFile) -> bytes:
    """The readable copy: one section per record, its fields as label and value."""
    zone = found.scheme.time_zone
    query = found.query
    searched = " ".join(v for v in (query.name, query.phone, query.email, query.dwelling) if v)
    sections = [
        {
            "heading": " — ".join(
                [r.what, r.reference] + ([_at(r.at, zone)] if r.at is not None else [])
            ),
            "fields": [[str(label), str(value) or "—"] for label, value in r.fields.items()],
        }
        for r in found.records
    ]
    return render_pdf(
        "privacy/document.typ",
        {
            "title": _("Personal data held — %(scheme)s") % {"scheme": found.scheme.name},
            "lines": [
                _("Made on %(at)s, at the request of the person concerned (GDPR art. 15).")
                % {"at": _at(found.made_at, zone)},
                _("Searched for: %(what)s") % {"what": searched},
            ],
            "sections": sections,
        },
    )
