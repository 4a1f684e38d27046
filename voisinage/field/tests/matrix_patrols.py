"""Persona-matrix routes of the field app: patrols (see voisinage/tests/test_persona_matrix.py).

Routes that need a plan (one month's plan, its entries) cannot be walked with the bare cast:
test_patrol_matrix.py walks them for every persona with a plan in place."""

from voisinage.tests.test_persona_matrix import RIVEBOURG

SUPERVISORS = {"supervisor", "operator_manager", "centre_supervisor", "admin"}

ROUTES: list[tuple[str, tuple[str, ...], set[str]]] = [
    ("field:patrols", ("rivebourg",), RIVEBOURG),
    ("field:patrol_tonight", ("rivebourg",), RIVEBOURG),
    # A plan spans neighbourhoods: its creation needs a supervisor of the whole scheme.
    ("field:patrol_plan_new", ("rivebourg",), SUPERVISORS - {"centre_supervisor"}),
    ("field:coverage", ("rivebourg",), RIVEBOURG),
    ("field:coverage?semaine=2026-W10&semaines=2", ("rivebourg",), RIVEBOURG),
    ("api:patrol_plans", ("rivebourg",), RIVEBOURG),
    ("api:patrol_coverage", ("rivebourg",), RIVEBOURG),
    ("api:patrol_coverage?week=2026-W10&weeks=2", ("rivebourg",), RIVEBOURG),
    ("api:patrol_coverage_geojson", ("rivebourg",), RIVEBOURG),
]
UNMATRIXED: dict[str, str] = {
    "field:patrol_plan": "needs a plan: test_patrol_matrix.py walks it for every persona",
    "field:patrol_plan_edit": "POST, needs a plan: test_patrol_matrix.py and test_patrol_pages.py",
    "field:patrol_passage": "POST, needs a plan: test_patrol_matrix.py and test_patrol_passage.py",
    "api:patrol_plan": "needs a plan: test_patrol_matrix.py walks it for every persona",
    "api:patrol_passage": "POST, needs a plan: test_patrol_matrix.py and test_patrol_passage.py",
}
