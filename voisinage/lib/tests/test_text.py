"""Plain-text e-mails are rendered without HTML escaping (voisinage.lib.text)."""

from __future__ import annotations

from voisinage.lib.text import render_subject, render_text


def test_text_templates_are_not_html_escaped():
    context = {"place": "Parking de l'école", "who": "Dupont & fils <SARL>"}
    body = render_text("reports/email/report.txt", {"report": _Fake(context), "url": "u"})
    assert "Parking de l'école" in body
    assert "Dupont & fils <SARL>" in body
    assert "&#x27;" not in body
    assert "&amp;" not in body


def test_a_subject_is_one_line_without_entities():
    subject = render_subject(
        "reports/email/report_subject.txt", {"report": _Fake({"place": "l'école\n  du stade"})}
    )
    assert "\n" not in subject
    assert "l'école du stade" in subject
    assert "&#x27;" not in subject


class _Fake:
    """Just what the report templates read."""

    def __init__(self, values: dict[str, str]) -> None:
        self.pk = 7
        self.where = values["place"]
        self.category = "Éclairage d'un hall"
        self.scheme = type("S", (), {"name": "Rivebourg"})()
        self.recipient = values.get("who", "Habitat Nord")
        self.urgency = "normal"
        self.entrance = None
        self.description = ""
        self.due_on = None
        self.created_at = None

    def get_urgency_display(self) -> str:
        return "normale"
