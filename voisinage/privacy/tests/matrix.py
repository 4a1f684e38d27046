"""Persona-matrix routes of the privacy app (see voisinage/tests/test_persona_matrix.py): the
retention section of the settings area and its API are the scheme's managers' only."""

MANAGERS = {"operator_manager", "admin"}

ROUTES: list[tuple[str, tuple[str, ...], set[str]]] = [
    ("schemes:settings_section", ("rivebourg", "donnees-personnelles"), MANAGERS),
    ("api:retention_rules", ("rivebourg",), MANAGERS),
    # Who reads the access log (reads_access_log) handles people's requests.
    ("privacy:subject", ("rivebourg",), MANAGERS),
    ("privacy:requests", ("rivebourg",), MANAGERS),
    ("privacy:register", ("rivebourg",), MANAGERS),
]
UNMATRIXED: dict[str, str] = {
    "privacy:subject_export": "a person's data, by search: privacy/tests/test_subjects.py",
    "api:set_retention_rules": "PUT, managers only: privacy/tests/test_settings.py",
    "privacy:subject_act": "POST, erasure or rectification: privacy/tests/test_rights.py",
    "privacy:request_answer": "POST, answer to a request: privacy/tests/test_rights.py",
}
