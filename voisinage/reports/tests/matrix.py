"""Persona-matrix routes of reports (see voisinage/tests/test_persona_matrix.py). Routes about
one report are walked as every persona in test_access.py."""

# Spelt out rather than imported from the matrix module, which imports this one while it loads.
RIVEBOURG = {
    "supervisor",
    "agent",
    "operator_manager",
    "north_referent",
    "south_referent",
    "city_officer",
    "pres_viewer",
    "north_pres_referent",
    "centre_supervisor",
    "admin",
}
FIELD_STAFF = {"supervisor", "agent", "operator_manager", "centre_supervisor", "admin"}
SUPERVISORS = {"supervisor", "operator_manager", "centre_supervisor", "admin"}

ROUTES: list[tuple[str, tuple[str, ...], set[str]]] = [
    ("reports:list", ("rivebourg",), RIVEBOURG),
    ("reports:create", ("rivebourg",), FIELD_STAFF),
    ("reports:map", ("rivebourg",), RIVEBOURG),
    ("reports:partners", ("rivebourg",), RIVEBOURG),
    ("reports:rules", ("rivebourg",), SUPERVISORS),
    ("api:list_reports", ("rivebourg",), RIVEBOURG),
    ("api:reports_geojson", ("rivebourg",), RIVEBOURG),
    ("api:list_report_categories", ("rivebourg",), RIVEBOURG),
]
OBJECT_ROUTES = "needs a report: reports/tests/test_access.py walks it as every persona"
POST_ROUTES = "POST only: reports/tests/test_access.py posts it as every persona"
UNMATRIXED: dict[str, str] = {
    "reports:detail": OBJECT_ROUTES,
    "reports:photo": OBJECT_ROUTES,
    "api:get_report": OBJECT_ROUTES,
    "reports:answer": POST_ROUTES,
    "reports:reroute": POST_ROUTES,
    "reports:close": POST_ROUTES,
    "reports:split": POST_ROUTES,
    "reports:rule_delete": "POST, managers: reports/tests/test_pages.py",
    "api:create_report": "POST: reports/tests/test_api.py (partners get 404)",
    "api:answer_report": "POST: reports/tests/test_api.py (only the recipient answers)",
    "reports:link": (
        "no login, the signed token is the credential: reports/tests/test_answers.py "
        "(forged, expired, reused → 410 and nothing changes)"
    ),
}
