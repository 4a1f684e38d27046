"""Persona-matrix routes of the digests app (see voisinage/tests/test_persona_matrix.py).

Routes about one night's digest need a digest, which the shared ``cast`` does not hold: they are
walked as every persona in ``test_access.py``, as are the POST-only routes.
"""

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
MANAGERS = {"operator_manager", "admin"}

ROUTES: list[tuple[str, tuple[str, ...], set[str]]] = [
    ("digests:list", ("rivebourg",), RIVEBOURG),
    ("digests:settings", ("rivebourg",), MANAGERS),
    ("digests:ambiance", ("rivebourg",), RIVEBOURG),
    ("digests:ambiance?periode=month&date=2025-06-14", ("rivebourg",), RIVEBOURG),
    ("digests:ambiance_pdf", ("rivebourg",), RIVEBOURG),
    ("api:list_digests", ("rivebourg",), RIVEBOURG),
    ("api:get_ambiance", ("rivebourg",), RIVEBOURG),
    ("api:get_digest_settings", ("rivebourg",), MANAGERS),
]

OBJECT_ROUTES = "needs a digest: digests/tests/test_access.py walks it as every persona"
POST_ROUTES = "POST only: digests/tests/test_access.py posts it as every persona"
UNMATRIXED: dict[str, str] = {
    "digests:detail": OBJECT_ROUTES,
    "digests:pdf": OBJECT_ROUTES,
    "api:get_digest": OBJECT_ROUTES,
    "api:get_digest_pdf": OBJECT_ROUTES,
    "digests:prepare": POST_ROUTES,
    "digests:validate": POST_ROUTES,
    "digests:send": POST_ROUTES,
    "digests:ambiance_override": POST_ROUTES,
    "api:put_digest_settings": "PUT, the scheme's managers: test_deadlines.py",
    "api:put_operator_deadline": "PUT, whole-scheme managers only: test_deadlines.py",
}
