"""Access to the territory for a user: through ``Entrance.objects.visible_to`` only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from voisinage.territory.models import Entrance

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.schemes.models import Scheme


def entrance_by_code(
    user: AnyUser, scheme: Scheme, code: str, *, field: str = "entrance_code"
) -> Entrance | None:
    """The scheme's entrance with this code, among those the user may see; ``None`` for a blank
    code. Spaces around the code and its case do not matter (an exact match wins over another
    case). A code that is unknown and one outside the user's perimeter raise the same
    ``ValidationError`` on ``field``, in French."""
    code = code.strip()
    if not code:
        return None
    found = list(
        Entrance.objects.visible_to(user)
        .filter(scheme=scheme, code__iexact=code)
        .select_related("residence", "landlord", "neighbourhood")
        .order_by("pk")[:2]
    )
    exact = [entrance for entrance in found if entrance.code == code]
    if exact:
        return exact[0]
    if len(found) == 1:
        return found[0]
    raise ValidationError({field: _("No entrance has this code in the scheme.")})
