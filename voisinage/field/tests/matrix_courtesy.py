"""Persona-matrix routes of the field app: courtesy visits (see
voisinage/tests/test_persona_matrix.py).

The list answers every member of the scheme (a neighbourhood perimeter sees an empty list);
routes naming a campaign are walked persona by persona in test_courtesy_access.py, over
campaigns of both landlords."""

from voisinage.tests.test_persona_matrix import RIVEBOURG

# Those who may create a campaign: the landlords' referents (and platform administrators).
LANDLORD_REFERENTS = {"north_referent", "south_referent", "admin"}

ROUTES: list[tuple[str, tuple[str, ...], set[str]]] = [
    ("field:courtesy_campaigns", ("rivebourg",), RIVEBOURG),
    ("field:courtesy_campaign_new", ("rivebourg",), LANDLORD_REFERENTS),
    ("api:list_courtesy_campaigns", ("rivebourg",), RIVEBOURG),
]
UNMATRIXED: dict[str, str] = {
    "field:courtesy_campaign": "object-specific: field/tests/test_courtesy_access.py",
    "field:courtesy_dwellings": "object-specific: field/tests/test_courtesy_access.py",
    "field:courtesy_outcome": "POST, operator staff: field/tests/test_courtesy_access.py",
    "api:get_courtesy_campaign": "object-specific: field/tests/test_courtesy_access.py",
    "api:record_courtesy_outcome": "POST, operator staff: field/tests/test_courtesy_access.py",
}
