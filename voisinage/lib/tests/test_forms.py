"""A service's ValidationError shown on the form that called it."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from voisinage.lib.forms import apply_errors


class PlaceForm(forms.Form):
    entrance_code = forms.CharField(required=False)
    note = forms.CharField(required=False)


def bound() -> PlaceForm:
    form = PlaceForm({"entrance_code": "X", "note": ""})
    assert form.is_valid()
    return form


def test_each_error_goes_on_its_field_and_the_others_on_top():
    form = bound()
    apply_errors(form, ValidationError({"entrance_code": "Unknown.", "started_at": "Too late."}))
    assert form.errors["entrance_code"] == ["Unknown."]
    assert form.non_field_errors() == ["Too late."]
    assert not form.is_valid()


def test_a_service_field_may_be_renamed_to_the_form_s():
    form = bound()
    apply_errors(form, ValidationError({"text": "Empty."}), fields={"text": "note"})
    assert form.errors["note"] == ["Empty."]


def test_an_error_without_fields_goes_on_top():
    form = bound()
    apply_errors(form, ValidationError(["First.", "Second."]))
    assert form.non_field_errors() == ["First.", "Second."]
