"""Forms and the services behind them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from voisinage.lib.money import parse_euros


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


class EurosField(forms.CharField):
    """Euros as people type them (« 45 200,00 € », « 368400 ») → integer cents: the one field
    used wherever money is typed (funding, the operator's contract)."""

    default_error_messages = {
        "invalid": _("Enter an amount in euros, e.g. 368 400 or 1 234,50."),
        "negative": _("The amount cannot be negative."),
    }

    def __init__(self, **kwargs: Any) -> None:
        # No max_length: its validator would run on the converted number.
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"inputmode": "decimal", "maxlength": 30})
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        if len(text) > 30:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            cents = parse_euros(text)
        except ValueError as exc:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc
        if cents < 0:
            raise ValidationError(self.error_messages["negative"], code="negative")
        if cents > 10**14:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return cents

    def prepare_value(self, value: Any) -> Any:
        return value
