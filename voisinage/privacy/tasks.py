"""Background work of the privacy app: a task takes ids and calls a service."""

from __future__ import annotations

from datetime import datetime

from django.tasks import task

from voisinage.privacy.services import personal_data_anonymise
from voisinage.schemes.models import Scheme


@task
def anonymise_personal_data(scheme_id: int, now: str) -> int:
    """Anonymise the scheme's data past its periods as of ``now`` (ISO); records changed."""
    scheme = Scheme.objects.get(pk=scheme_id)
    return personal_data_anonymise(scheme=scheme, now=datetime.fromisoformat(now)).total
