"""The coded lists of a new entry read and checked in one query: its activities, situations and
actions (by id for the service, by code for the API) and, when the entry gives a result or a
climate level, the scheme's wording of those scales (ADR 0054), so that recording reads them all
at once."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from voisinage.field.logbook.models import CodeKind, FieldCode
from voisinage.field.logbook.scales import SCALE_ROW_KIND, remember_scales, scale_rows
from voisinage.schemes.models import Activity, Scheme

# Checked code rows: (pk, code, label, kind, position); activities have no kind ("").
CodeRow = tuple[int, str, str, str, int]


def code_rows_query(
    scheme: Scheme,
    activities: models.Q | None,
    codes: models.Q | None,
    *,
    scales: bool = False,
) -> list[CodeRow]:
    """The rows in use of the scheme's activities matching ``activities`` and field codes
    matching ``codes``, in one query (UNION ALL; an activity's kind is ""). With ``scales``,
    the same query brings the scheme's wording of the results and climate levels, kept on the
    scheme for the request (``scales.scale_labels``) and left out of the answer. Shared by the
    service (by id) and the API (by code, handing its rows to the service)."""
    use = models.Q(retired_at__isnull=True)
    parts: list[QuerySet[Any, Any]] = []
    if activities is not None:
        parts.append(
            Activity.objects.filter(activities, use, scheme_id=scheme.pk)
            .annotate(no_kind=models.Value("", output_field=models.CharField()))
            .values_list("pk", "code", "label", "no_kind", "position")
            .order_by()
        )
    if codes is not None:
        parts.append(
            FieldCode.objects.filter(codes, use, scheme_id=scheme.pk)
            .values_list("pk", "code", "label", "kind", "position")
            .order_by()
        )
    if scales:
        parts.append(scale_rows(scheme.pk))
    if not parts:
        return []
    query = parts[0] if len(parts) == 1 else parts[0].union(*parts[1:], all=True).order_by()
    rows: list[CodeRow] = list(query)
    if not scales:
        return rows
    remember_scales(scheme, [row for row in rows if row[3].startswith(SCALE_ROW_KIND)])
    return [row for row in rows if not row[3].startswith(SCALE_ROW_KIND)]


def code_rows_by_id(
    scheme: Scheme,
    activity_ids: Iterable[int],
    situation_ids: Iterable[int],
    action_ids: Iterable[int],
    *,
    scales: bool = False,
) -> list[CodeRow]:
    """The rows of these ids (of any kind: ``checked_code_rows`` checks them)."""
    activities, others = set(activity_ids), {*situation_ids, *action_ids}
    return code_rows_query(
        scheme,
        models.Q(pk__in=activities) if activities else None,
        models.Q(pk__in=others) if others else None,
        scales=scales,
    )


def checked_code_rows(
    scheme: Scheme,
    activity_ids: Iterable[int],
    situation_ids: Iterable[int],
    action_ids: Iterable[int],
    known: Sequence[CodeRow] | None = None,
) -> tuple[list[CodeRow], list[CodeRow], list[CodeRow]]:
    """The three lists checked in one query: of the scheme, in use, of the right kind.
    ``known``: the rows the caller already read with ``code_rows_query`` for this scheme (then
    no query)."""
    activities, situations, actions = set(activity_ids), set(situation_ids), set(action_ids)
    found = known if known is not None else code_rows_by_id(scheme, activities, situations, actions)
    by_activity = {row[0]: row for row in found if not row[3]}
    if set(by_activity) != activities:
        raise ValidationError({"activities": _("Unknown or retired activity.")})
    rows = {row[0]: row for row in found if row[3]}
    kinds = {pk: row[3] for pk, row in rows.items()}
    if any(kinds.get(pk) not in {CodeKind.MATERIAL, CodeKind.BEHAVIOUR} for pk in situations):
        raise ValidationError({"situations": _("Unknown or retired code.")})
    if any(kinds.get(pk) != CodeKind.ACTION for pk in actions):
        raise ValidationError({"actions": _("Unknown or retired code.")})
    return (
        [by_activity[pk] for pk in sorted(activities)],
        [rows[pk] for pk in sorted(situations)],
        [rows[pk] for pk in sorted(actions)],
    )
