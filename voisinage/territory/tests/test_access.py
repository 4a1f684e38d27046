"""An entrance typed by its code (forms and API payloads) is found through the access mechanism:
case and spaces do not matter, and an unknown code and one outside the reader's perimeter get
the same French error."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from voisinage.factories import EntranceFactory
from voisinage.territory.access import entrance_by_code

pytestmark = pytest.mark.django_db


def refusal(user, scheme, code: str) -> dict[str, list[str]]:
    with translation.override("fr"), pytest.raises(ValidationError) as caught:
        entrance_by_code(user, scheme, code)
    return caught.value.message_dict


def test_a_typed_code_finds_the_entrance_whatever_its_case_and_spaces(cast):
    found = entrance_by_code(cast.north_referent, cast.scheme, "  hn-2 ")
    assert found == cast.north_entrances[1]


def test_a_blank_code_is_no_entrance(cast):
    assert entrance_by_code(cast.supervisor, cast.scheme, "   ") is None


def test_another_landlord_s_entrance_is_refused_like_an_unknown_code(cast):
    outside = refusal(cast.north_referent, cast.scheme, "LS-1")
    unknown = refusal(cast.north_referent, cast.scheme, "ZZ-9")
    assert (
        outside == unknown == {"entrance_code": ["Aucune entrée n'a ce code dans le dispositif."]}
    )
    assert entrance_by_code(cast.south_referent, cast.scheme, "LS-1") == cast.south_entrances[0]


def test_an_entrance_of_another_scheme_is_not_found(cast):
    assert refusal(cast.admin, cast.scheme, "AU-1")
    assert entrance_by_code(cast.admin, cast.other_scheme, "AU-1") == cast.other_entrance


def test_the_exact_code_wins_over_another_case(cast):
    lower = EntranceFactory.create(
        neighbourhood=cast.pres, landlord=cast.north, code="hn-2", dwellings=1
    )
    assert entrance_by_code(cast.supervisor, cast.scheme, "hn-2") == lower
    assert entrance_by_code(cast.supervisor, cast.scheme, "HN-2") == cast.north_entrances[1]


def test_the_error_may_name_the_form_s_field(cast):
    with pytest.raises(ValidationError) as caught:
        entrance_by_code(cast.supervisor, cast.scheme, "ZZ-9", field="entree")
    assert set(caught.value.message_dict) == {"entree"}
