"""The privacy app's demo: Besançon's retention rules set through the settings' service, and the
anonymisation run once, so the oldest calls and instructions already show without their people,
and two people's requests (one answered, one open). Idempotent: the rules are only changed when
they differ, the run and the requests happen once."""

from __future__ import annotations

from datetime import timedelta

from voisinage.accounts.models import User
from voisinage.lib import clock
from voisinage.privacy.models import RequestKind, RequestOutcome
from voisinage.privacy.selectors import anonymisation_runs, subject_requests
from voisinage.privacy.services import (
    personal_data_anonymise,
    retention_rules_set,
    subject_request_answer,
    subject_request_record,
)
from voisinage.schemes.models import Scheme

# The scheme's choices (docs/personal-data.md): callers' and tenants' identities kept one month
# after the call is closed or the instruction handled (the demo's oldest weeks show without
# them), photos six months after the report.
BESANCON_MONTHS = {"caller": 1, "tenant": 1, "photo": 6}


def _requests(scheme: Scheme) -> int:
    """Two people's requests recorded by the data-protection contact: an access answered a
    fortnight ago, an erasure received last week and still open."""
    contact = User.objects.filter(username="protection").first()
    if contact is None or subject_requests(scheme).exists():
        return 0
    today = clock.local_today(scheme.time_zone)
    answered = subject_request_record(
        scheme=scheme,
        author=contact,
        kind=RequestKind.ACCESS,
        person="M. Girardot, par courriel",
        received_on=today - timedelta(days=24),
    )
    subject_request_answer(
        request=answered,
        author=contact,
        outcome=RequestOutcome.DONE,
        answer="Export PDF envoyé par courriel.",
    )
    subject_request_record(
        scheme=scheme,
        author=contact,
        kind=RequestKind.ERASURE,
        person="Mme Vuillemin, par courrier",
        received_on=today - timedelta(days=6),
    )
    return 2


def load() -> str:
    scheme = Scheme.objects.filter(slug="besancon").first()
    if scheme is None:
        return "privacy: no Besançon scheme"
    retention_rules_set(scheme=scheme, author=None, months=BESANCON_MONTHS)
    requests = _requests(scheme)
    if anonymisation_runs(scheme).exists():
        return f"privacy: retention rules set, {requests} request(s), anonymisation already run"
    run = personal_data_anonymise(scheme=scheme)
    return (
        f"privacy: retention rules set, {requests} request(s), "
        f"{run.total} record(s) past their period anonymised"
    )
