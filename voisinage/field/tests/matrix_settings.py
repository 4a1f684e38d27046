"""Persona-matrix routes of the field app's settings sections and their API (see
voisinage/tests/test_persona_matrix.py): the scheme's managers only."""

from voisinage.tests.test_persona_matrix import MANAGERS

FIELD_SECTIONS = (
    "effectifs",
    "situations-materielles",
    "situations-comportements",
    "actions",
    "resultats",
    "niveaux-climat",
)

ROUTES: list[tuple[str, tuple[str, ...], set[str]]] = [
    *(("schemes:settings_section", ("rivebourg", key), MANAGERS) for key in FIELD_SECTIONS),
    ("api:list_setting_field_codes", ("rivebourg",), MANAGERS),
    ("api:list_setting_staffing_rules", ("rivebourg",), MANAGERS),
    ("api:list_setting_scales", ("rivebourg",), MANAGERS),
]
UNMATRIXED: dict[str, str] = {
    "api:add_setting_field_code": "POST, managers: field/tests/test_code_settings.py",
    "api:change_setting_field_code": "PATCH, managers: field/tests/test_code_settings.py",
    "api:switch_setting_scale": "PATCH, managers: field/tests/test_scale_settings.py",
    "api:change_setting_scale_level": "PATCH, managers: field/tests/test_scale_settings.py",
    "api:add_setting_staffing_rule": "POST, managers: field/tests/test_staffing_settings.py",
    "api:change_setting_staffing_rule": "PATCH, managers: field/tests/test_staffing_settings.py",
    "api:remove_setting_staffing_rule": "DELETE, managers: field/tests/test_staffing_settings.py",
}
