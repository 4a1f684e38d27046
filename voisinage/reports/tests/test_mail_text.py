"""The report e-mails are plain text: apostrophes stay apostrophes (voisinage.lib.text)."""

from __future__ import annotations

import pytest
from django.core import mail

from voisinage.reports.services import Place, report_create


@pytest.mark.django_db
def test_the_report_e_mail_reads_apostrophes_as_apostrophes(
    cast, reporting, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        report_create(
            scheme=cast.scheme,
            author=cast.supervisor,
            category=reporting.categories["encombrants"],
            description="Un canapé et l'électroménager d'un déménagement.",
            place=Place(place_label="Parking de l'école", lat=47.22, lon=5.95),
        )
    (message,) = mail.outbox
    assert "Parking de l'école" in message.subject
    assert "l'électroménager" in message.body
    for text in (message.subject, message.body):
        assert "&#x27;" not in text
        assert "&quot;" not in text
