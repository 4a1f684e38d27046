"""Demo data of the field app: patrols."""


def load() -> str:
    return "nothing yet"
