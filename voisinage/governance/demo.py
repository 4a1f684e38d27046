"""Demo governance: Besançon's bodies and quotas (the Besançon agreement §I.2.b, §II.2.7) with a
year of meetings around today; Humanicité's monitoring and steering committees (the Humanicité
agreement §VI); Mons-en-Barœul's technical follow-up, steering committee and the ad hoc
commission of its purchasing group (seed 000); Marseille's inter-operator technical committee and
the quota each of its five operators owes (seed 002).

Bodies and quotas are configuration, matched by name. Meetings are made through the services,
without e-mails, and only when the scheme has none yet, so that running the demo again (on any
day) adds nothing. Random choices are seeded; people are invented.
"""

from __future__ import annotations

import random

from django.db import transaction

from voisinage.governance import demo_besancon, demo_humanicite, demo_marseille, demo_mons
from voisinage.governance.models import Meeting
from voisinage.lib import clock
from voisinage.schemes.models import Scheme


@transaction.atomic
def load() -> str:
    now = clock.now()
    summaries = []
    for slug, module in [
        ("besancon", demo_besancon),
        ("humanicite", demo_humanicite),
        ("mons-en-baroeul", demo_mons),
        ("marseille", demo_marseille),
    ]:
        if not Scheme.objects.filter(slug=slug).exists():
            continue
        ctx = module.context(random.Random(f"governance-{slug}"), now)
        module.fill(ctx)
        summaries.append(
            f"{slug}: {len(ctx.bodies)} bodies, "
            f"{Meeting.objects.filter(scheme=ctx.scheme).count()} meetings"
            + (f" ({ctx.count} new)" if ctx.count else "")
        )
    return "; ".join(summaries)
