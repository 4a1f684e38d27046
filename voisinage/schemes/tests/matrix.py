"""Persona-matrix routes of the settings area (see voisinage/tests/test_persona_matrix.py): its
managers only; everyone else, the scheme's partners and staff included, gets 404."""

MANAGERS = {"operator_manager", "admin"}
# The sections of a scheme that uses every capability (the cast's Rivebourg).
SECTIONS = (
    "fiche",
    "horaires",
    "activites",
    "domaines",
    "quartiers",
    "entrees",
    "appels",
    "categories",
    "personnes",
)
# Operators and sites: managers of the whole scheme only (Relais Centre's manager, bounded to
# its site, is walked in test_operator_sites).
WHOLE_SCHEME_SECTIONS = ("sites",)

ROUTES: list[tuple[str, tuple[str, ...], set[str]]] = [
    ("schemes:settings", ("rivebourg",), MANAGERS),
    *(("schemes:settings_section", ("rivebourg", key), MANAGERS) for key in SECTIONS),
    *(("schemes:settings_section", ("rivebourg", key), MANAGERS) for key in WHOLE_SCHEME_SECTIONS),
    ("schemes:settings_section", ("rivebourg", "inconnue"), set()),
    ("api:list_operator_sites", ("rivebourg",), MANAGERS),
    ("api:list_setting_changes", ("rivebourg",), MANAGERS),
    ("api:get_scheme_fields", ("rivebourg",), MANAGERS),
    # The operator's managers (and platform administrators) create schemes.
    ("schemes:wizard", (), MANAGERS),
]
UNMATRIXED: dict[str, str] = {
    "accounts:invitation_accept": "public, needs a signed single-use token: test_people",
    # The settings area's API writes: every persona walked in schemes/tests/test_settings_api.py.
    "api:end_member": "POST, managers only: test_settings_api",
    "api:change_access": "POST, managers only: test_settings_api",
    "api:add_shared_address": "POST, managers only: test_settings_api",
    "api:retire_neighbourhood": "POST, managers only: test_settings_api",
    "api:retire_residence": "POST, managers only: test_settings_api",
    "api:add_operator_site": "POST, whole-scheme managers only: test_operator_sites",
    "api:end_operator_site": "POST, whole-scheme managers only: test_operator_sites",
    "api:set_scheme_fields": "PUT, managers only, every persona walked: test_fields",
    # The sections' API writes, every persona walked (settings_walk) in each app's
    # tests/test_settings_write_api.py.
    **dict.fromkeys(
        (
            "api:update_sheet",
            "api:add_hours_rule",
            "api:remove_hours_rule",
            "api:apply_activity_preset",
            "api:add_operator_contract",
            "api:create_invitation",
            *(
                f"api:{verb}_{name}"
                for verb in ("add", "rename", "move", "retire")
                for name in ("activity", "call_nature", "report_category")
            ),
            "api:set_instruction_cutoff",
            "api:create_neighbourhood",
            "api:update_neighbourhood",
            "api:create_residence",
            "api:create_entrance",
            "api:update_entrance",
            "api:add_member",
        ),
        "POST/PATCH/PUT/DELETE, managers only: <app>/tests/test_settings_write_api.py",
    ),
}
