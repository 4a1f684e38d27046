"""Demo activity of the field app, in dependency order: who is on duty, the patrol plans,
the courtesy campaigns, then the nights' interventions."""

from voisinage.field import demo_courtesy, demo_logbook, demo_patrols, demo_staffing


def load() -> str:
    return "; ".join(
        module.load() for module in (demo_staffing, demo_patrols, demo_courtesy, demo_logbook)
    )
