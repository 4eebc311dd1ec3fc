"""Stored import kinds in English (the CLI names stay as they were for users)."""

from django.db import migrations

RENAMED = {"insee": "population", "apl-drees": "published_apl", "zonage": "zoning", "ages": "birth_years"}


def _rename(mapping):
    def run(apps, schema_editor):
        supply_import = apps.get_model("offer", "SupplyImport")
        for old, new in mapping.items():
            supply_import.objects.filter(kind=old).update(kind=new)
    return run


class Migration(migrations.Migration):

    dependencies = [("offer", "0002_population_qpv_to_territories")]

    operations = [
        migrations.RunPython(_rename(RENAMED), _rename({new: old for old, new in RENAMED.items()})),
    ]
