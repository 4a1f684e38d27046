"""Form fields bounded with the limits of ``voisinage.lib.bounds`` (the API uses the same limits
through ``voisinage.apitypes``): every page form that takes a date or a date and time uses
these, so that year 1, year 9999 or 30 February are refused next to the field, in French,
instead of failing further down."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from voisinage.lib.bounds import check_day, check_moment


class BoundedDateField(forms.DateField):
    def to_python(self, value: Any) -> date | None:
        day = super().to_python(value)
        if day is None:
            return None
        try:
            return check_day(day)
        except ValueError as exc:
            raise ValidationError(str(exc), code="out_of_range") from None


class BoundedDateTimeField(forms.DateTimeField):
    def to_python(self, value: Any) -> datetime | None:
        try:
            moment = super().to_python(value)
        except OverflowError:  # year 1 or 9999 moved into UTC
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if moment is None:
            return None
        try:
            return check_moment(moment)
        except ValueError as exc:
            raise ValidationError(str(exc), code="out_of_range") from None
