"""Test helpers for generated PDF documents: re-open them with poppler (installed by
scripts/test) to read their text and to render pages as PNG images for a person to look at."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path


def pdf_text(data: bytes) -> str:
    """The document's text in reading order (``pdftotext -layout``); fails on a broken PDF."""
    assert data.startswith(b"%PDF-"), "not a PDF"
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    )
    return result.stdout.decode()


def pdf_to_png(data: bytes, target: Path, *, dpi: int = 60) -> list[Path]:
    """Render every page to ``target``-N.png (``pdftoppm``); returns the files written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        subprocess.run(["pdftoppm", "-png", "-r", str(dpi), handle.name, str(target)], check=True)
    return sorted(target.parent.glob(f"{target.name}-*.png"))
