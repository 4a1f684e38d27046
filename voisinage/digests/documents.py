"""The digest and the ambiance summary as HTML (page, e-mail) and PDF (WeasyPrint)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from voisinage.digests.compile import Reading
from voisinage.lib.pdf import render_pdf

if TYPE_CHECKING:
    from voisinage.digests.models import DigestVersion


def digest_context(version: DigestVersion, reading: Reading) -> dict[str, Any]:
    digest = version.digest
    return {
        "scheme": digest.scheme,
        "digest": digest,
        "version": version,
        "reading": reading,
        "content": reading.content,
        "interventions": reading.interventions,
        "sections": reading.sections,
        "changes": reading.changes,
        "stats": reading.stats,
        "stat_blocks": [
            {"title": title, "rows": reading.stats[key]}
            for key, title in (
                ("origin", _("By origin")),
                ("activity", _("By activity")),
                ("neighbourhood", _("By neighbourhood")),
                ("landlord", _("By landlord")),
                ("situation", _("By situation found")),
                ("climate", _("By residence climate")),
            )
        ],
    }


def digest_pdf(version: DigestVersion, reading: Reading) -> bytes:
    return render_pdf("digests/digest_pdf.html", digest_context(version, reading))
