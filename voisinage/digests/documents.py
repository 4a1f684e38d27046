"""The digest as HTML (page, e-mail); its PDF is ``digests/pdf.py``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from voisinage.digests.compile import Reading
from voisinage.digests.presentation import STAT_BLOCKS, ambiance_rows, layout

if TYPE_CHECKING:
    from voisinage.digests.models import DigestVersion


def digest_context(version: DigestVersion, reading: Reading) -> dict[str, Any]:
    digest = version.digest
    arranged = layout(reading.interventions)
    return {
        "scheme": digest.scheme,
        "digest": digest,
        "version": version,
        "reading": reading,
        "content": reading.content,
        "interventions": reading.interventions,
        # Lines worth a row; bare patrol passages grouped by entrance (see presentation.py).
        "detailed_lines": arranged.detailed,
        "passages": arranged.passages,
        "passage_count": arranged.passage_count,
        "ambiance_rows": ambiance_rows(reading.content.get("ambiance", []), arranged.notable),
        "sections": reading.sections,
        "changes": reading.changes,
        "stats": reading.stats,
        "stat_blocks": [{"title": title, "rows": reading.stats[key]} for key, title in STAT_BLOCKS],
    }
