"""Demo data of the field app: logbook."""


def load() -> str:
    return "nothing yet"
