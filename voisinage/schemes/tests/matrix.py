"""Persona-matrix routes of the settings area (see voisinage/tests/test_persona_matrix.py): its
managers only; everyone else, the scheme's partners and staff included, gets 404."""

MANAGERS = {"operator_manager", "admin"}
# The sections of a scheme that uses every capability (the cast's Rivebourg).
SECTIONS = (
    "fiche",
    "horaires",
    "activites",
    "quartiers",
    "entrees",
    "appels",
    "categories",
    "personnes",
)

ROUTES: list[tuple[str, tuple[str, ...], set[str]]] = [
    ("schemes:settings", ("rivebourg",), MANAGERS),
    *(("schemes:settings_section", ("rivebourg", key), MANAGERS) for key in SECTIONS),
    ("schemes:settings_section", ("rivebourg", "inconnue"), set()),
    ("api:list_setting_changes", ("rivebourg",), MANAGERS),
    # The operator's managers (and platform administrators) create schemes.
    ("schemes:wizard", (), MANAGERS),
]
UNMATRIXED: dict[str, str] = {
    "accounts:invitation_accept": "public, needs a signed single-use token: test_people",
}
