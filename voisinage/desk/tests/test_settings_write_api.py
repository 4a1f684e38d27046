"""The API writes of the desk's settings section (call natures, instruction cut-off): the
same services as the page, the scheme's managers only, French refusals that change nothing."""

from __future__ import annotations

from datetime import time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from voisinage.desk.models import CallNature
from voisinage.desk.services import desk_settings, scheme_natures
from voisinage.desk.services.settings import desk_instruction_address_set
from voisinage.factories import besancon_like_hours
from voisinage.schemes.models import SettingChange
from voisinage.schemes.tests.settings_walk import refused, walk


def _nature(cast, code):
    return CallNature.objects.filter(scheme=cast.scheme, code=code).first()


def test_each_write_works_for_the_manager_only_and_is_logged(cast, client):
    url = lambda name, *args: reverse(f"api:{name}", args=["rivebourg", *args])  # noqa: E731
    walk(
        cast,
        client,
        [
            (
                "POST",
                url("add_call_nature"),
                {"code": "fuite", "label": "Fuite d’eau"},
                lambda: _nature(cast, "fuite") is not None,
            ),
            (
                "PUT",
                url("set_instruction_cutoff"),
                {"cutoff": "16:30"},
                lambda: desk_settings(cast.scheme).instruction_cutoff == time(16, 30),
            ),
        ],
    )
    fuite = _nature(cast, "fuite")
    walk(
        cast,
        client,
        [
            (
                "PATCH",
                url("rename_call_nature", fuite.pk),
                {"label": "Fuite"},
                lambda: _nature(cast, "fuite").label == "Fuite",
            ),
            (
                "POST",
                url("move_call_nature", fuite.pk),
                {"by": -1},
                lambda: _nature(cast, "fuite").position < fuite.position,
            ),
            (
                "POST",
                url("retire_call_nature", fuite.pk),
                {"retire": True},
                lambda: _nature(cast, "fuite").retired_at is not None,
            ),
        ],
    )


def test_bad_input_is_refused_in_french_and_changes_nothing(cast, client):
    besancon_like_hours(cast.scheme)
    before = desk_settings(cast.scheme).instruction_cutoff
    within = refused(
        client,
        cast.operator_manager,
        "PUT",
        reverse("api:set_instruction_cutoff", args=["rivebourg"]),
        {"cutoff": "19:00"},
    )
    assert "horaires de service" in within
    assert desk_settings(cast.scheme).instruction_cutoff == before
    scheme_natures(cast.scheme)  # the French defaults
    existing = CallNature.objects.filter(scheme=cast.scheme).first()
    assert existing is not None
    count = CallNature.objects.filter(scheme=cast.scheme).count()
    twice = refused(
        client,
        cast.operator_manager,
        "POST",
        reverse("api:add_call_nature", args=["rivebourg"]),
        {"code": existing.code, "label": "Autre chose"},
    )
    assert existing.code in twice
    assert CallNature.objects.filter(scheme=cast.scheme).count() == count


def test_the_instruction_address_is_set_logged_and_unique_to_one_scheme(cast):
    desk_instruction_address_set(
        scheme=cast.scheme, author=cast.operator_manager, address=" Consignes@Rivebourg.test "
    )
    assert desk_settings(cast.scheme).instruction_address == "consignes@rivebourg.test"
    line = SettingChange.objects.get(scheme=cast.scheme)
    assert line.after == "consignes@rivebourg.test"
    assert line.author == cast.operator_manager
    with pytest.raises(ValidationError) as taken:
        desk_instruction_address_set(
            scheme=cast.other_scheme, author=None, address="CONSIGNES@rivebourg.test"
        )
    assert "Un autre dispositif" in str(taken.value)
    assert desk_settings(cast.other_scheme).instruction_address == ""
    assert not SettingChange.objects.filter(scheme=cast.other_scheme).exists()
