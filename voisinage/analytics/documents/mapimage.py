"""The map image of the documents, drawn with Pillow from the entrances' lat/lon: no tile is
downloaded (documents are made offline, in tasks, and must not leak positions to a tile
server). Entrances of the perimeter are grey dots; interventions are red discs whose area grows
with their number at the entrance (docs/adr/0018-map-image-without-tiles.md)."""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from PIL import Image, ImageDraw, ImageFont

if TYPE_CHECKING:
    from voisinage.analytics.selectors import MapPoint

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
WIDTH, HEIGHT, MARGIN = 1600, 1000, 60


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.truetype(FONT, size)
    except OSError:
        return ImageFont.load_default()


def render_map(
    entrances: Sequence[tuple[float, float]],
    points: Sequence[MapPoint],
    *,
    title: str,
    legend: str,
    empty: str,
) -> bytes:
    """A PNG of the entrances and intervention counts, equirectangular around their centre."""
    image = Image.new("RGB", (WIDTH, HEIGHT), "#f4f1ea")
    draw = ImageDraw.Draw(image)
    draw.text((MARGIN, 18), title, fill="#1d2a3a", font=_font(30))
    coords = list(entrances) + [(p.lat, p.lon) for p in points]
    if not coords:
        draw.text((MARGIN, HEIGHT // 2), empty, fill="#555555", font=_font(28))
        return _png(image)
    # The bounding box once, then a constant-time projection per dot: linear in the dots.
    min_lat = min(c[0] for c in coords)
    max_lat = max(c[0] for c in coords)
    min_lon = min(c[1] for c in coords)
    max_lon = max(c[1] for c in coords)
    cos_mid = math.cos(math.radians((min_lat + max_lat) / 2))
    span_x = max((max_lon - min_lon) * cos_mid, 1e-4)
    span_y = max(max_lat - min_lat, 1e-4)
    top = MARGIN + 40
    scale = min((WIDTH - 2 * MARGIN) / span_x, (HEIGHT - top - 2 * MARGIN) / span_y)
    off_x = (WIDTH - span_x * scale) / 2
    off_y = top + (HEIGHT - top - MARGIN - span_y * scale) / 2

    def xy(lat: float, lon: float) -> tuple[float, float]:
        return (
            off_x + (lon - min_lon) * cos_mid * scale,
            off_y + (max_lat - lat) * scale,
        )

    for lat, lon in entrances:
        x, y = xy(lat, lon)
        draw.ellipse((x - 3, y - 3, x + 3, y + 3), fill="#b8b3a8")
    biggest = max((p.interventions for p in points), default=1)
    for point in sorted(points, key=lambda p: -p.interventions):
        x, y = xy(point.lat, point.lon)
        radius = 5 + 25 * math.sqrt(point.interventions / biggest)
        draw.ellipse(
            (x - radius, y - radius, x + radius, y + radius),
            fill=(179, 38, 30, 160),
            outline="#ffffff",
            width=2,
        )
    # Scale bar: one kilometre is 1/111.32 degree of latitude.
    km = scale / 111.32
    bar = km if km < WIDTH / 4 else km / 10
    label = "1 km" if bar == km else "100 m"
    draw.line((MARGIN, HEIGHT - 30, MARGIN + bar, HEIGHT - 30), fill="#1d2a3a", width=4)
    draw.text((MARGIN + bar + 10, HEIGHT - 44), label, fill="#1d2a3a", font=_font(22))
    draw.text((WIDTH // 3, HEIGHT - 44), legend, fill="#1d2a3a", font=_font(22))
    return _png(image)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    # Pillow's default compression: ``optimize=True`` tried every filter, seconds for a big map
    # to save a few kilobytes in a deck.
    image.save(buffer, format="PNG")
    return buffer.getvalue()
