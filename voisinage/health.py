"""``/healthz``: is the whole system working? JSON, for a load balancer and for monitoring.

Answers 200 when every check is ok, 503 otherwise. Anyone may ask; the details (lag, last
tick, each scheme's last dispatch) are shown to platform administrators and to a request
carrying ``Authorization: Bearer <VOISINAGE_HEALTH_TOKEN>``. No personal data either way."""

from __future__ import annotations

import hmac

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from voisinage.accounts.access import is_platform_admin
from voisinage.core.health import health_report
from voisinage.lib import clock


def _detailed(request: HttpRequest) -> bool:
    token = settings.VOISINAGE_HEALTH_TOKEN
    header = request.headers.get("Authorization", "")
    if token and header.startswith("Bearer "):
        return hmac.compare_digest(header.removeprefix("Bearer ").strip(), token)
    return is_platform_admin(request.user)


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    now = clock.now()
    checks = health_report(now)
    ok = all(check.ok for check in checks)
    detailed = _detailed(request)
    body = {
        "status": "ok" if ok else "fail",
        "at": now.isoformat(),
        "checks": {
            check.name: {"ok": check.ok, **(check.detail if detailed else {})} for check in checks
        },
    }
    return JsonResponse(body, status=200 if ok else 503)
