"""The optional parts a scheme uses are data on the scheme (``Scheme.capabilities``), set by
one service: a scheme without patrols, courtesy visits or instructions (a daytime mediation
scheme) does not show them in its navigation."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from voisinage.desk.models import CallNature
from voisinage.desk.services import call_natures_ensure_defaults, call_record
from voisinage.desk.tests.conftest import TUESDAY, paris
from voisinage.factories import SchemeFactory
from voisinage.field.models import PatrolPlan
from voisinage.navigation import scheme_entries, scheme_menu
from voisinage.schemes.models import Capability, Scheme, SettingChange
from voisinage.schemes.services import scheme_capabilities_set

pytestmark = pytest.mark.django_db

OPTIONAL_ENTRIES = {
    "field:patrols",
    "field:patrol_tonight",
    "field:coverage",
    "field:courtesy_campaigns",
    "field:staffing",
    "desk:board",
    "desk:instructions",
    "desk:times",
    "reports:list",
}


def names(user, scheme) -> set[str]:
    return {e.view_name for e in scheme_entries(user, scheme)}


def test_a_new_scheme_uses_every_part(cast):
    assert SchemeFactory.create().capabilities == list(Capability.values)
    assert cast.scheme.uses(Capability.PATROLS)


def test_the_service_sets_them_in_a_fixed_order_logs_them_and_refuses_unknown_ones(cast):
    scheme = scheme_capabilities_set(
        scheme=cast.scheme,
        author=cast.operator_manager,
        capabilities=["reports", "patrols", "reports"],
    )
    assert scheme.capabilities == ["patrols", "reports"]
    assert Scheme.objects.get(pk=cast.scheme.pk).capabilities == ["patrols", "reports"]
    line = SettingChange.objects.get(scheme=cast.scheme)
    assert line.author == cast.operator_manager
    courtesy = str(Capability.COURTESY_VISITS.label)
    assert courtesy in line.before
    assert courtesy not in line.after
    # Setting the same parts again changes nothing and logs nothing.
    scheme_capabilities_set(scheme=cast.scheme, author=None, capabilities=["reports", "patrols"])
    assert SettingChange.objects.filter(scheme=cast.scheme).count() == 1
    with pytest.raises(ValidationError) as refused:
        scheme_capabilities_set(
            scheme=cast.scheme, author=None, capabilities=["patrols", "karaoke"]
        )
    assert "karaoke" in str(refused.value)
    assert Scheme.objects.get(pk=cast.scheme.pk).capabilities == ["patrols", "reports"]


def test_the_field_is_validated(cast):
    cast.scheme.capabilities = "patrols"
    with pytest.raises(ValidationError):
        cast.scheme.full_clean()


@pytest.mark.parametrize("persona", ["supervisor", "agent", "north_referent", "admin"])
def test_a_scheme_shows_only_the_parts_it_uses(cast, persona):
    user = cast.personas()[persona]
    everything = names(user, cast.scheme)
    scheme_capabilities_set(scheme=cast.scheme, author=None, capabilities=[Capability.REPORTS])
    daytime = names(user, cast.scheme)
    assert daytime & OPTIONAL_ENTRIES <= {"reports:list"}
    assert "field:logbook" in daytime  # the logbook is always there
    assert "digests:list" in daytime
    assert everything - daytime <= OPTIONAL_ENTRIES
    assert "reports:list" in daytime


def test_the_agent_s_quick_buttons_skip_what_the_scheme_does_not_use(cast):
    scheme_capabilities_set(scheme=cast.scheme, author=None, capabilities=[])
    menu = scheme_menu(cast.agent, cast.scheme, "field:logbook")
    # « Ce soir pour moi » is the agent's home whatever the scheme uses (it lists only what exists).
    assert [i.view_name for i in menu.quick] == [
        "field:my_tonight",
        "field:record",
        "field:logbook",
    ]
    groups = {g.key: [i.view_name for i in g.items] for g in menu.groups}
    assert "field:patrol_tonight" not in groups["night"]


def test_an_existing_scheme_starts_with_what_it_has(cast, clock):
    """The migration's rule: patrol plans (or a weekly target), calls… give their part."""
    migration = import_module("voisinage.schemes.migrations.0003_capabilities")
    call_natures_ensure_defaults(scheme=cast.scheme)
    call_record(
        scheme=cast.scheme,
        user=cast.supervisor,
        nature=CallNature.objects.filter(scheme=cast.scheme).first(),
        received_at=paris(TUESDAY, 20, 0),
        entrance=cast.north_entrances[0],
    )
    PatrolPlan.objects.create(
        scheme=cast.other_scheme,
        month=TUESDAY.replace(day=1),
        weekly_target=5,
        created_by=cast.supervisor,
    )
    migration.from_what_they_have(apps, None)
    assert Scheme.objects.get(pk=cast.scheme.pk).capabilities == ["phone_desk"]
    assert Scheme.objects.get(pk=cast.other_scheme.pk).capabilities == ["patrols"]


def test_a_manager_s_quick_buttons_are_filled_from_the_night_group(cast):
    """Without a phone desk the manager's « Tableau en direct » goes: « Saisir » takes its
    place, so a phone still offers three buttons."""
    scheme_capabilities_set(scheme=cast.scheme, author=None, capabilities=[Capability.REPORTS])
    menu = scheme_menu(cast.operator_manager, cast.scheme, "territory:overview")
    assert [i.view_name for i in menu.quick] == [
        "field:logbook",
        "analytics:dashboard",
        "field:record",
    ]


def test_the_digest_leaves_out_the_sections_of_unused_parts(cast):
    from voisinage.digests.compile import compile_night

    night = TUESDAY
    everything = [s["key"] for s in compile_night(cast.scheme, night)["sections"]]
    assert {"calls", "instructions", "reports"} <= set(everything)
    scheme_capabilities_set(scheme=cast.scheme, author=None, capabilities=[])
    daytime = [s["key"] for s in compile_night(cast.scheme, night)["sections"]]
    assert not {"calls", "instructions", "reports", "answers"} & set(daytime)
    assert set(everything) - set(daytime) <= {"calls", "instructions", "reports", "answers"}
    assert daytime  # serious incidents and complaints stay
