"""The settings area's writes of the two fixed scales (results, climate levels): a scheme words
each level, orders them, retires those it does not use and brings them back, and may switch the
climate scale off. No level is added nor deleted: the indicators give each code its meaning
(ADR 0054). Every change goes to the scheme's change log."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from voisinage.field.logbook.models import SCALE_LEVELS, Scale, ScaleLabel
from voisinage.field.logbook.scales import forget_scales, scale_labels
from voisinage.lib import clock
from voisinage.schemes.changes import setting_change_record

if TYPE_CHECKING:
    from voisinage.accounts.models import User
    from voisinage.schemes.models import Scheme

# The settings area's section of each scale (its URL segment and its change-log section).
SECTIONS: dict[str, str] = {Scale.RESULT: "resultats", Scale.CLIMATE: "niveaux-climat"}


def _checked(scale: str, code: str) -> None:
    if scale not in SCALE_LEVELS:
        raise ValidationError({"scale": _("Unknown scale.")})
    if code not in SCALE_LEVELS[scale].values:
        raise ValidationError(
            {"code": _("“%(code)s” is not a level of this scale.") % {"code": code}}
        )


def _rows(scheme: Scheme, scale: str) -> dict[str, ScaleLabel]:
    """The scale's rows, locked, one per level in the scheme's current order (made on the
    first change: until then the scheme has the default wording)."""
    forget_scales(scheme)
    current = scale_labels(scheme).levels[scale]
    rows = {
        r.code: r for r in ScaleLabel.objects.select_for_update().filter(scheme=scheme, scale=scale)
    }
    for position, level in enumerate(current, start=1):
        row = rows.get(level.code)
        if row is None:
            rows[level.code] = ScaleLabel.objects.create(
                scheme=scheme, scale=scale, code=level.code, position=position
            )
        elif row.position != position:
            row.position = position
            row.save(update_fields=["position"])
    return rows


def _record(
    scheme: Scheme, author: User | None, scale: str, subject: str, before: str, after: str
) -> None:
    setting_change_record(
        scheme=scheme,
        author=author,
        section=SECTIONS[scale],
        subject=subject,
        before=before,
        after=after,
    )
    forget_scales(scheme)


@transaction.atomic
def scale_level_rename(
    *, scheme: Scheme, author: User | None, scale: str, code: str, label: str
) -> None:
    """Word a level the scheme's way; its label must be new in the scale."""
    _checked(scale, code)
    label = label.strip()
    if not label:
        raise ValidationError({"label": _("Give a label.")})
    if len(label) > 120:
        raise ValidationError({"label": _("A label has at most 120 characters.")})
    rows = _rows(scheme, scale)
    current = scale_labels(scheme).labels(scale)
    before = current[code]
    if before == label:
        return
    if any(other.lower() == label.lower() for c, other in current.items() if c != code):
        raise ValidationError(
            {"label": _("“%(label)s” is already in this list.") % {"label": label}}
        )
    row = rows[code]
    default = str(dict(SCALE_LEVELS[scale].choices)[code])
    row.label = "" if label == default else label
    row.save(update_fields=["label"])
    _record(scheme, author, scale, code, before, label)


@transaction.atomic
def scale_level_move(
    *, scheme: Scheme, author: User | None, scale: str, code: str, by: int
) -> None:
    """Move a level one place up (``by=-1``) or down (``by=1``) the scale's lists."""
    _checked(scale, code)
    if by not in (-1, 1):
        raise ValidationError(_("An entry moves one place up or down."))
    rows = _rows(scheme, scale)
    order = sorted(rows.values(), key=lambda r: r.position)
    order = [r for r in order if r.code]
    index = next(i for i, r in enumerate(order) if r.code == code)
    other = index + by
    if not 0 <= other < len(order):
        return
    order[index], order[other] = order[other], order[index]
    for position, row in enumerate(order, start=1):
        if row.position != position:
            row.position = position
            row.save(update_fields=["position"])
    _record(scheme, author, scale, code, str(index + 1), str(other + 1))


@transaction.atomic
def scale_level_retire(
    *, scheme: Scheme, author: User | None, scale: str, code: str, retire: bool = True
) -> None:
    """Retire a level (no longer offered; what was recorded keeps it and its label) or, with
    ``retire=False``, bring it back. The last level in use is not retired."""
    _checked(scale, code)
    rows = _rows(scheme, scale)
    row = rows[code]
    if (row.retired_at is not None) == retire:
        return
    if retire and not any(r.retired_at is None for c, r in rows.items() if c and c != code):
        raise ValidationError(
            _(
                "A scale keeps at least one level in use: bring another back before "
                "retiring this one."
            )
        )
    label = scale_labels(scheme).label(scale, code)
    row.retired_at = clock.now() if retire else None
    row.save(update_fields=["retired_at"])
    retired = f"{label} ({_('retired')})"
    _record(scheme, author, scale, code, label if retire else retired, retired if retire else label)


@transaction.atomic
def scale_switch(*, scheme: Scheme, author: User | None, scale: str, rated: bool) -> None:
    """Switch a scale on or off for the scheme; only the climate may be off (a scheme that
    does not rate the climate is not asked for it). What was recorded keeps its level."""
    if scale != Scale.CLIMATE:
        raise ValidationError(_("Only the climate scale may be switched off."))
    row, _created = ScaleLabel.objects.select_for_update().get_or_create(
        scheme=scheme, scale=scale, code=""
    )
    if (row.retired_at is None) == rated:
        return
    row.retired_at = None if rated else clock.now()
    row.save(update_fields=["retired_at"])
    on, off = _("rated"), _("not rated")
    _record(
        scheme, author, scale, str(Scale(scale).label), off if rated else on, on if rated else off
    )
