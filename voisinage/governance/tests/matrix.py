"""Persona-matrix routes of the governance app (see voisinage/tests/test_persona_matrix.py).

Routes about one object (a meeting, a document, an action item) need that object, which the
shared ``cast`` does not hold: they are walked as every persona, with the same sets, in
``test_access.py``. POST-only routes are checked there too.
"""

# The persona sets, spelt out here rather than imported from the matrix module: that module
# imports this one while it loads.
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
# Editing needs can_manage or can_supervise, or can_act_as_partner for the coordinator
# (Habitat Nord coordinates Rivebourg).
EDITORS = {
    "supervisor",
    "operator_manager",
    "north_referent",
    "north_pres_referent",
    "centre_supervisor",
    "admin",
}
# The compliance page is also read by a whole-scheme member of a funding organisation: the
# city funds Rivebourg (Quentin, the city's viewer of Les Prés only, does not read it).
COMPLIANCE_READERS = EDITORS | {"city_officer"}

ROUTES: list[tuple[str, tuple[str, ...], set[str]]] = [
    ("governance:meetings", ("rivebourg",), RIVEBOURG),
    ("governance:meeting_create", ("rivebourg",), EDITORS),
    ("governance:meeting_crisis", ("rivebourg",), EDITORS),
    ("governance:actions", ("rivebourg",), RIVEBOURG),
    ("governance:compliance", ("rivebourg",), COMPLIANCE_READERS),
    ("governance:calendar", ("rivebourg",), RIVEBOURG),
    ("api:list_meetings", ("rivebourg",), RIVEBOURG),
    ("api:list_decisions", ("rivebourg",), RIVEBOURG),
    ("api:meetings_ical", ("rivebourg",), RIVEBOURG),
    # The settings area's governance sections and their API: the scheme's managers only.
    ("schemes:settings_section", ("rivebourg", "instances"), MANAGERS),
    ("schemes:settings_section", ("rivebourg", "quotas"), MANAGERS),
    ("api:list_setting_bodies", ("rivebourg",), MANAGERS),
    ("api:list_setting_quotas", ("rivebourg",), MANAGERS),
]

OBJECT_ROUTES = "needs a meeting: governance/tests/test_access.py walks it as every persona"
POST_ROUTES = "POST only: governance/tests/test_access.py posts it as every persona"
SETTINGS_WRITES = "POST/PATCH, managers: governance/tests/test_settings.py"
UNMATRIXED: dict[str, str] = {
    "api:add_setting_body": SETTINGS_WRITES,
    "api:change_setting_body": SETTINGS_WRITES,
    "api:add_setting_quota": SETTINGS_WRITES,
    "api:change_setting_quota": SETTINGS_WRITES,
    "governance:meeting": OBJECT_ROUTES,
    "governance:meeting_edit": OBJECT_ROUTES,
    "governance:meeting_minutes": OBJECT_ROUTES,
    "governance:meeting_attendance": OBJECT_ROUTES,
    "governance:document_download": OBJECT_ROUTES,
    "api:get_meeting": OBJECT_ROUTES,
    "governance:attendance_remove": POST_ROUTES,
    "governance:decision_add": POST_ROUTES,
    "governance:document_add": POST_ROUTES,
    "governance:document_remove": POST_ROUTES,
    "governance:meeting_deck": POST_ROUTES,
    "governance:meeting_cancel": POST_ROUTES,
    "governance:meeting_invite": POST_ROUTES,
    "governance:action_status": POST_ROUTES,
    "governance:calendar_regenerate": POST_ROUTES,
    "governance:calendar_revoke": POST_ROUTES,
    "governance:calendar_feed": (
        "no login, the secret token is the credential: governance/tests/test_calendars.py "
        "(valid token → 200 text/calendar, revoked or unknown → 404)"
    ),
}
