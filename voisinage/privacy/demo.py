"""The privacy app's demo: Besançon's retention rules set through the settings' service, and the
anonymisation run once, so the oldest calls and instructions already show without their people.
Idempotent: the rules are only changed when they differ, the run happens once."""

from __future__ import annotations

from voisinage.privacy.selectors import anonymisation_runs
from voisinage.privacy.services import personal_data_anonymise, retention_rules_set
from voisinage.schemes.models import Scheme

# The scheme's choices (docs/personal-data.md): callers' and tenants' identities kept one month
# after the call is closed or the instruction handled (the demo's oldest weeks show without
# them), photos six months after the report.
BESANCON_MONTHS = {"caller": 1, "tenant": 1, "photo": 6}


def load() -> str:
    scheme = Scheme.objects.filter(slug="besancon").first()
    if scheme is None:
        return "privacy: no Besançon scheme"
    retention_rules_set(scheme=scheme, author=None, months=BESANCON_MONTHS)
    if anonymisation_runs(scheme).exists():
        return "privacy: retention rules set, anonymisation already run"
    run = personal_data_anonymise(scheme=scheme)
    return f"privacy: retention rules set, {run.total} record(s) past their period anonymised"
