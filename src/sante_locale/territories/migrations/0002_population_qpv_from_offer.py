"""Population by age and QPV now belong to ``territories``: their tables stay as they are.

State only (``SeparateDatabaseAndState``): the models are created here in Django's state on
the tables ``offer`` made (``db_table`` keeps their names), so existing rows stay put.
"""

import django.db.models.deletion
from django.db import migrations, models

STATE = [
    migrations.CreateModel(
        name="PopulationByAge",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ("vintage", models.CharField(max_length=40, verbose_name="millésime")),
            ("population", models.FloatField(verbose_name="population")),
            ("bands", models.JSONField(default=dict, verbose_name="tranches d'âge")),
            ("commune", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="population_by_age",
                                          to="territories.commune", verbose_name="commune")),
        ],
        options={
            "verbose_name": "population par âge",
            "verbose_name_plural": "populations par âge",
            "db_table": "offer_populationbyage",
            "constraints": [models.UniqueConstraint(fields=("commune", "vintage"), name="offer_population_unique")],
        },
    ),
    migrations.CreateModel(
        name="QPV",
        fields=[
            ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
            ("qpv_code", models.CharField(max_length=10, unique=True, verbose_name="code QPV")),
            ("name", models.CharField(max_length=300, verbose_name="nom")),
            ("geometry", models.BinaryField(blank=True, null=True, verbose_name="contour (WKB, WGS84)")),
            ("vintage", models.CharField(blank=True, max_length=40, verbose_name="millésime")),
            ("communes", models.ManyToManyField(blank=True, db_table="offer_qpv_communes", related_name="qpvs",
                                                to="territories.commune", verbose_name="communes")),
        ],
        options={"verbose_name": "QPV", "verbose_name_plural": "QPV", "db_table": "offer_qpv"},
    ),
]


class Migration(migrations.Migration):

    dependencies = [
        ("territories", "0001_initial"),
        ("offer", "0001_initial"),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=STATE, database_operations=[])]
