"""PDF documents with Typst: the digests, the ambiance summaries, the monthly summary and the
review (docs/adr/0052-typst-pdf.md).

A document is a Typst template in the repository (``voisinage/templates/<app>/*.typ``, sharing
``pdf/base.typ``) and its data, built and formatted in French by Python, passed as one JSON
string in ``sys.inputs.data``. Templates only ever print the data's strings, which Typst shows
as they are: a ``#``, ``$``, ``*`` or ``<`` in an address is text, never markup. The fonts are
the project's own (``voisinage/fonts``), system fonts ignored, so a document is the same on
every machine. Nothing is fetched while rendering (images come in the data)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import typst
from django.core.serializers.json import DjangoJSONEncoder

from voisinage.lib import clock

PACKAGE = Path(__file__).resolve().parent.parent
TEMPLATES = PACKAGE / "templates"
FONTS = PACKAGE / "fonts"


@cache
def _fonts() -> typst.Fonts:
    # Read once per process: scanning the font files is most of a small document's time.
    return typst.Fonts(include_system_fonts=False, font_paths=[str(FONTS)])


def render_pdf(template: str, data: Mapping[str, Any]) -> bytes:
    """The PDF of ``template`` (a path under ``voisinage/templates``) filled with ``data``
    (JSON-serialisable; dates, decimals and lazy translations are turned into strings)."""
    pdf = typst.compile(
        str(TEMPLATES / template),
        root=str(TEMPLATES),
        font_paths=_fonts(),
        ignore_system_fonts=True,
        sys_inputs={"data": json.dumps(data, cls=DjangoJSONEncoder)},
        timestamp=int(clock.now().timestamp()),
    )
    assert isinstance(pdf, bytes)
    return pdf
