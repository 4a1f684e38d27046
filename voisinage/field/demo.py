"""Demo activity of the field app, in dependency order: who is on duty, the patrol plans,
the courtesy campaigns, then the nights' interventions."""

from voisinage.field import demo_courtesy, demo_patrols, demo_staffing
from voisinage.field.logbook import demo as logbook_demo


def load() -> str:
    return "; ".join(
        module.load() for module in (demo_staffing, demo_patrols, demo_courtesy, logbook_demo)
    )
