"""Forms and the services behind them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django import forms
    from django.core.exceptions import ValidationError


def apply_errors(
    form: forms.BaseForm, exc: ValidationError, *, fields: dict[str, str] | None = None
) -> None:
    """Show a service's ``ValidationError`` on the form that called it: each error on its field
    when the form has that field (``fields`` renames a service's field to the form's), the
    others at the top of the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for name, errors in exc.error_dict.items():
        name = (fields or {}).get(name, name)
        form.add_error(name if name in form.fields else None, errors)
