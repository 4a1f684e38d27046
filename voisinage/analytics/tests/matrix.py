"""Persona-matrix routes of the analytics app (see voisinage/tests/test_persona_matrix.py).

Every member of the scheme reads dashboards, roadmaps, summaries and reviews (figures limited to
their perimeter); the roadmap editor is for the operator's manager and supervisor. POSTs are
checked in test_pages.py.
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
EDITORS = {"supervisor", "operator_manager", "centre_supervisor", "admin"}

ROUTES: list[tuple[str, tuple[str, ...], set[str]]] = [
    ("analytics:dashboard", ("rivebourg",), RIVEBOURG),
    ("analytics:dashboard?periode=year&date=2026-03-01", ("rivebourg",), RIVEBOURG),
    ("analytics:dashboard_export", ("rivebourg", "csv"), RIVEBOURG),
    ("analytics:dashboard_export", ("rivebourg", "xlsx"), RIVEBOURG),
    ("analytics:evaluation", ("rivebourg",), RIVEBOURG),
    ("analytics:roadmap", ("rivebourg",), RIVEBOURG),
    ("analytics:roadmap_edit", ("rivebourg",), EDITORS),
    ("analytics:summary", ("rivebourg",), RIVEBOURG),
    ("analytics:summary_pdf", ("rivebourg", "2026-03"), RIVEBOURG),
    ("analytics:review", ("rivebourg",), RIVEBOURG),
    ("analytics:review_download", ("rivebourg", "pptx"), RIVEBOURG),
    ("analytics:review_download", ("rivebourg", "pdf"), RIVEBOURG),
    ("api:indicators", ("rivebourg",), RIVEBOURG),
    ("api:indicators?group_by=landlord&from=2026-01-01&to=2026-03-31", ("rivebourg",), RIVEBOURG),
    ("api:review_pptx?from=2026-01-01&to=2026-06-30", ("rivebourg",), RIVEBOURG),
    ("api:review_pdf_api", ("rivebourg",), RIVEBOURG),
    ("api:monthly_summary_pdf", ("rivebourg", "2026-03"), RIVEBOURG),
    # The evaluation's settings: the scheme's managers only.
    ("schemes:settings_section", ("rivebourg", "evaluation"), {"operator_manager", "admin"}),
    ("api:get_evaluation_settings", ("rivebourg",), {"operator_manager", "admin"}),
]
UNMATRIXED = {
    "api:roadmap": "needs a roadmap of the year: test_api.test_the_roadmap_api_*",
    **dict.fromkeys(
        (
            "api:save_avoided_cost_type",
            "api:add_reference_figure",
            "api:remove_reference_figure",
        ),
        "PUT/POST/DELETE, managers only: analytics/tests/test_evaluation_registers.py",
    ),
}
