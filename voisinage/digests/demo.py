"""Demo digests: the recipients of each scheme, the last two weeks of digests as the scheduler
would have sent them (mostly validated and on time, one late, one corrected to a version 2),
and a supervisor's correction of a neighbourhood's weekly ambiance. Idempotent; relative to
today. The past e-mails are recorded as delivered, not sent; the next morning's digest is left to
the scheduler, which sends it at the scheme's time to the demo's mail sink while the demo runs."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction

from voisinage.accounts.models import User
from voisinage.digests.ambiance import period_bounds
from voisinage.digests.deadlines import deadline_for
from voisinage.digests.models import (
    AmbianceOverride,
    DeliveryStatus,
    Digest,
    DigestDelivery,
    DigestRecipient,
)
from voisinage.digests.services import (
    digest_compile,
    digest_settings,
    digest_settings_update,
    dispatch_moment,
    recipients,
)
from voisinage.field.models import Intervention
from voisinage.lib import clock
from voisinage.lib.service_hours import latest_service_night
from voisinage.schemes.models import Scheme
from voisinage.schemes.selectors import scheme_service_hours
from voisinage.territory.models import Neighbourhood, Organisation

RECIPIENTS = {
    "besancon": [
        "Habitat 25",
        "Néolia",
        "loge.GBM",
        "Ville de Besançon",
        "État — Préfecture du Doubs",
        "Police nationale — DDSP du Doubs",
    ],
    "humanicite": ["ASL Humanicité", "Ville de Lille et sa commune associée de Lomme"],
    "mons-en-baroeul": [
        "Ville de Mons-en-Barœul",
        "Partenord Habitat",
        "Vilogia",
        "Logis Métropole",
    ],
    # Five operators, one digest: each operator's punctuality is read against its own deadline.
    "marseille": ["État — Préfecture de police des Bouches-du-Rhône"],
}
# Who validates the digests (the night supervisor where there is one).
VALIDATORS = {"mons-en-baroeul": "operateur", "marseille": "marseille-operateur"}
DAYS = 14


@transaction.atomic
def _scheme(scheme: Scheme, rng: random.Random) -> int:
    # The recipients through the settings service, only when one is missing (a recipient its
    # managers turned off stays off).
    known = set(
        DigestRecipient.objects.filter(scheme=scheme).values_list("organisation_id", flat=True)
    )
    wanted = Organisation.objects.filter(name__in=RECIPIENTS[scheme.slug]).values_list(
        "pk", flat=True
    )
    missing = [pk for pk in wanted if pk not in known]
    if missing:
        settings = digest_settings(scheme)
        active = DigestRecipient.objects.filter(scheme=scheme, is_active=True)
        digest_settings_update(
            scheme=scheme,
            author=User.objects.filter(username="operateur").first(),
            dispatch_time=settings.dispatch_time,
            is_enabled=settings.is_enabled,
            organisation_ids=[*active.values_list("organisation_id", flat=True), *missing],
        )
    hours = scheme_service_hours(scheme)
    now = clock.now()
    last = latest_service_night(now, hours)
    supervisor = User.objects.filter(username=VALIDATORS.get(scheme.slug, "superviseur")).first()
    made = 0
    # One morning the digest left late: nine nights back, or the service night before it.
    late_back = next(
        (b for b in range(9, DAYS + 1) if hours.shift_for(last - timedelta(days=b)) is not None),
        None,
    )
    for back in range(DAYS, -1, -1):
        night = last - timedelta(days=back)
        if (
            hours.shift_for(night) is None
            or Digest.objects.filter(
                scheme=scheme, night=night, first_sent_at__isnull=False
            ).exists()
        ):
            continue
        moment = dispatch_moment(scheme, night)
        if moment > now:
            digest_compile(scheme=scheme, night=night)  # tonight's or last night's draft
            continue
        late = back == late_back
        validated = back != 0 and rng.random() < 0.9  # last night's left unvalidated
        sent_at = moment + timedelta(minutes=rng.randint(41, 70) if late else 0)
        version = digest_compile(scheme=scheme, night=night)
        digest = version.digest
        if validated and supervisor is not None:
            version.validated = True
            digest.validated_at = moment - timedelta(minutes=rng.randint(20, 300))
            digest.validated_by = supervisor
        version.sent_at = sent_at
        version.save()
        digest.first_sent_at = sent_at
        digest.on_time = sent_at <= deadline_for(scheme, night)
        digest.save()
        DigestDelivery.objects.bulk_create(
            [
                DigestDelivery(
                    version=version,
                    user=user,
                    email=user.email,
                    status=DeliveryStatus.SENT,
                    attempts=1,
                    sent_at=sent_at,
                )
                for user in recipients(version)
            ]
        )
        made += 1
    return made


def _correction(scheme: Scheme) -> None:
    """A narrative corrected after dispatch on one recent night: version 2 with its notice."""
    digest = (
        Digest.objects.filter(scheme=scheme, first_sent_at__isnull=False)
        .order_by("-night")[3:4]
        .first()
    )
    if digest is None or digest.versions.count() > 1:
        return
    first = digest.versions.get(number=1)
    lines = first.content.get("interventions", [])
    if not lines:
        return

    target = Intervention.objects.filter(pk=lines[0]["id"]).first()
    if target is None:
        return
    target.narrative = (target.narrative + " Précision : le bailleur a été prévenu à 8 h.").strip()
    target.save(update_fields=["narrative"])
    version = digest_compile(scheme=scheme, night=digest.night)
    version.sent_at = (first.sent_at or clock.now()) + timedelta(hours=2, minutes=10)
    version.validated = True
    version.save()
    DigestDelivery.objects.bulk_create(
        [
            DigestDelivery(
                version=version,
                user=user,
                email=user.email,
                status=DeliveryStatus.SENT,
                attempts=1,
                sent_at=version.sent_at,
            )
            for user in recipients(version)
        ]
    )


def _override(scheme: Scheme) -> None:
    hood = Neighbourhood.objects.filter(scheme=scheme, name="Planoise").first()
    supervisor = User.objects.filter(username="superviseur").first()
    if hood is None or supervisor is None:
        return
    start, _end = period_bounds("week", clock.today() - timedelta(days=7))
    AmbianceOverride.objects.get_or_create(
        neighbourhood=hood,
        period="week",
        starts_on=start,
        defaults={
            "scheme": scheme,
            "level": "orange",
            "reason": (
                "Deux rodéos urbains signalés par la police nationale rue de Cologne, "
                "hors des passages des agents."
            ),
            "by": supervisor,
            "at": clock.now(),
        },
    )


def load() -> str:
    summaries = []
    for slug in RECIPIENTS:
        scheme = Scheme.objects.filter(slug=slug).first()
        if scheme is None:
            continue
        made = _scheme(scheme, random.Random(f"digests-{slug}"))
        if slug == "besancon":
            _correction(scheme)
            _override(scheme)
        summaries.append(
            f"{slug}: {Digest.objects.filter(scheme=scheme).count()} digests ({made} new)"
        )
    return "digests: " + "; ".join(summaries)
