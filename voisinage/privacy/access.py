"""Who handles data-protection requests: the grants that read the access log
(``reads_access_log``: the operator's manager, the scheme's data-protection contact) and
platform administrators; 404 for anyone else."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from voisinage.accounts.access import has_capability, is_platform_admin

if TYPE_CHECKING:
    from voisinage.accounts.access import AnyUser
    from voisinage.schemes.models import Scheme


def access_data_protection(user: AnyUser, scheme: Scheme) -> None:
    if not (is_platform_admin(user) or has_capability(user, scheme.pk, "reads_access_log")):
        raise Http404
