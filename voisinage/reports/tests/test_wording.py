"""The reports' French words: one word for the status « Planifié » wherever it shows, and the
routing table's order is a « Rang », not a « Poste » (a job on the rota)."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from voisinage.reports.services import report_answer
from voisinage.reports.tests.helpers import WEDNESDAY, make_report


def test_a_planned_report_says_planifie_everywhere(cast, reporting, client, clock):
    clock.set(WEDNESDAY)
    report = make_report(cast, reporting, "ascenseur", entrance=cast.north_entrances[0]).report
    report_answer(
        report=report,
        user=cast.north_referent,
        answer="planned",
        planned_for=date(2025, 7, 1),
        notify=False,
    )
    client.force_login(cast.supervisor)
    page = client.get(reverse("reports:detail", args=["rivebourg", report.pk])).content.decode()
    assert "Planifié" in page  # the status
    assert "Planifié pour le" in page
    assert "mardi 1er juillet 2025" in page
    assert "planifié" in page  # the history row
    assert "prévu" not in page.lower()


def test_the_routing_table_s_order_is_a_rang(cast, reporting, client):
    client.force_login(cast.operator_manager)
    page = client.get(reverse("reports:rules", args=["rivebourg"])).content.decode()
    assert '<label for="id_position">Rang' in page
    assert "Poste" not in page
