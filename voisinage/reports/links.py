"""Signed single-report answer links (docs/adr/0016-signed-single-report-links.md).

The token names the report, the recipient organisation and the report's answer counter; it is
signed with the site's secret (django.core.signing) and expires. Every answer bumps the
counter, so a link answers once; re-routing changes the recipient, so the former recipient's
links die too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from voisinage.reports.models import Report

SALT = "voisinage.reports.answer-link"


class LinkRefused(Exception):
    """The link cannot be used; ``str(exc)`` is the (translated) reason shown to the person."""


@dataclass(frozen=True)
class LinkClaim:
    report_id: int
    organisation_id: int
    seq: int


def answer_token(report: Report) -> str:
    if report.recipient_id is None:
        raise ValueError("a report without recipient has no answer link")
    return signing.dumps(
        {"r": report.pk, "o": report.recipient_id, "s": report.answer_seq}, salt=SALT
    )


def answer_url(report: Report) -> str:
    return settings.BASE_URL + reverse("reports:link", args=[answer_token(report)])


def read_token(token: str, *, max_age_days: int) -> LinkClaim:
    """The claim of a well-signed, unexpired token; LinkRefused otherwise."""
    try:
        data = signing.loads(token, salt=SALT, max_age=max_age_days * 86_400)
    except signing.SignatureExpired as exc:
        raise LinkRefused(
            _("This link has expired. Log in to Voisinage or ask the supervisor for a new link.")
        ) from exc
    except signing.BadSignature as exc:
        raise LinkRefused(
            _("This link is not valid: it may have been cut or altered. Nothing was changed.")
        ) from exc
    try:
        return LinkClaim(
            report_id=int(data["r"]), organisation_id=int(data["o"]), seq=int(data["s"])
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise LinkRefused(_("This link is not valid. Nothing was changed.")) from exc


def unsigned_claim(token: str) -> int | None:
    """The report id a token names, read without checking anything (to find the scheme's link
    validity before checking the age); None if unreadable."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    try:
        return int(data["r"])
    except (KeyError, TypeError, ValueError):
        return None
