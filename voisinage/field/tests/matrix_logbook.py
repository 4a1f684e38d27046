"""Persona-matrix routes of the field app: logbook (see voisinage/tests/test_persona_matrix.py)."""

from voisinage.tests.test_persona_matrix import RIVEBOURG

FIELD_STAFF = {"supervisor", "agent", "operator_manager", "centre_supervisor", "admin"}

ROUTES: list[tuple[str, tuple[str, ...], set[str]]] = [
    ("field:logbook", ("rivebourg",), RIVEBOURG),
    ("field:record", ("rivebourg",), FIELD_STAFF),
    ("api:list_interventions", ("rivebourg",), RIVEBOURG),
    ("api:get_field_codes", ("rivebourg",), RIVEBOURG),
]
UNMATRIXED: dict[str, str] = {
    "field:intervention": "object-specific: field/tests/test_logbook_pages.py",
    "field:edit": "object-specific: field/tests/test_logbook_pages.py",
    "field:validate": "POST, supervisors: field/tests/test_logbook_pages.py",
    "field:reopen": "POST, supervisors: field/tests/test_logbook_pages.py",
    "field:validate_night": "POST, supervisors: field/tests/test_logbook_pages.py",
    "api:create_intervention": "POST: field/tests/test_logbook_api.py (partners get 404)",
    "api:get_intervention": "object-specific: field/tests/test_logbook_api.py",
}
