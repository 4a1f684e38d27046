"""The digest's panel of a landlord's home: last night's digest, cut to the reader's
perimeter (``reading_for``, the one access mechanism)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from voisinage.core.home import HomePanel
from voisinage.digests.compile import reading_for
from voisinage.digests.presentation import is_notable
from voisinage.digests.selectors import scheme_digests, version_for

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.schemes.models import Scheme


def home_panels(user: AnyUser, scheme: Scheme) -> list[HomePanel]:
    digest = scheme_digests(user, scheme).filter(first_sent_at__isnull=False).first()
    context: dict[str, object] = {"digest": digest}
    if digest is not None:
        reading = reading_for(version_for(user, digest).content, user, scheme.pk)
        context |= {
            "interventions": len(reading.interventions),
            "notable": sum(1 for line in reading.interventions if is_notable(line)),
            "situations": reading.stats["situation"][:3],
        }
    return [HomePanel(30, "digests/_home_panel.html", context)]
