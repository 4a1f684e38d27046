"""People's rights: requests recorded with their one-month deadline and answered; an erasure
refused while a call naming the person is open, then done once it is closed (the records stay,
without the person); a rectification corrects every record naming them."""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from voisinage.desk.models import Call, Instruction
from voisinage.desk.services import call_close, instruction_handle
from voisinage.field.tests.test_courtesy import with_visits
from voisinage.privacy.models import RequestKind, RequestOutcome, SubjectRequest
from voisinage.privacy.services import subject_request_answer, subject_request_record

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def _record(cast, contact, kind: str) -> SubjectRequest:
    return subject_request_record(
        scheme=cast.scheme,
        author=contact,
        kind=kind,
        person="Mme Lambert, par courrier",
        received_on=date(2026, 3, 2),
    )


def test_an_erasure_waits_for_the_open_call_then_keeps_the_records_without_the_person(
    people, client
):
    cast, contact = people
    client.force_login(contact)
    record = client.post(
        reverse("privacy:requests", args=["rivebourg"]),
        {"kind": "erasure", "person": "Mme Lambert, par courrier", "received_on": "2026-03-02"},
    )
    assert record.status_code == 302
    request = SubjectRequest.objects.get()
    assert request.due_on == date(2026, 4, 2)
    assert request.outcome == RequestOutcome.PENDING

    url = reverse("privacy:subject_act", args=["rivebourg", "effacer"])
    form = {"nom": "Lambert", "demande": request.pk}
    refused = client.post(url, form)
    assert refused.status_code == 400
    assert "encore ouvert" in refused.content.decode()
    assert Call.objects.filter(caller_name="Mme Lambert").count() == 1
    request.refresh_from_db()
    assert request.is_open

    lambert = Call.objects.get(caller_name="Mme Lambert")
    call_close(call=lambert, user=cast.supervisor)
    instruction_handle(
        instruction=Instruction.objects.get(), user=cast.supervisor, outcome="Vu Mme Lambert."
    )
    calls = Call.objects.count()
    assert client.post(url, form).status_code == 302
    lambert.refresh_from_db()
    assert (lambert.caller_name, lambert.caller_phone, lambert.caller_email) == ("", "", "")
    assert lambert.description == ""
    assert lambert.nature_id is not None
    instruction = Instruction.objects.get()
    assert (instruction.tenant_name, instruction.tenant_phone, instruction.outcome) == ("", "", "")
    assert Call.objects.count() == calls
    assert Call.objects.filter(caller_name="M. Faivre", caller_phone="06 99 88 77 66").exists()
    request.refresh_from_db()
    assert request.outcome == RequestOutcome.DONE
    assert request.answer.startswith("2 ")
    register = client.get(reverse("privacy:requests", args=["rivebourg"])).content.decode()
    assert "Réalisé" in register
    assert "statistiques anonymisées" in register


def test_a_rectification_corrects_every_record_naming_the_person(people, client):
    cast, contact = people
    request = _record(cast, contact, RequestKind.RECTIFICATION)
    client.force_login(contact)
    page = client.get(reverse("privacy:subject", args=["rivebourg"]), {"nom": "Lambert"})
    assert "Rectifier" in page.content.decode()
    done = client.post(
        reverse("privacy:subject_act", args=["rivebourg", "rectifier"]),
        {"nom": "Lambert", "demande": request.pk, "nouveau_telephone": "07 00 00 00 01"},
    )
    assert done.status_code == 302
    assert Call.objects.get(caller_name="Mme Lambert").caller_phone == "07 00 00 00 01"
    assert Instruction.objects.get().tenant_phone == "07 00 00 00 01"
    assert Call.objects.get(caller_name="M. Faivre").caller_phone == "06 99 88 77 66"
    request.refresh_from_db()
    assert request.outcome == RequestOutcome.DONE


def test_bad_requests_are_refused_in_french_and_change_nothing(people, client, clock):
    clock.set(datetime(2026, 5, 10, 10, tzinfo=PARIS))
    cast, contact = people
    client.force_login(contact)
    future = client.post(
        reverse("privacy:requests", args=["rivebourg"]),
        {"kind": "access", "person": "M. Faivre", "received_on": "2026-06-01"},
    )
    assert future.status_code == 400
    assert "dans le futur" in future.content.decode()
    assert not SubjectRequest.objects.exists()

    request = _record(cast, contact, RequestKind.ACCESS)
    with pytest.raises(ValidationError, match="motifs"):
        subject_request_answer(request=request, author=contact, outcome="refused", answer=" ")
    # An access request does not answer an erasure; a search for nobody exports nothing.
    erase = client.post(
        reverse("privacy:subject_act", args=["rivebourg", "effacer"]),
        {"nom": "Lambert", "demande": request.pk},
    )
    assert erase.status_code == 400
    assert "Choisissez la demande ouverte" in erase.content.decode()
    assert Call.objects.filter(caller_name="Mme Lambert").exists()
    # Past its deadline, an open request shows late on the register.
    register = client.get(reverse("privacy:requests", args=["rivebourg"])).content.decode()
    assert "en retard" in register
    subject_request_answer(request=request, author=contact, outcome="done", answer="Envoyé.")
    with pytest.raises(ValidationError):
        subject_request_answer(request=request, author=contact, outcome="done", answer="")


def test_only_the_data_protection_readers_get_the_register(people, client):
    cast, contact = people
    request = _record(cast, contact, RequestKind.ERASURE)
    for user in (cast.supervisor, cast.north_referent):
        client.force_login(user)
        assert client.get(reverse("privacy:requests", args=["rivebourg"])).status_code == 404
        answer = reverse("privacy:request_answer", args=["rivebourg", request.pk])
        assert client.post(answer, {"outcome": "done"}).status_code == 404
    request.refresh_from_db()
    assert request.is_open


def test_a_courtesy_visit_naming_the_person_is_found_and_erased(people, client):
    cast, contact = people
    campaign = with_visits(
        cast, rows=[("HN-1", "12", "Mme Lambert", "Chien"), ("HN-1", "3", "M. Roux", "")]
    )
    client.force_login(contact)
    url = reverse("privacy:subject_export", args=["rivebourg", "json"])
    found = json.loads(client.get(url, {"nom": "Lambert", "logement": "12"}).content)
    visits = [r for r in found["records"] if r["what"] == "Visite de courtoisie"]
    assert [v["fields"]["Nom"] for v in visits] == ["Mme Lambert"]
    assert "Roux" not in json.dumps(found, ensure_ascii=False)

    call_close(call=Call.objects.get(caller_name="Mme Lambert"), user=cast.supervisor)
    instruction_handle(instruction=Instruction.objects.get(), user=cast.supervisor, outcome="Vu.")
    request = _record(cast, contact, RequestKind.ERASURE)
    erase = reverse("privacy:subject_act", args=["rivebourg", "effacer"])
    assert client.post(erase, {"nom": "Lambert", "demande": request.pk}).status_code == 302
    lambert = campaign.visits.get(dwelling="12")
    assert (lambert.tenant_name, lambert.note) == ("", "")
    assert campaign.visits.get(dwelling="3").tenant_name == "M. Roux"
