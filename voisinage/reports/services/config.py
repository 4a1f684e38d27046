"""Configuration writes: the scheme's report settings and default categories."""

from __future__ import annotations

from django.db import transaction

from voisinage.reports.categories import DEFAULTS
from voisinage.reports.models import ReportCategory, ReportSettings
from voisinage.schemes.models import Scheme


def report_settings_for(scheme: Scheme) -> ReportSettings:
    """The scheme's report settings, created with the defaults (and the default categories)
    on first use."""
    found = ReportSettings.objects.filter(scheme=scheme).first()
    if found is None:
        with transaction.atomic():
            found, created = ReportSettings.objects.get_or_create(scheme=scheme)
            if created:
                report_categories_ensure_defaults(scheme=scheme)
    return found


@transaction.atomic
def report_categories_ensure_defaults(*, scheme: Scheme) -> int:
    """Give the scheme the French default categories it lacks (idempotent)."""
    existing = set(ReportCategory.objects.filter(scheme=scheme).values_list("code", flat=True))
    new = [
        ReportCategory(scheme=scheme, group=group, code=code, label=label, position=position)
        for position, (group, code, label) in enumerate(DEFAULTS, start=1)
        if code not in existing
    ]
    ReportCategory.objects.bulk_create(new)
    return len(new)
