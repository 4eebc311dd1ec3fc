from django.db import migrations

from sante_locale.coordination.kinds import DEFAULT_KINDS


def add_kinds(apps, schema_editor):
    Kind = apps.get_model("coordination", "DispositifKind")
    for key, (label, name, order) in DEFAULT_KINDS.items():
        Kind.objects.get_or_create(key=key, defaults={"label": label, "name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("coordination", "0002_initial")]
    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
