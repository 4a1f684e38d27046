"""Plain text from templates: e-mail bodies and subjects.

Django escapes HTML in every template of the default engine; a plain-text e-mail rendered there
reads « Demande d&#x27;un partenaire ». These helpers render through the ``text`` engine
(``settings.TEMPLATES``), which finds the same templates and never escapes."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string


def render_text(template_name: str, context: dict[str, Any]) -> str:
    """A plain-text part (an e-mail body), unescaped."""
    return render_to_string(template_name, context, using="text")


def render_subject(template_name: str, context: dict[str, Any]) -> str:
    """An e-mail subject: unescaped, on one line, spaces collapsed."""
    return " ".join(render_text(template_name, context).split())
