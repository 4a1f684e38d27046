"""The default roles, loaded by a data migration. Roles are data: edit them in the admin."""

DEFAULT_ROLES: list[dict[str, object]] = [
    {
        "code": "agent",
        "label": "Agent de terrain",
        "side": "operator",
        "can_record": True,
        "sees_sensitive": True,
        "sees_personal_data": True,
    },
    {
        "code": "supervisor",
        "label": "Encadrant",
        "side": "operator",
        "can_record": True,
        "can_supervise": True,
        "sees_sensitive": True,
        "sees_personal_data": True,
    },
    {
        "code": "operator_manager",
        "label": "Responsable de l'opérateur",
        "side": "operator",
        "can_record": True,
        "can_supervise": True,
        "can_manage": True,
        "sees_sensitive": True,
        "sees_personal_data": True,
        "reads_access_log": True,
    },
    {
        "code": "partner_referent",
        "label": "Référent partenaire",
        "side": "partner",
        "can_act_as_partner": True,
    },
    {"code": "partner_viewer", "label": "Lecteur partenaire", "side": "partner"},
    {
        "code": "data_protection_contact",
        "label": "Référent protection des données",
        "side": "admin",
        "reads_access_log": True,
    },
    {
        "code": "administrator",
        "label": "Administrateur du dispositif",
        "side": "admin",
        "can_manage": True,
        "sees_sensitive": True,
    },
]
