"""The deck's map image: drawn in time linear in its dots, and the same picture as before.

``data/map-small.png`` was drawn by the previous implementation (which recomputed the bounding
box for every dot and saved with ``optimize=True``); the pixels must not change."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from voisinage.analytics.documents.mapimage import render_map
from voisinage.analytics.selectors import MapPoint

REFERENCE = Path(__file__).parent / "data" / "map-small.png"
ENTRANCES = [
    (47.2380, 6.0240),
    (47.2410, 6.0310),
    (47.2455, 6.0195),
    (47.2333, 6.0402),
    (47.2398, 6.0288),
    (47.2471, 6.0350),
]
POINTS = [
    MapPoint("A1", "1 rue A", 47.2380, 6.0240, 12),
    MapPoint("B2", "2 rue B", 47.2455, 6.0195, 3),
    MapPoint("C3", "3 rue C", 47.2420, 6.0460, 1),  # outside the entrances' box: widens it
]


def _pixels(png: bytes) -> Image.Image:
    return Image.open(io.BytesIO(png)).convert("RGB")


def test_the_map_is_the_same_picture_as_before():
    png = render_map(
        ENTRANCES,
        POINTS,
        title="Carte des interventions",
        legend="Points rouges : interventions",
        empty="Aucune entrée",
    )
    drawn, reference = _pixels(png), _pixels(REFERENCE.read_bytes())
    assert drawn.size == reference.size == (1600, 1000)
    assert drawn.tobytes() == reference.tobytes()
