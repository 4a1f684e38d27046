"""Persona-matrix routes of the desk (see voisinage/tests/test_persona_matrix.py). Routes naming
one call or instruction, the POST actions and the public survey link are walked in
desk/tests/test_personal_data.py and test_access.py."""

from voisinage.tests.test_persona_matrix import RIVEBOURG

OPERATOR_STAFF = {"supervisor", "agent", "operator_manager", "centre_supervisor", "admin"}
SUPERVISORS = {"supervisor", "operator_manager", "centre_supervisor", "admin"}
MANAGERS = {"operator_manager", "admin"}
INSTRUCTION_SENDERS = {
    "north_referent",
    "south_referent",
    "north_pres_referent",
    "centre_supervisor",
    "supervisor",
    "operator_manager",
    "admin",
}

ROUTES: list[tuple[str, tuple[str, ...], set[str]]] = [
    ("desk:board", ("rivebourg",), OPERATOR_STAFF),
    ("desk:board_live", ("rivebourg",), OPERATOR_STAFF),
    ("desk:calls", ("rivebourg",), RIVEBOURG),
    ("desk:call_new", ("rivebourg",), SUPERVISORS),
    ("desk:instructions", ("rivebourg",), RIVEBOURG),
    ("desk:instruction_new", ("rivebourg",), INSTRUCTION_SENDERS),
    ("desk:incidents", ("rivebourg",), RIVEBOURG),
    ("desk:incident_new", ("rivebourg",), SUPERVISORS),
    ("desk:complaint_new", ("rivebourg",), SUPERVISORS),
    ("desk:times", ("rivebourg",), RIVEBOURG),
    ("desk:audit", ("rivebourg",), MANAGERS),
    ("desk:inbound", ("rivebourg",), SUPERVISORS),
    ("api:list_calls", ("rivebourg",), RIVEBOURG),
    ("api:list_instructions", ("rivebourg",), RIVEBOURG),
    ("api:get_response_times?start=2026-01-01&end=2026-01-31", ("rivebourg",), RIVEBOURG),
]
UNMATRIXED: dict[str, str] = {
    "desk:call": "object-specific, personal data: desk/tests/test_personal_data.py",
    "desk:call_action": "POST, supervisors and agents: desk/tests/test_access.py",
    "desk:instruction": "object-specific, personal data: desk/tests/test_personal_data.py",
    "desk:instruction_action": "POST, supervisors: desk/tests/test_access.py",
    "desk:survey": "public, needs a signed token: desk/tests/test_calls.py",
    "desk:inbound_email": "names one e-mail: desk/tests/test_inbound.py",
    "desk:inbound_original": "names one e-mail: desk/tests/test_inbound.py",
    "desk:inbound_attachment": "names one e-mail: desk/tests/test_inbound.py",
    "desk:inbound_dismiss": "POST, supervisors: desk/tests/test_inbound.py",
    "api:get_call": "object-specific, personal data: desk/tests/test_personal_data.py",
    "api:create_call": "POST, supervisors: desk/tests/test_api.py",
    "api:get_instruction": "object-specific, personal data: desk/tests/test_personal_data.py",
    "api:create_instruction": "POST, landlords and supervisors: desk/tests/test_api.py",
}
