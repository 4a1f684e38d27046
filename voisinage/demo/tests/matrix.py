"""Persona-matrix routes of the demo (see voisinage/tests/test_persona_matrix.py): the mailbox
is the platform administrator's only, in demo mode only."""

ROUTES: list[tuple[str, tuple[str, ...], set[str]]] = [
    ("demo:mailbox", (), {"admin"}),
]
UNMATRIXED: dict[str, str] = {
    "demo:mail": "names one stored message: demo/tests/test_mailbox.py",
    "demo:mail_html": "names one stored message: demo/tests/test_mailbox.py",
    "demo:mail_attachment": "names one stored message: demo/tests/test_mailbox.py",
}
