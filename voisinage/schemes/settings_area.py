from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from voisinage.core.settings_area import SettingsSection
from voisinage.schemes import services
from voisinage.schemes.settings import fields, people, sections, sites

if TYPE_CHECKING:
    from voisinage.schemes.models import Scheme


def settings_sections(scheme: Scheme) -> list[SettingsSection]:
    return [
        SettingsSection(
            10,
            services.SHEET,
            _("Scheme sheet"),
            sections.sheet,
            _("Name, period, time zone, description, public phone line."),
        ),
        SettingsSection(
            20,
            services.HOURS,
            _("Service hours"),
            sections.hours,
            _("Seasons, weekdays, start and end, public holidays."),
        ),
        SettingsSection(
            30,
            services.ACTIVITIES,
            _("Activities"),
            sections.activities,
            _("The activity referential: presets, add, rename, reorder, retire."),
        ),
        SettingsSection(
            32,
            services.FIELDS,
            _("Mediation fields"),
            fields.fields,
            _(
                "The domains the scheme serves (tranquillity, education, access to rights…) "
                "and the one each activity serves."
            ),
        ),
        SettingsSection(
            35,
            services.CONTRACT,
            _("Operator contract"),
            sections.contract,
            _("The contract with the operator: start, term, renewals, annual amount in euros."),
        ),
        SettingsSection(
            37,
            services.SITES,
            _("Operators and sites"),
            sites.operator_sites,
            _("Which operator holds which site, from a date to a date."),
        ),
        SettingsSection(
            90,
            services.PEOPLE,
            _("People"),
            people.people,
            _("Who has access, invitations by e-mail, the end of a membership."),
        ),
    ]
