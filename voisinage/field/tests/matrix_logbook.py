"""Persona-matrix routes of the field app: logbook (see voisinage/tests/test_persona_matrix.py)."""

ROUTES: list[tuple[str, tuple[str, ...], set[str]]] = []
UNMATRIXED: dict[str, str] = {}
