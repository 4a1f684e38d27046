"""The digest e-mail: a readable HTML body (with a plain-text alternative) and the PDF."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from voisinage.digests.compile import version_reading
from voisinage.digests.documents import digest_context
from voisinage.digests.pdf import digest_pdf
from voisinage.lib.text import render_subject, render_text

if TYPE_CHECKING:
    from voisinage.digests.models import DigestDelivery


def digest_message(
    delivery: DigestDelivery, pdfs: dict[tuple[object, ...], bytes] | None = None
) -> EmailMultiAlternatives:
    """The e-mail of one delivery. ``pdfs`` caches the PDF of identical readings (the City, the
    Préfet's delegate and the coordinator usually read the same whole night) within one run."""
    version = delivery.version
    digest = version.digest
    scheme = digest.scheme
    reading = version_reading(version, delivery.user)
    url = settings.BASE_URL + reverse(
        "digests:detail", args=[scheme.slug, digest.night.isoformat()]
    )
    context = {**digest_context(version, reading), "user": delivery.user, "url": url}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_subject("digests/email/subject.txt", context)
        text = render_text("digests/email/digest.txt", context)
        html = render_to_string("digests/email/digest.html", context)
    message = EmailMultiAlternatives(subject=subject, body=text, to=[delivery.email])
    message.attach_alternative(html, "text/html")
    name = f"compte-rendu-{scheme.slug}-{digest.night:%Y-%m-%d}-v{version.number}.pdf"
    key = (version.pk, *reading.key())
    cache = pdfs if pdfs is not None else {}
    if key not in cache:
        cache[key] = digest_pdf(version, reading)
    message.attach(name, cache[key], "application/pdf")
    return message
