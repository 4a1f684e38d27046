from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from voisinage.core.settings_area import SettingsSection
from voisinage.schemes.services import MEMBERS
from voisinage.territory import services, settings_pages

if TYPE_CHECKING:
    from voisinage.schemes.models import Scheme


def settings_sections(scheme: Scheme) -> list[SettingsSection]:
    return [
        SettingsSection(
            15,
            MEMBERS,
            _("Members"),
            settings_pages.members,
            _("The organisations of the scheme and their roles."),
        ),
        SettingsSection(
            40,
            services.NEIGHBOURHOODS,
            _("Neighbourhoods"),
            settings_pages.neighbourhoods,
            _("Priority, fragile and other neighbourhoods."),
        ),
        SettingsSection(
            50,
            services.ENTRANCES,
            _("Residences and entrances"),
            settings_pages.entrances,
            _("Create, edit, move and retire; the housing-stock import stays."),
        ),
    ]
