"""The writes every coded list of a scheme shares: activities, call natures, report categories
(and later the field codes). An entry has a ``code`` unique in the scheme, a ``label``, a
``position`` and a ``retired_at``: it is added, renamed, moved and retired, never deleted, so
what was recorded with it keeps its meaning. Each change goes to the scheme's change log.

The owning apps expose these under their own names (``call_nature_add``…); this module holds
the one implementation. A model holding several lists per scheme (the field codes: material
situations, behavioural situations, actions) names the fields that tell them apart in
``scope``: labels and order are per list, codes stay unique in the whole scheme."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from voisinage.lib import clock
from voisinage.schemes.changes import setting_change_record

if TYPE_CHECKING:
    from datetime import datetime

    from django.db import models

    from voisinage.accounts.models import User
    from voisinage.schemes.models import Scheme


class Coded(Protocol):
    pk: Any
    scheme_id: int
    code: str
    label: str
    position: int
    retired_at: datetime | None

    def save(self, *args: Any, **kwargs: Any) -> None: ...


def _state(entry: Coded) -> str:
    return f"{entry.label}" + (f" ({_('retired')})" if entry.retired_at else "")


def coded_add[M: models.Model](
    *,
    model: type[M],
    scheme: Scheme,
    author: User | None,
    section: str,
    code: str,
    label: str,
    scope: tuple[str, ...] = (),
    **extra: Any,
) -> M:
    """Add an entry at the end of the list; the code defaults to the label's slug."""
    label = label.strip()
    code = (code.strip() or slugify(label))[:40]
    if not label:
        raise ValidationError({"label": _("Give a label.")})
    with transaction.atomic():
        siblings = model._default_manager.select_for_update().filter(scheme=scheme)
        if siblings.filter(code=code).exists():
            raise ValidationError(
                {"code": _("The code “%(code)s” is already used in this list.") % {"code": code}}
            )
        same_list = siblings.filter(**{name: extra[name] for name in scope})
        if same_list.filter(label__iexact=label, retired_at__isnull=True).exists():
            raise ValidationError(
                {"label": _("“%(label)s” is already in this list.") % {"label": label}}
            )
        position = max((e.position for e in same_list), default=0) + 1  # type: ignore[attr-defined]
        entry = model(scheme=scheme, code=code, label=label, position=position, **extra)
        entry.full_clean()
        entry.save()
        setting_change_record(
            scheme=scheme, author=author, section=section, subject=code, before="", after=label
        )
    return entry


def coded_rename[M: models.Model](
    *, entry: M, author: User | None, section: str, label: str, scope: tuple[str, ...] = ()
) -> M:
    label = label.strip()
    if not label:
        raise ValidationError({"label": _("Give a label.")})
    with transaction.atomic():
        locked: Any = type(entry)._default_manager.select_for_update().get(pk=entry.pk)
        before = locked.label
        if before == label:
            return locked
        clash = type(entry)._default_manager.filter(
            scheme_id=locked.scheme_id,
            label__iexact=label,
            retired_at__isnull=True,
            **{name: getattr(locked, name) for name in scope},
        )
        if clash.exclude(pk=locked.pk).exists():
            raise ValidationError(
                {"label": _("“%(label)s” is already in this list.") % {"label": label}}
            )
        locked.label = label
        locked.full_clean()
        locked.save(update_fields=["label"])
        setting_change_record(
            scheme=locked.scheme,
            author=author,
            section=section,
            subject=locked.code,
            before=before,
            after=label,
        )
    return locked


def coded_move[M: models.Model](
    *, entry: M, author: User | None, section: str, by: int, scope: tuple[str, ...] = ()
) -> M:
    """Move an entry up (``by=-1``) or down (``by=1``) the list: it swaps places with its
    neighbour; positions are renumbered 1, 2, 3… on the way."""
    if by not in (-1, 1):
        raise ValidationError(_("An entry moves one place up or down."))
    with transaction.atomic():
        manager: Any = type(entry)._default_manager
        locked: Any = manager.select_for_update().get(pk=entry.pk)
        entries = list(
            manager.select_for_update()
            .filter(scheme_id=locked.scheme_id, **{name: getattr(locked, name) for name in scope})
            .order_by("position", "code")
        )
        index = next(i for i, e in enumerate(entries) if e.pk == locked.pk)
        other = index + by
        if not 0 <= other < len(entries):
            return locked
        entries[index], entries[other] = entries[other], entries[index]
        for position, e in enumerate(entries, start=1):
            if e.position != position:
                e.position = position
                e.save(update_fields=["position"])
        setting_change_record(
            scheme=locked.scheme,
            author=author,
            section=section,
            subject=locked.code,
            before=str(index + 1),
            after=str(other + 1),
        )
    return manager.get(pk=entry.pk)


def coded_retire[M: models.Model](
    *, entry: M, author: User | None, section: str, retire: bool = True
) -> M:
    """Retire an entry (or, with ``retire=False``, bring it back): it stays in what was
    recorded and in the statistics, but is no longer offered."""
    with transaction.atomic():
        locked: Any = type(entry)._default_manager.select_for_update().get(pk=entry.pk)
        if (locked.retired_at is not None) == retire:
            return locked
        before = _state(locked)
        locked.retired_at = clock.now() if retire else None
        locked.save(update_fields=["retired_at"])
        setting_change_record(
            scheme=locked.scheme,
            author=author,
            section=section,
            subject=locked.code,
            before=before,
            after=_state(locked),
        )
    return locked
