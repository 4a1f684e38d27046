"""Demo data of the field app: staffing."""


def load() -> str:
    return "nothing yet"
