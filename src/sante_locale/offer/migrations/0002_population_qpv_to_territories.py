"""Population by age and QPV leave ``offer`` for ``territories``: state only, tables kept."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("offer", "0001_initial"),
        ("territories", "0002_population_qpv_from_offer"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="PopulationByAge"), migrations.DeleteModel(name="QPV")],
            database_operations=[],
        ),
    ]
