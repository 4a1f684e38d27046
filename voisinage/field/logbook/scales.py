"""A scheme's wording of the two fixed scales of an intervention (results, climate levels): the
one read every page, form, API, digest, dashboard and deck asks for the labels it shows and the
levels it offers. The codes and their meaning never change (the indicators compare them across
schemes); a scheme only words them, orders them, retires some, or does not rate the climate."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Concat
from django.utils.translation import gettext as _

from voisinage.field.logbook.models import SCALE_LEVELS, Climate, Result, Scale, ScaleLabel

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from voisinage.schemes.models import Scheme

# Where the scheme's wording is kept on the scheme object for the rest of the request.
CACHE_ATTR = "_scale_labels"
# The kind of a wording row read with the coded lists (``code_rows``): this prefix and the scale.
SCALE_ROW_KIND = "scale:"
_FIXED = ((Scale.RESULT, Result), (Scale.CLIMATE, Climate))


@dataclass(frozen=True, slots=True)
class ScaleLevel:
    """A level as the scheme words it."""

    code: str
    label: str
    retired: bool

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True, slots=True)
class SchemeScales:
    """The scheme's wording of each scale: its levels in the scheme's order, retired ones
    included, and the scales it does not use."""

    levels: dict[str, list[ScaleLevel]]
    off: frozenset[str]

    def label(self, scale: str, code: str) -> str:
        """The scheme's label of ``code`` (retired or not); the code itself when unknown,
        empty for an empty code."""
        if not code:
            return ""
        return next((lv.label for lv in self.levels[scale] if lv.code == code), code)

    def labels(self, scale: str) -> dict[str, str]:
        return {lv.code: lv.label for lv in self.levels[scale]}

    def rated(self, scale: str) -> bool:
        """Whether the scheme uses the scale (asks for it when recording)."""
        return scale not in self.off

    def offered(self, scale: str) -> list[ScaleLevel]:
        """The levels offered for a new entry: none when the scale is switched off."""
        if not self.rated(scale):
            return []
        return [lv for lv in self.levels[scale] if not lv.retired]

    def choices(self, scale: str, *, keep: str = "") -> list[tuple[str, str]]:
        """The form's choices: the levels offered, plus ``keep`` (the value an edited entry
        already has, even if retired since)."""
        return [
            (lv.code, lv.label)
            for lv in self.levels[scale]
            if (not lv.retired and self.rated(scale)) or (keep and lv.code == keep)
        ]


def build_scales(rows: list[tuple[str, str, str, int, bool]]) -> SchemeScales:
    """The wording from the scheme's rows (scale, code, label, position, retired): a level
    without a row keeps its default label and its default place, after the placed ones."""
    stored = {
        (scale, code): (label, position, retired) for scale, code, label, position, retired in rows
    }
    off = frozenset(
        scale for (scale, code), (_, _, retired) in stored.items() if not code and retired
    )
    levels: dict[str, list[ScaleLevel]] = {}
    for scale, choices in SCALE_LEVELS.items():
        ranked = []
        for default_rank, (code, default_label) in enumerate(choices.choices):
            label, position, retired = stored.get((scale, code), ("", 0, False))
            key = (position or 1000 + default_rank, default_rank)
            ranked.append((key, ScaleLevel(code, label or str(default_label), retired)))
        levels[scale] = [level for _, level in sorted(ranked, key=lambda pair: pair[0])]
    return SchemeScales(levels=levels, off=off)


def scale_rows(scheme_id: int) -> QuerySet[Any, Any]:
    """The scheme's wording rows shaped as the coded lists' rows, so that one query may bring
    both (UNION ALL): (retired 0/1, code, label, ``SCALE_ROW_KIND`` + scale, position)."""
    return (
        ScaleLabel.objects.filter(scheme_id=scheme_id)
        .annotate(
            retired=models.Case(
                models.When(retired_at__isnull=True, then=models.Value(0)),
                default=models.Value(1),
                output_field=models.IntegerField(),
            ),
            scale_kind=Concat(
                models.Value(SCALE_ROW_KIND), "scale", output_field=models.CharField()
            ),
        )
        .values_list("retired", "code", "label", "scale_kind", "position")
        .order_by()
    )


def remember_scales(scheme: Scheme, rows: list[tuple[int, str, str, str, int]]) -> SchemeScales:
    """Keep on ``scheme`` the wording read as ``scale_rows``, for the rest of the request."""
    cut = len(SCALE_ROW_KIND)
    wording = build_scales(
        [(kind[cut:], code, label, pos, bool(retired)) for retired, code, label, kind, pos in rows]
    )
    setattr(scheme, CACHE_ATTR, wording)
    return wording


def scale_labels(scheme: Scheme) -> SchemeScales:
    """The scheme's wording of the results and climate levels, in one query, kept on the scheme
    object for the rest of the request (a settings change drops it: ``forget_scales``)."""
    cached = getattr(scheme, CACHE_ATTR, None)
    if cached is None:
        cached = remember_scales(scheme, list(scale_rows(scheme.pk)))
    return cached


def wording_needed(scheme: Scheme, **levels: str) -> bool:
    """Whether checking these levels (``checked_levels``) would read the scheme's wording: a
    caller about to read the coded lists brings it in the same query then."""
    return not hasattr(scheme, CACHE_ATTR) and any(
        levels.get(scale, "") in fixed.values for scale, fixed in _FIXED
    )


def forget_scales(scheme: Scheme) -> None:
    if hasattr(scheme, CACHE_ATTR):
        delattr(scheme, CACHE_ATTR)


def checked_levels(scheme: Scheme, *, keep: dict[str, str] | None = None, **levels: str) -> None:
    """Refuse a result or climate level the scheme no longer offers (retired, or the climate
    switched off); ``keep``: the values an edited entry already has, which it may keep."""
    wording = None
    for scale, fixed in _FIXED:
        code = levels.get(scale, "")
        if not code or (keep and keep.get(scale) == code):
            continue
        if code not in fixed.values:
            continue  # full_clean names an unknown value
        wording = wording or scale_labels(scheme)
        if not wording.rated(scale):
            raise ValidationError({scale: _("This scheme does not rate the climate.")})
        if code not in {lv.code for lv in wording.offered(scale)}:
            raise ValidationError(
                {
                    scale: _("“%(label)s” is retired in this scheme: choose another.")
                    % {"label": wording.label(scale, code)}
                }
            )


__all__ = [
    "Scale",
    "ScaleLevel",
    "SchemeScales",
    "build_scales",
    "checked_levels",
    "forget_scales",
    "remember_scales",
    "scale_labels",
    "scale_rows",
    "wording_needed",
]
