"""Writes of the analytics app: roadmaps and the texts of the documents. Every edit carries the
version the editor saw; a stale version is refused (two people editing the same roadmap)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext as _

from voisinage.accounts.models import User
from voisinage.analytics.models import (
    ActionStatus,
    AvoidedCostUnit,
    CountedAs,
    MonthlyNote,
    ReferenceFigure,
    ReviewNote,
    Roadmap,
    RoadmapAction,
    RoadmapAxis,
    RoadmapObjective,
)
from voisinage.core.indicators import get_indicator
from voisinage.governance.models import Meeting
from voisinage.governance.services import document_add

if TYPE_CHECKING:
    from voisinage.accounts.models import User
    from voisinage.schemes.models import Scheme


def _stale() -> ValidationError:
    return ValidationError(
        _("Someone else saved this in the meantime: reload the page and make your change again.")
    )


def _bump(roadmap: Roadmap, *, version: int, user: User) -> Roadmap:
    """Lock the roadmap, refuse a stale version, count one more version."""
    locked = Roadmap.objects.select_for_update().get(pk=roadmap.pk)
    if locked.version != version:
        raise _stale()
    locked.version += 1
    locked.updated_by = user
    locked.save(update_fields=["version", "updated_by", "updated_at"])
    return locked


@transaction.atomic
def roadmap_create(*, scheme: Scheme, year: int, title: str = "", user: User) -> Roadmap:
    if not 2000 <= year <= 2100:
        raise ValidationError(_("Give a year between 2000 and 2100."))
    roadmap, _created = Roadmap.objects.get_or_create(
        scheme=scheme, year=year, defaults={"title": title.strip(), "updated_by": user}
    )
    return roadmap


@transaction.atomic
def roadmap_axis_add(*, roadmap: Roadmap, title: str, version: int, user: User) -> RoadmapAxis:
    title = title.strip()
    if not title:
        raise ValidationError(_("Give the axis a title."))
    roadmap = _bump(roadmap, version=version, user=user)
    position = roadmap.axes.aggregate(m=Max("position"))["m"] or 0
    axis = RoadmapAxis(roadmap=roadmap, title=title[:200], position=position + 1)
    axis.full_clean()
    axis.save()
    return axis


@transaction.atomic
def roadmap_objective_add(
    *,
    roadmap: Roadmap,
    axis_id: int,
    title: str,
    indicator: str = "",
    target: Decimal | None = None,
    version: int,
    user: User,
) -> RoadmapObjective:
    title = title.strip()
    errors = {}
    axis = RoadmapAxis.objects.filter(roadmap=roadmap, pk=axis_id).first()
    if axis is None:
        errors["axis"] = _("Choose an axis of this roadmap.")
    if not title:
        errors["title"] = _("Give the objective a title.")
    if indicator and get_indicator(indicator) is None:
        errors["indicator"] = _("Unknown indicator.")
    if target is not None and target < 0:
        errors["target"] = _("A target cannot be negative.")
    if errors:
        raise ValidationError(errors)
    _bump(roadmap, version=version, user=user)
    assert axis is not None
    position = axis.objectives.aggregate(m=Max("position"))["m"] or 0
    objective = RoadmapObjective(
        axis=axis, title=title[:300], indicator=indicator, target=target, position=position + 1
    )
    objective.full_clean()
    objective.save()
    return objective


@transaction.atomic
def roadmap_action_add(
    *,
    roadmap: Roadmap,
    objective_id: int,
    title: str,
    owner: str = "",
    month: int | None = None,
    due_on: date | None = None,
    version: int,
    user: User,
) -> RoadmapAction:
    title = title.strip()
    errors = {}
    objective = RoadmapObjective.objects.filter(axis__roadmap=roadmap, pk=objective_id).first()
    if objective is None:
        errors["objective"] = _("Choose an objective of this roadmap.")
    if not title:
        errors["title"] = _("Describe the action.")
    if month is not None and not 1 <= month <= 12:
        errors["month"] = _("The month is a number from 1 to 12.")
    if due_on is not None and due_on.year != roadmap.year:
        errors["due_on"] = _("The due date must fall in the roadmap's year.")
    if errors:
        raise ValidationError(errors)
    _bump(roadmap, version=version, user=user)
    action = RoadmapAction(
        objective=objective,
        title=title[:300],
        owner=owner.strip()[:150],
        month=month or (due_on.month if due_on else None),
        due_on=due_on,
    )
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def roadmap_action_set_status(
    *, roadmap: Roadmap, action_id: int, status: str, version: int, user: User
) -> RoadmapAction:
    action = RoadmapAction.objects.filter(objective__axis__roadmap=roadmap, pk=action_id).first()
    if action is None:
        raise ValidationError(_("This action is not in this roadmap."))
    if status not in ActionStatus.values:
        raise ValidationError(_("Unknown status."))
    _bump(roadmap, version=version, user=user)
    action.status = status
    action.save(update_fields=["status"])
    return action


@transaction.atomic
def monthly_note_save(
    *, scheme: Scheme, month: date, analysis: str, recommendations: str, version: int, user: User
) -> MonthlyNote:
    """Save the month's analysis; ``version`` 0 means "there was none when I opened it"."""
    note = MonthlyNote.objects.select_for_update().filter(scheme=scheme, month=month).first()
    if note is None:
        if version != 0:
            raise _stale()
        note = MonthlyNote(scheme=scheme, month=month.replace(day=1), version=0)
    elif note.version != version:
        raise _stale()
    note.analysis = analysis.strip()
    note.recommendations = recommendations.strip()
    note.version += 1
    note.updated_by = user
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def review_note_save(
    *, scheme: Scheme, starts_on: date, ends_on: date, proposals: str, version: int, user: User
) -> ReviewNote:
    note = (
        ReviewNote.objects.select_for_update()
        .filter(scheme=scheme, starts_on=starts_on, ends_on=ends_on)
        .first()
    )
    if note is None:
        if version != 0:
            raise _stale()
        note = ReviewNote(scheme=scheme, starts_on=starts_on, ends_on=ends_on, version=0)
    elif note.version != version:
        raise _stale()
    note.proposals = proposals.strip()
    note.version += 1
    note.updated_by = user
    note.full_clean()
    note.save()
    return note


def review_deck_attach(*, meeting: Meeting, user: User, first: date, last: date) -> int:
    """Attach the review deck of ``first``–``last`` to the meeting's documents as its review
    deck: a link to the deck built at download for whoever follows it, each reader with the
    figures of their own perimeter (ADR 0035), never a file. Returns the document's id."""
    path = reverse("analytics:review_download", args=[meeting.scheme.slug, "pptx"])
    query = urlencode({"du": first.isoformat(), "au": last.isoformat()})
    title = _("Review deck %(first)s – %(last)s") % {
        "first": first.strftime("%d/%m/%Y"),
        "last": last.strftime("%d/%m/%Y"),
    }
    document = document_add(
        meeting=meeting, title=title, added_by=user, url=f"{path}?{query}", is_review_deck=True
    )
    return document.pk


# --- Evaluation registers: avoided-cost types and reference figures -----------------------------

EVALUATION = "evaluation"  # the settings section's key, as written in the change log


def _type_state(unit: AvoidedCostUnit) -> str:
    return (
        f"{unit.label} ({unit.unit}) : {Decimal(unit.unit_cost_cents) / 100} € — "
        f"{unit.reference_figure} — {unit.source}"
    )


@transaction.atomic
def avoided_cost_type_save(
    *,
    scheme: Scheme,
    author: User | None,
    code: str,
    label: str,
    counted_as: str,
    unit: str,
    unit_cost_cents: int,
    source: str,
    counted_code: str = "",
    reference_figure: str = "",
    definition: str = "",
) -> AvoidedCostUnit:
    """Add an avoided-cost type, or change the one with this code. A type without a unit, or a
    figure without a source, is refused in French and nothing changes; an activity or a field
    counted must be the scheme's."""
    from voisinage.analytics.evaluation import avoided_cost_units
    from voisinage.schemes.changes import setting_change_record
    from voisinage.schemes.models import Activity

    avoided_cost_units(scheme)  # the defaults exist before they can be changed
    row = AvoidedCostUnit.objects.select_for_update().filter(scheme=scheme, event=code).first()
    before = _type_state(row) if row else ""
    row = row or AvoidedCostUnit(scheme=scheme, event=code.strip())
    row.label = label.strip()
    row.definition = definition.strip()
    row.counted_as = counted_as
    row.counted_code = counted_code.strip()
    row.unit = unit.strip()
    row.unit_cost_cents = unit_cost_cents
    row.reference_figure = reference_figure.strip()
    row.source = source.strip()
    row.full_clean(validate_constraints=False)
    if (
        counted_as == CountedAs.ACTIVITY
        and not Activity.objects.filter(scheme=scheme, code=row.counted_code).exists()
    ):
        raise ValidationError({"counted_code": _("The scheme has no activity with this code.")})
    if counted_as == CountedAs.FIELD and not scheme.fields.filter(code=row.counted_code).exists():
        raise ValidationError(
            {"counted_code": _("The scheme does not serve this mediation field.")}
        )
    row.save()
    if before != _type_state(row):
        setting_change_record(
            scheme=scheme,
            author=author,
            section=EVALUATION,
            subject=row.event,
            before=before,
            after=_type_state(row),
        )
    return row


@transaction.atomic
def avoided_cost_type_remove(*, unit: AvoidedCostUnit, author: User | None) -> None:
    """Remove a type the scheme added (the three defaults are kept: change their figures)."""
    from voisinage.analytics.evaluation import AVOIDED_EVENTS
    from voisinage.schemes.changes import setting_change_record

    if unit.event in AVOIDED_EVENTS:
        raise ValidationError(_("A default type is kept: change its unit cost and source."))
    setting_change_record(
        scheme=unit.scheme,
        author=author,
        section=EVALUATION,
        subject=unit.event,
        before=_type_state(unit),
        after="",
    )
    unit.delete()


@transaction.atomic
def reference_figure_add(
    *, scheme: Scheme, author: User | None, register: str, label: str, figure: str, source: str
) -> ReferenceFigure:
    """File a figure quoted from outside under a register; without a source it is refused."""
    from voisinage.schemes.changes import setting_change_record

    row = ReferenceFigure(
        scheme=scheme,
        register=register,
        label=label.strip(),
        figure=figure.strip(),
        source=source.strip(),
    )
    row.full_clean()
    row.save()
    setting_change_record(
        scheme=scheme,
        author=author,
        section=EVALUATION,
        subject=row.label,
        before="",
        after=f"{row.figure} — {row.source}",
    )
    return row


@transaction.atomic
def reference_figure_remove(*, figure: ReferenceFigure, author: User | None) -> None:
    from voisinage.schemes.changes import setting_change_record

    setting_change_record(
        scheme=figure.scheme,
        author=author,
        section=EVALUATION,
        subject=figure.label,
        before=f"{figure.figure} — {figure.source}",
        after="",
    )
    figure.delete()
