from django.db import migrations

from voisinage.accounts.roles import DEFAULT_ROLES


def create_roles(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    # The list is today's: keep only the fields this migration's Role has (later migrations add
    # the others and the roles that need them).
    fields = {f.name for f in Role._meta.get_fields()}
    for spec in DEFAULT_ROLES:
        values = {k: v for k, v in spec.items() if k in fields}
        code = values.pop("code")
        Role.objects.update_or_create(code=code, defaults=values)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_initial")]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
