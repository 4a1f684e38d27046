"""Every write on schemes goes through here (keyword-only, typed, one transaction), one module
per part of the settings area; the public names are re-exported so ``schemes.services.X`` works."""

from voisinage.schemes.services.activities import (
    activity_add,
    activity_create,
    activity_move,
    activity_preset_apply,
    activity_referential_apply_preset,
    activity_rename,
    activity_restore,
    activity_retire,
    activity_retire_by,
)
from voisinage.schemes.services.fields import (
    activity_field_set,
    mediation_field_add,
    mediation_fields_ensure,
    scheme_fields_set,
)
from voisinage.schemes.services.hours import (
    hours_rules_overlap,
    service_hours_rule_add,
    service_hours_rule_remove,
)
from voisinage.schemes.services.keys import (
    ACTIVITIES,
    CONTRACT,
    FIELDS,
    HOURS,
    MEMBERS,
    PEOPLE,
    SHEET,
    SITES,
)
from voisinage.schemes.services.members import (
    operator_contract_add,
    scheme_member_add,
    scheme_member_end,
)
from voisinage.schemes.services.people import (
    person_access_change,
    person_invite,
    person_membership_end,
    shared_address_add,
)
from voisinage.schemes.services.sheet import (
    SHEET_FIELDS,
    scheme_capabilities_set,
    scheme_defaults_ensure,
    scheme_sheet_update,
)
from voisinage.schemes.services.sites import operator_site_add, operator_site_end
from voisinage.schemes.services.wizard import RESERVED_SLUGS, scheme_create

__all__ = [
    "ACTIVITIES",
    "CONTRACT",
    "FIELDS",
    "HOURS",
    "MEMBERS",
    "PEOPLE",
    "RESERVED_SLUGS",
    "SHEET",
    "SHEET_FIELDS",
    "SITES",
    "activity_add",
    "activity_create",
    "activity_field_set",
    "activity_move",
    "activity_preset_apply",
    "activity_referential_apply_preset",
    "activity_rename",
    "activity_restore",
    "activity_retire",
    "activity_retire_by",
    "hours_rules_overlap",
    "mediation_field_add",
    "mediation_fields_ensure",
    "operator_contract_add",
    "operator_site_add",
    "operator_site_end",
    "person_access_change",
    "person_invite",
    "person_membership_end",
    "scheme_capabilities_set",
    "scheme_create",
    "scheme_defaults_ensure",
    "scheme_fields_set",
    "scheme_member_add",
    "scheme_member_end",
    "scheme_sheet_update",
    "service_hours_rule_add",
    "service_hours_rule_remove",
    "shared_address_add",
]
