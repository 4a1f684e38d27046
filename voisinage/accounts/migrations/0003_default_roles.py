from django.db import migrations

from voisinage.accounts.roles import DEFAULT_ROLES


def create_roles(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for spec in DEFAULT_ROLES:
        values = dict(spec)
        code = values.pop("code")
        Role.objects.update_or_create(code=code, defaults=values)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_initial")]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
