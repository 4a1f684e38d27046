"""The recipient's answers, logged in or through the signed link. A forged, expired or reused
link is refused with a clear message and changes nothing; every answer is appended to the
history and the supervisor is told."""

import re
import time
from datetime import date, timedelta

import pytest
from django.core import mail, signing
from django.core.exceptions import ValidationError
from django.core.signing import TimestampSigner, b62_encode

from voisinage.lib import clock
from voisinage.reports.links import SALT, answer_token
from voisinage.reports.models import EventKind, Report, ReportEvent, ReportStatus
from voisinage.reports.services import report_answer, report_close, report_reroute
from voisinage.reports.tests.helpers import make_report


@pytest.fixture
def sent(cast, reporting, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        report = make_report(cast, reporting, "ascenseur", entrance=cast.north_entrances[0]).report
    report.refresh_from_db()
    return report


def link_in(message):
    return re.search(r"http://testserver(/dispositifs/signalement/reponse/\S+/)", message.body)[1]


def snapshot(report):
    return (
        Report.objects.filter(pk=report.pk).values().get(),
        list(ReportEvent.objects.filter(report=report).values_list("pk", flat=True)),
    )


def test_the_emailed_link_answers_without_an_account(
    cast, sent, client, django_capture_on_commit_callbacks, english
):
    url = link_in(mail.outbox[0])
    page = client.get(url)
    assert page.status_code == 200
    assert b"Constat" in page.content  # the description is shown
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url, {"answer": "done", "comment": "Ascenseur réparé"})
    assert done.status_code == 200
    sent.refresh_from_db()
    assert sent.status == ReportStatus.DONE
    assert sent.closed_at is not None
    event = sent.events.get(kind=EventKind.DONE)
    assert (event.user, event.organisation, event.via_link) == (None, cast.north, True)
    assert event.comment == "Ascenseur réparé"
    # The supervisor (and the operator manager, who supervises too) is told by e-mail.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [cast.supervisor.email, cast.operator_manager.email]
    )
    assert "Habitat Nord" in mail.outbox[0].subject


def test_a_link_answers_once_and_the_next_answer_uses_the_new_link(cast, sent, client, english):
    url = link_in(mail.outbox[0])
    soon = (clock.today() + timedelta(days=20)).isoformat()  # planned dates are within a year
    first = client.post(url, {"answer": "planned", "planned_for": soon})
    assert first.status_code == 200
    next_url = re.search(rb'data-testid="next-link">http://testserver([^<]+)<', first.content)[1]
    before = snapshot(sent)
    reused = client.post(url, {"answer": "done"})
    assert reused.status_code == 410
    assert "déjà servi à répondre" in reused.content.decode()
    assert snapshot(sent) == before
    again = client.post(next_url.decode(), {"answer": "done"})
    assert again.status_code == 200
    sent.refresh_from_db()
    assert sent.status == ReportStatus.DONE
    kinds = list(sent.events.values_list("kind", flat=True))
    assert kinds[-2:] == ["planned", "done"]


def test_a_forged_link_is_refused_and_changes_nothing(cast, sent, client, english):
    token = answer_token(sent)
    forged = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    before = snapshot(sent)
    for bad in (forged, "nimportequoi", signing.dumps({"r": sent.pk, "o": cast.north.pk, "s": 0})):
        response = client.post(f"/dispositifs/signalement/reponse/{bad}/", {"answer": "done"})
        assert response.status_code == 410
        assert "pas valide" in response.content.decode()
    assert snapshot(sent) == before


class PastSigner(TimestampSigner):
    """Signs as if 40 days ago (the link is valid 30 days by default)."""

    def timestamp(self):
        return b62_encode(int(time.time()) - 40 * 86_400)


def test_an_expired_link_is_refused_and_changes_nothing(cast, sent, client, english):
    old = PastSigner(salt=SALT).sign_object(
        {"r": sent.pk, "o": sent.recipient_id, "s": sent.answer_seq}, compress=False
    )
    before = snapshot(sent)
    response = client.post(f"/dispositifs/signalement/reponse/{old}/", {"answer": "done"})
    assert response.status_code == 410
    assert "Ce lien a expiré" in response.content.decode()
    assert snapshot(sent) == before


def test_a_link_stops_working_once_the_report_is_closed_or_rerouted(cast, sent, client, english):
    url = link_in(mail.outbox[0])
    report_reroute(report=sent, user=cast.supervisor, recipient=cast.city)
    response = client.get(url)
    assert response.status_code == 410
    assert "confié à un autre organisme" in response.content.decode()
    sent.refresh_from_db()
    report_close(report=sent, user=cast.supervisor)
    closed_link = client.get(f"/dispositifs/signalement/reponse/{answer_token(sent)}/")
    assert closed_link.status_code == 410


def test_not_ours_sends_it_back_to_the_supervisor(cast, sent, client, english):
    client.force_login(cast.north_referent)
    url = f"/dispositifs/rivebourg/signalements/{sent.pk}/reponse/"
    # A comment is required: who should handle it.
    client.post(url, {"answer": "not_ours"})
    sent.refresh_from_db()
    assert sent.status == ReportStatus.SENT
    client.post(url, {"answer": "not_ours", "comment": "Ascenseur de la copropriété voisine"})
    sent.refresh_from_db()
    assert sent.status == ReportStatus.TO_ROUTE
    event = sent.events.get(kind=EventKind.NOT_OURS)
    assert (event.user, event.organisation, event.via_link) == (
        cast.north_referent,
        cast.north,
        False,
    )


def test_only_the_recipient_answers_when_logged_in(cast, sent, client):
    url = f"/dispositifs/rivebourg/signalements/{sent.pk}/reponse/"
    for user in (cast.south_referent, cast.city_officer, cast.supervisor, cast.pres_viewer):
        client.force_login(user)
        assert client.post(url, {"answer": "done"}).status_code == 404, user
    sent.refresh_from_db()
    assert sent.status == ReportStatus.SENT


def test_impossible_answers_are_refused_with_a_clear_message(cast, sent, english):
    with pytest.raises(ValidationError, match="planned date"):
        report_answer(report=sent, user=cast.north_referent, answer="planned")
    past = date(2020, 1, 1)
    with pytest.raises(ValidationError, match="in the past"):
        report_answer(report=sent, user=cast.north_referent, answer="planned", planned_for=past)
    report_answer(report=sent, user=cast.north_referent, answer="done")
    with pytest.raises(ValidationError, match="not possible"):
        report_answer(report=sent, user=cast.north_referent, answer="acknowledged")
    assert sent.events.filter(kind="done").count() == 1


def test_the_first_answer_is_kept_on_the_report_even_when_an_older_one_is_imported_later(
    cast, sent
):
    """Analytics read Report.first_answered_at (the feedback rate and delay): it stays the
    earliest answer event, whatever the order the answers are recorded in."""
    from datetime import timedelta

    from django.db.models import Min

    from voisinage.reports.selectors import ANSWER_KINDS

    def first_event():
        return sent.events.filter(kind__in=ANSWER_KINDS).aggregate(m=Min("at"))["m"]

    assert sent.first_answered_at is None
    later = sent.sent_at + timedelta(days=3)
    report_answer(report=sent, user=cast.north_referent, answer="acknowledged", at=later)
    sent.refresh_from_db()
    assert sent.first_answered_at == later == first_event()
    earlier = sent.sent_at + timedelta(days=1)  # an import of a past answer, after the fact
    report_answer(
        report=sent,
        user=cast.north_referent,
        answer="planned",
        planned_for=(later + timedelta(days=10)).date(),
        at=earlier,
    )
    sent.refresh_from_db()
    assert sent.first_answered_at == earlier == first_event()
    report_answer(
        report=sent, user=cast.north_referent, answer="done", at=later + timedelta(days=1)
    )
    sent.refresh_from_db()
    assert sent.first_answered_at == earlier == first_event()
    assert sent.answered_at > earlier  # the last answer moves on
