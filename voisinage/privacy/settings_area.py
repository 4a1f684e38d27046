"""The privacy app's section of the settings area: retention of personal data (always shown:
every scheme holds some)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from voisinage.core.settings_area import SettingsSection
from voisinage.privacy import settings_pages
from voisinage.privacy.services import RETENTION

if TYPE_CHECKING:
    from voisinage.schemes.models import Scheme


def settings_sections(scheme: Scheme) -> list[SettingsSection]:
    return [
        SettingsSection(
            95,
            RETENTION,
            _("Personal data"),
            settings_pages.retention,
            _("How long callers', tenants' data, narratives, photos and logs are kept."),
        )
    ]
