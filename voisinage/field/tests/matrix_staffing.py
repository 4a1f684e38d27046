"""Persona-matrix routes of the field app: staffing (see voisinage/tests/test_persona_matrix.py).

The staffing levels (aggregates) are seen by every member of the scheme; the rota (names),
the night page and the hours by the operator's staff and administrators; planning by those
who supervise."""

from voisinage.tests.test_persona_matrix import RIVEBOURG

ROTA = {"supervisor", "agent", "operator_manager", "centre_supervisor", "admin"}
PLANNERS = {"supervisor", "operator_manager", "centre_supervisor", "admin"}

ROUTES: list[tuple[str, tuple[str, ...], set[str]]] = [
    ("field:staffing", ("rivebourg",), RIVEBOURG),
    ("field:duty_plan", ("rivebourg",), PLANNERS),
    ("field:duty_night", ("rivebourg", "2025-01-07"), ROTA),
    ("field:duty_hours", ("rivebourg",), ROTA),
    ("api:list_duty", ("rivebourg",), ROTA),
    ("api:get_staffing", ("rivebourg",), RIVEBOURG),
    ("api:get_duty_hours", ("rivebourg",), ROTA),
]
UNMATRIXED: dict[str, str] = {}
