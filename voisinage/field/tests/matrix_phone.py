"""Persona-matrix routes of the field app: the agent's phone app (see
voisinage/tests/test_persona_matrix.py)."""

from voisinage.field.tests.matrix_logbook import FIELD_STAFF
from voisinage.tests.test_persona_matrix import RIVEBOURG

ROUTES: list[tuple[str, tuple[str, ...], set[str]]] = [
    ("field:my_tonight", ("rivebourg",), FIELD_STAFF),
    ("field:outbox", ("rivebourg",), FIELD_STAFF),
    ("api:offline_entrances", ("rivebourg",), RIVEBOURG),
]
UNMATRIXED: dict[str, str] = {
    "service_worker": "public, no data (the worker's code): field/tests/test_phone_api.py",
    "manifest": "public, no data (the app's name and icon): field/tests/test_phone_api.py",
    "api:update_intervention": "PUT, object-specific: field/tests/test_phone_api.py",
    "api:call_on_site_api": "POST, object-specific: field/tests/test_phone_api.py",
}
