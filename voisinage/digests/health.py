"""The digests' part of /healthz: for each active scheme, whether the last night due was
dispatched (and delivered, once the scheme's deadline has passed)."""

from __future__ import annotations

from datetime import datetime

from voisinage.core.health import HealthCheck
from voisinage.digests.deadlines import deadline_for
from voisinage.digests.models import DeliveryStatus, Digest, DigestDelivery, DigestSettings
from voisinage.digests.schedule import due_night
from voisinage.schemes.models import Scheme


def health_checks(now: datetime) -> list[HealthCheck]:
    configured = {s.scheme_id: s for s in DigestSettings.objects.all()}
    rows = []
    ok = True
    for scheme in Scheme.objects.filter(is_active=True).order_by("slug"):
        setting = configured.get(scheme.pk)
        if setting is not None and not setting.is_enabled:
            continue
        dispatch_time = setting.dispatch_time if setting else DigestSettings().dispatch_time
        night = due_night(scheme, now, dispatch_time)
        last = (
            Digest.objects.filter(scheme=scheme, first_sent_at__isnull=False)
            .order_by("-night")
            .values_list("night", "first_sent_at")
            .first()
        )
        due_sent = night is None or (last is not None and last[0] >= night)
        undelivered = (
            DigestDelivery.objects.filter(
                version__digest__scheme=scheme,
                version__digest__night=night,
                status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING, DeliveryStatus.FAILED],
            ).count()
            if night is not None
            else 0
        )
        late = night is not None and now > deadline_for(scheme, night)
        scheme_ok = due_sent and not (late and undelivered)
        ok = ok and scheme_ok
        rows.append(
            {
                "scheme": scheme.slug,
                "ok": scheme_ok,
                "night_due": night.isoformat() if night else None,
                "last_dispatch": {
                    "night": last[0].isoformat(),
                    "at": last[1].isoformat() if last[1] else None,
                }
                if last
                else None,
                "undelivered": undelivered,
            }
        )
    return [HealthCheck("digests", ok, {"schemes": rows})]
