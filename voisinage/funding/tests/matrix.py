"""Funding routes in the persona matrix. Agreement pages and endpoints need an agreement whose
id varies: funding/tests/test_access_matrix.py walks them as every persona."""

from voisinage.tests.test_persona_matrix import RIVEBOURG

COORDINATOR_REFERENTS = {"admin", "north_referent", "north_pres_referent"}
AGREEMENT_SPECIFIC = "agreement-specific; see funding/tests/test_access_matrix.py"

ROUTES = [
    # Anyone in the scheme may open the list; it shows only the agreements they may see.
    ("funding:agreements", ("rivebourg",), RIVEBOURG),
    # The platform administrator, and Habitat Nord's referents (Habitat Nord coordinates;
    # agreements are scheme-level, whatever the referent's perimeter).
    ("funding:agreement_create", ("rivebourg",), COORDINATOR_REFERENTS),
    ("api:list_agreements", ("rivebourg",), RIVEBOURG),
]
UNMATRIXED = {
    "funding:agreement": AGREEMENT_SPECIFIC,
    "funding:agreement_setup": AGREEMENT_SPECIFIC,
    "funding:schedule_export": AGREEMENT_SPECIFIC,
    "funding:what_if": AGREEMENT_SPECIFIC,
    "funding:payment_record": AGREEMENT_SPECIFIC,
    "funding:contract": AGREEMENT_SPECIFIC,
    "api:get_agreement": AGREEMENT_SPECIFIC,
    "api:get_agreement_schedule": AGREEMENT_SPECIFIC,
    "api:get_agreement_contract": AGREEMENT_SPECIFIC,
    "api:add_contract_amendment": AGREEMENT_SPECIFIC,
    "api:add_purchase_order": AGREEMENT_SPECIFIC,
    "api:add_agreement_amendment": AGREEMENT_SPECIFIC,
}
