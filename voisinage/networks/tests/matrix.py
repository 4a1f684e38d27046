"""Persona-matrix routes of the steering networks (see voisinage/tests/test_persona_matrix.py).

The cast's network « Métropole de Rivebourg » (slug ``metropole``) groups Rivebourg and
Autreville; the city's officer is its only member. Everyone reads the list of their networks
(empty for most); the overview is for the network's members and platform administrators; its
management for its managers (none in the cast) and platform administrators."""

PERSONAS = {
    "supervisor",
    "agent",
    "operator_manager",
    "north_referent",
    "south_referent",
    "city_officer",
    "pres_viewer",
    "north_pres_referent",
    "centre_supervisor",
    "former_referent",
    "other_partner",
    "admin",
    "nobody",
}
MEMBERS = {"city_officer", "admin"}

ROUTES: list[tuple[str, tuple[str, ...], set[str]]] = [
    ("networks:list", (), PERSONAS),
    ("networks:overview", ("metropole",), MEMBERS),
    ("networks:overview?annee=2025", ("metropole",), MEMBERS),
    ("networks:overview", ("inconnu",), set()),
    ("networks:manage", ("metropole",), {"admin"}),
    ("api:list_networks", (), PERSONAS),
    ("api:network_overview_api", ("metropole",), MEMBERS),
    ("api:network_overview_api?year=2025", ("metropole",), MEMBERS),
]
UNMATRIXED = {
    "api:add_network_scheme": "POST, the network's managers: networks/tests/test_networks.py",
    "api:add_network_member": "POST, the network's managers: networks/tests/test_networks.py",
}
