"""The whole demonstration, with its activity, loaded twice: the second load adds nothing.

Not marked ``time_sensitive`` (unlike test_load_demo.py): it holds the clock at one moment itself,
so a run at 23:59 or 05:59 would load the same demo at the same moment again."""

from io import StringIO

import pytest
from django.core.management import call_command

from voisinage.desk.models import InboundStatus
from voisinage.desk.services import inbound_email_receive
from voisinage.desk.tests.mailservers import instruction_email
from voisinage.field.models import Intervention
from voisinage.networks.models import Network


def every_table_count() -> dict[str, int]:
    from django.apps import apps

    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label
        in {"accounts", "territory", "schemes", "field", "governance", "funding", "networks"}
        and model._meta.label != "accounts.LoginFailure"
    }


@pytest.mark.slow
def test_the_whole_demo_with_its_activity_loads_twice_without_adding_anything(db, clock):
    # At one moment: the demo is dated relative to today, and loading it again on another day
    # adds that day's rota (a run started at 23:59 ends after midnight).
    call_command("load_demo", stdout=StringIO())
    first = every_table_count()
    assert first["field.Intervention"] > 200
    # The metropolis' network groups Humanicité and the Val de Marque, whose mediators give
    # the education and access-to-rights fields their figures; its officer reads it.
    mel = Network.objects.get(slug="mel")
    assert sorted(mel.links.values_list("scheme__slug", flat=True)) == [
        "humanicite",
        "val-de-marque",
    ]
    assert mel.members.filter(user__username="metropole").exists()
    fields = set(
        Intervention.objects.filter(scheme__slug="val-de-marque").values_list(
            "activities__field__code", flat=True
        )
    )
    assert {"education", "access-to-rights"} <= fields
    call_command("load_demo", stdout=StringIO())
    assert every_table_count() == first
    # Besançon's landlords may e-mail their instructions to the scheme's address.
    raw = instruction_email(
        sender="neolia@demo.voisinage.invalid",
        to="consignes-besancon@demo.voisinage.invalid",
        body="Consigne : passage devant le hall",
    ).as_bytes()
    email, _created = inbound_email_receive(raw=raw, channel="smtp")
    assert email.status == InboundStatus.DRAFT
    assert email.landlord is not None
    assert email.landlord.name == "Néolia"
