"""Photos of reports past their retention period (docs/personal-data.md): the files and their
rows are deleted; the report, its occurrences and their counts stay. A photo shown is written in
the log of access to personal data."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils.translation import gettext as _

from voisinage.core.personal_data import access_logged
from voisinage.reports.models import ReportPhoto

if TYPE_CHECKING:
    from datetime import datetime

    from voisinage.accounts.models import User
    from voisinage.schemes.models import Scheme


def report_photos_delete(*, scheme: Scheme, before: datetime) -> int:
    """Delete the photos of the scheme's reports closed before ``before`` (files after the
    rows' deletion is committed, so a failed transaction never leaves a row without its file)."""
    with transaction.atomic():
        photos = list(
            ReportPhoto.objects.filter(
                occurrence__report__scheme=scheme, occurrence__report__closed_at__lt=before
            )
        )
        names = [str(p.image.name) for p in photos if p.image]
        ReportPhoto.objects.filter(pk__in=[p.pk for p in photos]).delete()
        if photos:
            storage = photos[0].image.storage

            def delete_files() -> None:
                for name in names:
                    storage.delete(name)

            transaction.on_commit(delete_files)
    return len(photos)


def report_photo_shown(*, user: User, scheme: Scheme, photo: ReportPhoto, where: str) -> int:
    """Write in the log of access to personal data that ``user`` was shown this photo (a face,
    a number plate, a name on a letterbox may be in it)."""
    record = _("photo #%(n)s") % {"n": photo.pk}
    return access_logged(scheme=scheme, user=user, where=where, shown=[(record, "")])
