"""Demo activity of the field app, in dependency order: who is on duty, the patrol plans,
the courtesy campaigns, then the nights' interventions (and Marseille's days, per operator)."""

from voisinage.field.courtesy import demo as courtesy_demo
from voisinage.field.logbook import demo as logbook_demo
from voisinage.field.logbook import demo_marseille as logbook_marseille
from voisinage.field.patrols import demo as patrols_demo
from voisinage.field.staffing import demo as staffing_demo


def load() -> str:
    return "; ".join(
        module.load()
        for module in (
            staffing_demo,
            patrols_demo,
            courtesy_demo,
            logbook_demo,
            logbook_marseille,
        )
    )
