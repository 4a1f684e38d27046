"""Demo data of the field app: courtesy."""


def load() -> str:
    return "nothing yet"
