"""The governance app's sections of the settings area (governance is not an optional part:
always shown)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from voisinage.core.settings_area import SettingsSection
from voisinage.governance import settings_pages
from voisinage.governance.services import settings as writes

if TYPE_CHECKING:
    from voisinage.schemes.models import Scheme


def settings_sections(scheme: Scheme) -> list[SettingsSection]:
    return [
        SettingsSection(
            80,
            writes.BODIES,
            _("Governance bodies"),
            settings_pages.bodies,
            _("Steering and technical committees…: kind, expected frequency, months."),
        ),
        SettingsSection(
            85,
            writes.QUOTAS,
            _("Attendance quotas"),
            settings_pages.quotas,
            _("The meetings the operator must attend each year."),
        ),
    ]
