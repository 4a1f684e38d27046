"""What a digest says: the night's content compiled from the logbook (and from the other apps'
``<app>/digest.py`` sections, the ``DIGEST`` extension point), frozen in a version; and the part
of it one person may read.

The content is plain JSON so that a sent version never changes when the logbook does. Every
line keeps the id of its source object; the reader's part is chosen through the source model's
``visible_to(user)`` — the one access mechanism — and never by comparing ids by hand. That goes
for everything stored: interventions, the other apps' sections and their counts, who was on
duty (``DutyAssignment``), the changes since the previous version; the statistics and, for a
reader without a whole-scheme grant, the ambiance are recomputed from the reader's own lines.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from importlib import import_module
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.conf import settings
from django.db.models import Model
from django.utils import translation
from django.utils.translation import gettext as _

from voisinage.accounts.access import has_capability, holds_whole_scheme, is_platform_admin
from voisinage.core.extensions import DIGEST
from voisinage.digests.ambiance import LEVELS, ambiance_for_night, level_from_counts
from voisinage.field.logbook.scales import SchemeScales, scale_labels
from voisinage.field.logbook.selectors import for_lists, with_list_details
from voisinage.field.models import Climate, DutyAssignment, FieldCode, Intervention, Scale
from voisinage.lib import clock
from voisinage.lib.clock import time_label
from voisinage.schemes.selectors import scheme_service_hours

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.digests.models import DigestVersion
    from voisinage.schemes.models import Scheme

# Raise when the content's shape changes. 2: staff lines carry their DutyAssignment's id,
# sections name the function that counts their rows.
FORMAT = 2


def _intervention_line(
    i: Intervention, zone: Any, emergency: set[str], wording: SchemeScales
) -> dict[str, Any]:
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
        "result_label": wording.label(Scale.RESULT, i.result),
        "climate": i.climate,
        "climate_label": wording.label(Scale.CLIMATE, i.climate),
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
    # The results and climate levels as the scheme words them on the night it is compiled.
    wording = scale_labels(scheme)
    emergency = set(
        FieldCode.objects.filter(scheme=scheme)
        .exclude(emergency_number="")
        .values_list("code", flat=True)
    )
    staff = [
        {
            "id": d.pk,
            "name": d.user.display_name,
            "position": d.get_position_display(),
            "team": d.team,
        }
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
                    "counted_by": _dotted(section.counted_by),
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
        "interventions": [_intervention_line(i, zone, emergency, wording) for i in interventions],
        "climate_labels": wording.labels(Scale.CLIMATE),
        "staff": staff,
        "sections": sorted(sections, key=lambda s: s["order"]),
        "ambiance": ambiance_for_night(scheme, night),
    }


def version_reading(version: DigestVersion, user: AnyUser) -> Reading:
    """What ``user`` reads of a version: its content and, from version 2 on, its changes."""
    changes = version.changes if version.number > 1 else []
    return reading_for(version.content, user, version.digest.scheme_id, changes)


def _dotted(function: Callable[..., Any] | None) -> str:
    return f"{function.__module__}.{function.__qualname__}" if function else ""


def _counter(path: str) -> Callable[[list[dict[str, Any]]], str] | None:
    """The counting function a section named when it was compiled (our own modules only)."""
    module, _dot, name = path.rpartition(".")
    if not module.startswith("voisinage."):
        return None
    found = getattr(import_module(module), name, None)
    return found if callable(found) else None


def _visible_ids(model: type[Model], user: AnyUser, ids: list[int]) -> set[int]:
    if not ids:
        return set()
    manager: Any = model._default_manager
    return set(manager.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


@dataclass
class Reading:
    """The part of a version one person may read, with its statistics."""

    content: dict[str, Any]  # with the reader's ambiance and staff
    interventions: list[dict[str, Any]]
    sections: list[dict[str, Any]]
    stats: dict[str, list[tuple[str, int]]]
    whole: bool  # the reader has a whole-scheme grant
    changes: list[dict[str, Any]] = field(default_factory=list)
    staff_count: int = 0  # how many were on duty (a staffing level: every member reads it)

    def key(self) -> tuple[object, ...]:
        """Two readings with the same key are the same document (for caching a PDF)."""
        return (
            self.whole,
            tuple((line["id"], line["narrative"] is None) for line in self.interventions),
            tuple((s["key"], tuple(r["id"] for r in s["rows"])) for s in self.sections),
            tuple(s.get("id") for s in self.content.get("staff", [])),
            tuple((c["id"], c["change"]) for c in self.changes),
        )


def reading_for(
    content: dict[str, Any],
    user: AnyUser,
    scheme_id: int,
    changes: list[dict[str, Any]] | None = None,
) -> Reading:
    """Restrict a version's content (and its ``changes`` since the previous version) to
    ``user``'s perimeter: lines, sections and their counts, who was on duty, the changes, the
    statistics and the ambiance of their neighbourhoods; hide sensitive narratives from those
    who may not read them."""
    lines = content.get("interventions", [])
    visible = _visible_ids(Intervention, user, [line["id"] for line in lines])
    sees_sensitive = is_platform_admin(user) or has_capability(user, scheme_id, "sees_sensitive")
    whole = holds_whole_scheme(user, scheme_id)
    interventions = []
    for line in lines:
        if line["id"] not in visible:
            continue
        if line["sensitive"] and not sees_sensitive:
            line = {**line, "narrative": None}
        interventions.append(line)
    sections = [_section_for(section, user, whole) for section in content.get("sections", [])]
    changed = changes or []
    # A change names a line of this version or of the previous one: the reader gets those whose
    # intervention it may read (one deleted since is read by whole-scheme grants only).
    visible_changes = _visible_ids(Intervention, user, [c["id"] for c in changed])
    staff = content.get("staff", [])
    ambiance = (
        content.get("ambiance", [])
        if whole
        else _own_ambiance(interventions, content.get("climate_labels", {}))
    )
    return Reading(
        content={
            **content,
            "ambiance": ambiance,
            "staff": _staff_for(staff, user, scheme_id, content),
        },
        interventions=interventions,
        sections=sections,
        stats=statistics(interventions),
        whole=whole,
        changes=[c for c in changed if whole or c["id"] in visible_changes],
        staff_count=len(staff),
    )


def _section_for(section: dict[str, Any], user: AnyUser, whole: bool) -> dict[str, Any]:
    model = apps.get_model(section["model"])
    allowed = _visible_ids(model, user, [row["id"] for row in section["rows"]])
    kept = [r for r in section["rows"] if r["id"] in allowed]
    rows = [
        {**r, "cells": [(label, r.get(key, "")) for key, label in section["columns"]]} for r in kept
    ]
    counter = _counter(section.get("counted_by", ""))
    if counter is not None:
        with translation.override(settings.LANGUAGE_CODE):
            label = counter(kept)
    else:  # a version compiled before the counts were made per reader
        label = section.get("count_label", "") if whole else ""
    return {**section, "rows": rows, "count_label": label}


def _staff_for(
    staff: list[dict[str, Any]], user: AnyUser, scheme_id: int, content: dict[str, Any]
) -> list[Any]:
    """Who was on duty, as the rota's rule lets the reader see it (``DutyAssignment``)."""
    if all("id" in line for line in staff):
        allowed = _visible_ids(DutyAssignment, user, [line["id"] for line in staff])
        return [line for line in staff if line["id"] in allowed]
    # A version compiled before staff lines carried their ids: all or nothing, as the reader
    # may or may not read that night's rota.
    manager: Any = DutyAssignment.objects
    night = content.get("night")
    sees_rota = manager.visible_to(user).filter(scheme_id=scheme_id, night=night).exists()
    return staff if sees_rota else []


def _own_ambiance(lines: list[dict[str, Any]], labels: dict[str, str]) -> list[dict[str, Any]]:
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
                "level_label": labels.get(level) or _level_label(level),
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
