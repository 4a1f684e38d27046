from importlib import import_module

from django.apps import apps

from voisinage.accounts.models import Role
from voisinage.accounts.roles import DEFAULT_ROLES
from voisinage.accounts.services import roles_ensure_defaults

# A transactional test elsewhere may have flushed the tables: these tests set up what they need.
create_roles = import_module("voisinage.accounts.migrations.0003_default_roles").create_roles


def test_the_data_migration_creates_the_six_default_roles_with_their_capabilities(db):
    Role.objects.all().delete()
    create_roles(apps, None)
    roles = {r.code: r for r in Role.objects.all()}
    assert set(roles) == {str(spec["code"]) for spec in DEFAULT_ROLES}
    assert roles["supervisor"].can_supervise
    assert not roles["partner_referent"].sees_sensitive
    assert roles["partner_referent"].side == "partner"


def test_missing_default_roles_are_recreated_and_edited_ones_are_kept(db):
    roles_ensure_defaults()
    Role.objects.filter(code="agent").delete()
    Role.objects.filter(code="supervisor").update(label="Chef de nuit")
    roles_ensure_defaults()
    assert Role.objects.count() == len(DEFAULT_ROLES)
    assert Role.objects.get(code="supervisor").label == "Chef de nuit"
    assert Role.objects.get(code="agent").can_record
