"""By when the digest is due: the scheme's deadline (its digest settings, 08:00 unless set
otherwise), and an operator's own contractual deadline in a scheme with several operators.
The digest is one document: the moment it was first sent is judged against the scheme's
deadline (``Digest.on_time``) and, for each operator, against that operator's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from voisinage.digests.models import DEFAULT_DEADLINE, DigestSettings, OperatorDeadline

if TYPE_CHECKING:
    from collections.abc import Iterable

    from voisinage.digests.models import Digest
    from voisinage.schemes.models import Scheme
    from voisinage.territory.models import Organisation


def scheme_deadline(scheme: Scheme) -> time:
    """The scheme's deadline (local time, the morning after the night): one query."""
    found = DigestSettings.objects.filter(scheme=scheme).values_list("deadline", flat=True)
    return found.first() or DEFAULT_DEADLINE


def operator_deadlines(scheme: Scheme) -> dict[int, time]:
    """Each operator's own deadline (organisation id → time), for those that have one."""
    return dict(
        OperatorDeadline.objects.filter(scheme=scheme).values_list("operator_id", "deadline")
    )


def deadline_at(scheme: Scheme, night: date, at: time) -> datetime:
    """``at``, scheme time, on the morning after ``night`` (no query)."""
    return datetime.combine(night + timedelta(days=1), at, tzinfo=ZoneInfo(scheme.time_zone))


def deadline_for(scheme: Scheme, night: date, operator_id: int | None = None) -> datetime:
    """The moment the night's digest is due: the operator's own deadline when it has one,
    otherwise the scheme's."""
    at = operator_deadlines(scheme).get(operator_id) if operator_id is not None else None
    return deadline_at(scheme, night, at or scheme_deadline(scheme))


@dataclass(frozen=True)
class Punctuality:
    operator: Organisation | None  # None: the scheme as a whole
    deadline: time
    on_time: int
    sent: int


def punctuality(
    scheme: Scheme, digests: Iterable[Digest], operators: Iterable[Organisation] = ()
) -> list[Punctuality]:
    """How many of the sent ``digests`` left on time: for the scheme (as recorded when each was
    first sent), then for each operator of ``operators`` — against its own deadline when it has
    one (the first sending compared with it), otherwise as the scheme's."""
    sent = [d for d in digests if d.first_sent_at is not None]
    default = scheme_deadline(scheme)
    own = operator_deadlines(scheme)
    recorded = sum(1 for d in sent if d.on_time)

    def by(at: time) -> int:
        return sum(
            1
            for d in sent
            if d.first_sent_at is not None and d.first_sent_at <= deadline_at(scheme, d.night, at)
        )

    rows = [Punctuality(None, default, recorded, len(sent))]
    for operator in operators:
        at = own.get(operator.pk)
        rows.append(
            Punctuality(operator, at or default, recorded if at is None else by(at), len(sent))
        )
    return rows
