"""What a digest says: the night's content compiled from the logbook (and from the other apps'
``<app>/digest.py`` sections, the ``DIGEST`` extension point), frozen in a version; and the part
of it one person may read.

The content is plain JSON so that a sent version never changes when the logbook does. Every
line keeps the id of its source object; the reader's part is chosen through the source model's
``visible_to(user)`` — the one access mechanism — and never by comparing ids by hand.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.conf import settings
from django.db.models import Model
from django.utils import translation
from django.utils.translation import gettext as _

from voisinage.accounts.access import has_capability, is_platform_admin
from voisinage.core.extensions import DIGEST
from voisinage.digests.ambiance import LEVELS, ambiance_for_night, level_from_counts
from voisinage.field.logbook.selectors import for_lists, with_list_details
from voisinage.field.models import Climate, DutyAssignment, FieldCode, Intervention
from voisinage.lib import clock
from voisinage.lib.clock import time_label
from voisinage.schemes.selectors import scheme_service_hours

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.schemes.models import Scheme

FORMAT = 1  # raise when the content's shape changes


def _intervention_line(i: Intervention, zone: Any, emergency: set[str]) -> dict[str, Any]:
    if i.entrance is not None:
        place = i.entrance.address or i.entrance.code
    else:
        place = i.get_other_place_kind_display()
        if i.other_place_label:
            place = f"{place} — {i.other_place_label}"
    return {
        "id": i.pk,
        "arrival": time_label(i.started_at, zone),
        "departure": time_label(i.ended_at, zone),
        "started_at": i.started_at.isoformat(),
        "place": place,
        "entrance": i.entrance.code if i.entrance else "",
        "landlord": str(i.landlord) if i.landlord else "",
        "landlord_id": i.landlord_id,
        "neighbourhood": str(i.neighbourhood) if i.neighbourhood else "",
        "neighbourhood_id": i.neighbourhood_id,
        "origin": i.origin,
        "origin_label": i.get_origin_display(),
        "activities": [a.label for a in i.activity_list],
        "material": [c.label for c in i.situation_list if c.kind == "material"],
        "behaviour": [c.label for c in i.situation_list if c.kind == "behaviour"],
        "situation_codes": [c.code for c in i.situation_list],
        "actions": [c.label for c in i.action_list],
        "alerted": any(c.code in emergency for c in i.action_list),
        "people": {"adults": i.adults, "young_people": i.young_people, "minors": i.minors},
        "result": i.result,
        "result_label": i.get_result_display() if i.result else "",
        "climate": i.climate,
        "climate_label": i.get_climate_display() if i.climate else "",
        "narrative": i.narrative,
        "sensitive": i.sensitive,
        "status": i.status,
        "agents": i.agent_names,
    }


def compile_night(scheme: Scheme, night: date) -> dict[str, Any]:
    """The whole night, as the supervisor and the scheme-wide recipients see it. Labels are
    written in the site's language (French), whatever the language of the request."""
    with translation.override(settings.LANGUAGE_CODE):
        return _compile_night(scheme, night)


def _compile_night(scheme: Scheme, night: date) -> dict[str, Any]:
    hours = scheme_service_hours(scheme)
    zone = hours.zone
    shift = hours.shift_for(night)
    interventions = with_list_details(
        for_lists(Intervention.objects.filter(scheme=scheme, night=night)).order_by(
            "started_at", "pk"
        )
    )
    emergency = set(
        FieldCode.objects.filter(scheme=scheme)
        .exclude(emergency_number="")
        .values_list("code", flat=True)
    )
    staff = [
        {"name": d.user.display_name, "position": d.get_position_display(), "team": d.team}
        for d in DutyAssignment.objects.filter(scheme=scheme, night=night)
        .select_related("user")
        .order_by("position", "user__first_name")
    ]
    sections = []
    for digest_sections in DIGEST.values():
        for section in digest_sections(scheme, night):
            sections.append(
                {
                    "key": section.key,
                    "title": section.title,
                    "model": section.model._meta.label,
                    "columns": section.columns,
                    "rows": section.rows,
                    "count_label": section.count_label,
                    "order": section.order,
                }
            )
    return {
        "format": FORMAT,
        "scheme": scheme.name,
        "night": night.isoformat(),
        "shift": (
            {
                "start": shift.starts_at.astimezone(zone).isoformat(),
                "end": shift.ends_at.astimezone(zone).isoformat(),
            }
            if shift
            else None
        ),
        "compiled_at": clock.now().isoformat(),
        "interventions": [_intervention_line(i, zone, emergency) for i in interventions],
        "staff": staff,
        "sections": sorted(sections, key=lambda s: s["order"]),
        "ambiance": ambiance_for_night(scheme, night),
    }


def _visible_ids(model: type[Model], user: AnyUser, ids: list[int]) -> set[int]:
    if not ids:
        return set()
    manager: Any = model._default_manager
    return set(manager.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


@dataclass
class Reading:
    """The part of a version one person may read, with its statistics."""

    content: dict[str, Any]
    interventions: list[dict[str, Any]]
    sections: list[dict[str, Any]]
    stats: dict[str, list[tuple[str, int]]]
    whole: bool  # the reader sees the whole night


def reading_for(content: dict[str, Any], user: AnyUser, scheme_id: int) -> Reading:
    """Restrict a version's content to ``user``'s perimeter (lines, sections, statistics and
    ambiance of their neighbourhoods); hide sensitive narratives from those who may not read
    them."""
    lines = content.get("interventions", [])
    visible = _visible_ids(Intervention, user, [line["id"] for line in lines])
    sees_sensitive = is_platform_admin(user) or has_capability(user, scheme_id, "sees_sensitive")
    interventions = []
    for line in lines:
        if line["id"] not in visible:
            continue
        if line["sensitive"] and not sees_sensitive:
            line = {**line, "narrative": None}
        interventions.append(line)
    sections = []
    for section in content.get("sections", []):
        model = apps.get_model(section["model"])
        ids = [row["id"] for row in section["rows"]]
        allowed = _visible_ids(model, user, ids)
        rows = [
            {**r, "cells": [(label, r.get(key, "")) for key, label in section["columns"]]}
            for r in section["rows"]
            if r["id"] in allowed
        ]
        sections.append({**section, "rows": rows})
    whole = len(interventions) == len(lines)
    ambiance = content.get("ambiance", []) if whole else _own_ambiance(interventions)
    return Reading(
        content={**content, "ambiance": ambiance},
        interventions=interventions,
        sections=sections,
        stats=statistics(interventions),
        whole=whole,
    )


def _own_ambiance(lines: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The night's ambiance computed from the reader's own lines only (the same rule as the
    whole night's), so that a partial perimeter learns nothing of the others' interventions."""
    by_hood: dict[str, list[dict[str, Any]]] = {}
    for line in lines:
        if line["neighbourhood"]:
            by_hood.setdefault(line["neighbourhood"], []).append(line)
    rows = []
    for hood, own in sorted(by_hood.items()):
        counts = {level: sum(1 for x in own if x["climate"] == level) for level in LEVELS}
        level = level_from_counts(*(counts[k] for k in LEVELS))
        notable = sum(1 for x in own if x["climate"] in ("orange", "red") or x.get("alerted"))
        rows.append(
            {
                "neighbourhood_id": own[0]["neighbourhood_id"],
                "neighbourhood": hood,
                "interventions": len(own),
                "counts": counts,
                "computed": level,
                "level": level,
                "level_label": _level_label(level),
                "override_reason": "",
                "previous": "",
                "trend": "",
                "notable": notable,
            }
        )
    return rows


def _level_label(level: str) -> str:
    return str(Climate(level).label) if level else ""


def statistics(lines: list[dict[str, Any]]) -> dict[str, list[tuple[str, int]]]:
    """Coded counts of the lines: by origin, activity, neighbourhood, landlord, situation and
    climate; each intervention counts once in each of its codes."""

    def ranked(counter: Counter[str]) -> list[tuple[str, int]]:
        return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))

    by: dict[str, Counter[str]] = {
        k: Counter()
        for k in ("origin", "activity", "neighbourhood", "landlord", "situation", "climate")
    }
    for line in lines:
        by["origin"][line["origin_label"]] += 1
        by["activity"].update(set(line["activities"]))
        by["neighbourhood"][line["neighbourhood"] or _("Public space")] += 1
        if line["landlord"]:
            by["landlord"][line["landlord"]] += 1
        by["situation"].update(set(line["material"] + line["behaviour"]))
        if line["climate"]:
            by["climate"][line["climate_label"]] += 1
    return {k: ranked(v) for k, v in by.items()}


def changes_between(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    """What changed between two versions, line by line: added, removed, or the fields that
    changed (for the correction notice)."""
    old = {line["id"]: line for line in before.get("interventions", [])}
    new = {line["id"]: line for line in after.get("interventions", [])}
    watched = (
        "arrival",
        "departure",
        "place",
        "origin_label",
        "activities",
        "material",
        "behaviour",
        "actions",
        "result_label",
        "climate_label",
        "narrative",
    )
    out: list[dict[str, Any]] = []
    for pk, line in new.items():
        if pk not in old:
            out.append(
                {"id": pk, "change": "added", "arrival": line["arrival"], "place": line["place"]}
            )
            continue
        fields = [f for f in watched if old[pk].get(f) != line.get(f)]
        if fields:
            out.append(
                {
                    "id": pk,
                    "change": "changed",
                    "fields": fields,
                    "arrival": line["arrival"],
                    "place": line["place"],
                }
            )
    for pk, line in old.items():
        if pk not in new:
            out.append(
                {"id": pk, "change": "removed", "arrival": line["arrival"], "place": line["place"]}
            )
    return out
