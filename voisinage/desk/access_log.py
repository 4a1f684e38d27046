"""The desk keeps the one log of access to personal data (``desk.PersonalDataView``, ADR 0018);
other apps write in it through the ``access_log`` extension point
(``core.personal_data.access_logged``): a report's photo, a courtesy visit's tenant."""

from __future__ import annotations

from typing import Any

from voisinage.desk.services import personal_data_records_log


def log_access(*, scheme: Any, user: Any, where: str, shown: list[tuple[str, str]]) -> int:
    return personal_data_records_log(user=user, scheme=scheme, where=where, shown=shown)
