"""Retention: the scheduler's daily job anonymises what has passed its period, and the past's
figures — indicators, digest, review deck — are the same afterwards (on the same world, read at
the same moment)."""

from __future__ import annotations

import os
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from voisinage.analytics.documents.content import build_review
from voisinage.analytics.documents.deck import build_deck
from voisinage.analytics.indicators import Filters
from voisinage.analytics.periods import Period, PeriodKind
from voisinage.analytics.selectors import dashboard
from voisinage.analytics.tests.conftest import dataset  # noqa: F401  (the March 2026 world)
from voisinage.analytics.tests.test_documents import charts, deck_text
from voisinage.core.scheduler import tick
from voisinage.desk.models import (
    Call,
    InboundEmail,
    InboundStatus,
    Instruction,
    PersonalDataView,
    SatisfactionSurvey,
)
from voisinage.desk.services import (
    call_callback,
    call_close,
    call_natures_ensure_defaults,
    call_record,
    instruction_handle,
    instruction_submit,
    personal_data_views_log,
)
from voisinage.desk.tests.conftest import nature
from voisinage.digests.services import digest_compile
from voisinage.field.models import CourtesyVisit, Intervention
from voisinage.privacy.models import AnonymisationRun, RetentionRule
from voisinage.privacy.selectors import retention_months
from voisinage.privacy.services import months_before, retention_rules_set
from voisinage.reports.models import Occurrence, Report, ReportCategory, ReportPhoto
from voisinage.reports.services import Place, report_close, report_create, report_settings_for
from voisinage.reports.tests.test_photos import jpeg_with_exif
from voisinage.schemes.models import SettingChange

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
H1 = Period.around(PeriodKind.HALF_YEAR, date(2026, 3, 1))
READ_AT = datetime(2026, 7, 15, 10, 0, tzinfo=PARIS)
LATER = datetime(2027, 9, 7, 5, 0, tzinfo=PARIS)  # past every default period (12 months)


def at(day: int, hour: int) -> datetime:
    return datetime(2026, 3, day, hour, 0, tzinfo=PARIS)


@pytest.fixture
def world(dataset, settings, tmp_path, clock):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path / "media"
    cast = dataset.cast
    scheme = cast.scheme
    call_natures_ensure_defaults(scheme=scheme)
    clock.set(at(10, 21))
    call, _c = call_record(
        scheme=scheme,
        user=cast.supervisor,
        nature=nature(cast),
        received_at=at(10, 21),
        entrance=cast.north_entrances[0],
        caller_name="Mme Lambert",
        caller_phone="06 11 22 33 44",
        caller_email="lambert@example.invalid",
        caller_dwelling="12",
        description="Mme Lambert se plaint de son voisin M. Girard.",
    )
    call = call_close(call=call, user=cast.supervisor, at=at(10, 22))
    call_callback(
        call=call,
        user=cast.supervisor,
        answers={"quick": "yes", "solved": "partly", "satisfied": "yes"},
        at=at(10, 23),
    )
    instruction, _c = instruction_submit(
        scheme=scheme,
        user=cast.north_referent,
        landlord=cast.north,
        nature=nature(cast, "controle-logement"),
        entrance=cast.north_entrances[0],
        tenant_name="M. Faivre",
        tenant_phone="06 99 88 77 66",
        dwelling="21",
        details="Voir M. Faivre, logement 21.",
        at=at(10, 16),
    )
    instruction_handle(
        instruction=instruction, user=cast.supervisor, outcome="M. Faivre rencontré.", at=at(11, 1)
    )
    CourtesyVisit.objects.filter(campaign__scheme=scheme, visited_at__isnull=False).update(
        tenant_name="Mme Roy", note="Mme Roy demande un rappel."
    )
    report_settings_for(scheme)
    category = ReportCategory.objects.filter(scheme=scheme).first()
    report = report_create(
        scheme=scheme,
        author=cast.agent,
        category=category,
        description="Boîte aux lettres forcée.",
        place=Place(entrance=cast.north_entrances[1]),
        photos=[jpeg_with_exif()],
        at=at(10, 20),
        notify=False,
    ).report
    report_close(report=report, user=cast.supervisor, at=at(12, 10))
    personal_data_views_log(user=cast.supervisor, scheme=scheme, where="page", calls=[call])
    return cast, call, instruction


def figures(cast) -> tuple:
    """Every indicator of the dashboard with its comparisons, and the review deck's texts and
    charts, read by the administrator at the same moment."""
    board = dashboard(cast.admin, cast.scheme, H1, Filters())
    values = [(v.indicator.code, v.value, v.previous, v.last_year) for v in board.values]
    deck = build_deck(build_review(cast.admin, cast.scheme, H1))
    return values, deck_text(deck), charts(deck)


def test_past_every_period_the_job_anonymises_and_the_past_figures_do_not_move(
    world, clock, django_capture_on_commit_callbacks
):
    cast, call, instruction = world
    photo = ReportPhoto.objects.get()
    photo_path = photo.image.path
    clock.set(READ_AT)
    before = figures(cast)
    version = digest_compile(scheme=cast.scheme, night=date(2026, 3, 10))
    version.refresh_from_db()  # as stored (JSON)
    digest_before = version.content
    assert digest_before["sections"]  # the night's calls, instruction and report
    assert any(v[1] for v in before[0])  # the world has figures to lose
    e_mail = InboundEmail.objects.create(
        message_id="<consigne-1@bailleur.invalid>",
        received_at=at(10, 15),
        sender="gestion@bailleur.invalid",
        recipients="consignes@demo.invalid",
        subject="Consigne : M. Faivre, logement 21",
        raw=b"Subject: Consigne\r\n\r\nVoir M. Faivre, logement 21.",
        channel="smtp",
        scheme=cast.scheme,
        status=InboundStatus.CONFIRMED,
        parsed={"tenant_name": "M. Faivre"},
        handled_at=at(10, 16),
    )
    Intervention.objects.filter(scheme=cast.scheme).update(narrative="M. Girard vu dans le hall.")
    Occurrence.objects.filter(report__scheme=cast.scheme).update(description="Chez Mme Roy.")

    clock.set(LATER)
    with django_capture_on_commit_callbacks(execute=True):  # the photo's file goes on commit
        assert f"anonymise:{cast.scheme.slug}" in tick()
    assert AnonymisationRun.objects.filter(scheme=cast.scheme).exists()

    call.refresh_from_db()
    assert (call.caller_name, call.caller_phone, call.caller_email, call.caller_dwelling) == (
        "",
        "",
        "",
        "",
    )
    assert call.description == ""
    assert call.satisfaction == "yes"  # the figure stays on the call
    assert not SatisfactionSurvey.objects.filter(call=call).exists()
    instruction.refresh_from_db()
    assert (instruction.tenant_name, instruction.tenant_phone, instruction.dwelling) == ("", "", "")
    assert (instruction.details, instruction.outcome) == ("", "")
    assert not CourtesyVisit.objects.exclude(tenant_name="").exists()
    assert not CourtesyVisit.objects.exclude(note="").exists()
    assert not ReportPhoto.objects.exists()
    assert not os.path.exists(photo_path)
    assert not PersonalDataView.objects.filter(scheme=cast.scheme).exists()
    assert not Intervention.objects.filter(scheme=cast.scheme).exclude(narrative="").exists()
    report = Report.objects.get(scheme=cast.scheme)
    assert report.description == "—"
    assert not report.occurrences.exclude(description="").exists()
    e_mail.refresh_from_db()
    assert (e_mail.subject, e_mail.parsed) == ("", {})
    assert b"Faivre" not in bytes(e_mail.raw)
    assert e_mail.sender == "gestion@bailleur.invalid"  # who sent it and when stay
    # Counts and codes stay.
    assert Call.objects.filter(scheme=cast.scheme).count() == 1
    assert Instruction.objects.filter(scheme=cast.scheme).count() == 1

    clock.set(READ_AT)
    assert figures(cast) == before
    # The digest's version of the night is frozen (ADR 0024): the same after.
    version.refresh_from_db()
    assert version.content == digest_before


def test_the_job_leaves_what_is_within_its_period(world, clock):
    cast, call, instruction = world
    retention_rules_set(scheme=cast.scheme, author=None, months={"caller": 24})
    clock.set(datetime(2027, 1, 20, 5, 0, tzinfo=PARIS))  # 10 months after
    tick()
    call.refresh_from_db()
    instruction.refresh_from_db()
    assert call.caller_name == "Mme Lambert"  # 24 months
    assert instruction.tenant_name == ""  # 6 months
    assert call.description == "Mme Lambert se plaint de son voisin M. Girard."  # 12 months
    run = AnonymisationRun.objects.get(scheme=cast.scheme)
    assert run.counts["caller"] == 0
    assert run.counts["tenant"] == 3  # the instruction and two courtesy visits
    tick()  # once a day: a second tick the same day queues nothing more
    assert AnonymisationRun.objects.filter(scheme=cast.scheme).count() == 1


def test_an_access_log_kept_less_than_six_months_is_refused_and_nothing_changes(cast):
    with pytest.raises(ValidationError) as refused:
        retention_rules_set(
            scheme=cast.scheme, author=cast.operator_manager, months={"caller": 3, "access_log": 2}
        )
    assert "au moins 6 mois" in str(refused.value)
    assert not RetentionRule.objects.exists()
    assert not SettingChange.objects.filter(scheme=cast.scheme).exists()
    assert retention_months(cast.scheme)["access_log"] == 12


def test_a_change_of_period_is_in_the_change_log(cast):
    retention_rules_set(scheme=cast.scheme, author=cast.operator_manager, months={"photo": 3})
    change = SettingChange.objects.get(scheme=cast.scheme)
    assert (change.before, change.after) == ("12 mois", "3 mois")
    assert retention_months(cast.scheme)["photo"] == 3


def test_months_before_clamps_to_the_months_last_day():
    moment = datetime(2026, 3, 31, 12, 0, tzinfo=PARIS)
    assert months_before(moment, 1) == datetime(2026, 2, 28, 12, 0, tzinfo=PARIS)
