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


def subject_pdf(found: SubjectFile) -> bytes:
    return render_pdf("privacy/subject_pdf.html", {"file": found})
