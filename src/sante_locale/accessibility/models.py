"""Computed accessibility results, stored with their parameters and input vintages.

Published DREES values live apart (``offer.PublishedAPL``): the two are shown side by side
and never mixed in one computation.
"""

from django.db import models

from sante_locale.territories.models import Commune


class APLRun(models.Model):
    KINDS = [("baseline", "calcul"), ("scenario", "scénario")]

    kind = models.CharField("nature", max_length=10, choices=KINDS, default="baseline")
    profession = models.CharField("profession", max_length=40, db_index=True)
    parameters = models.JSONField("paramètres")
    key = models.CharField("empreinte des paramètres et des entrées", max_length=64, db_index=True)
    scope = models.CharField("périmètre", max_length=200)
    inputs = models.JSONField("entrées (sources et millésimes)", default=dict)
    travel_model = models.JSONField("modèle de temps de trajet (paramètres et empreinte)", default=dict)
    scenario = models.JSONField("scénario", default=dict, blank=True)
    fictive = models.BooleanField("données fictives", default=False)
    summary = models.JSONField("résumé", default=dict)
    duration_s = models.FloatField("durée du calcul (s)", default=0.0)
    created_at = models.DateTimeField("calculé le", auto_now_add=True)

    class Meta:
        verbose_name = "calcul d'APL"
        verbose_name_plural = "calculs d'APL"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"APL {self.profession} ({self.scope}, {self.created_at:%d/%m/%Y})"


class APLValue(models.Model):
    run = models.ForeignKey(APLRun, on_delete=models.CASCADE, related_name="values", verbose_name="calcul")
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="apl_values", verbose_name="commune")
    apl = models.FloatField("APL")
    unreached = models.BooleanField("aucune offre à portée", default=False)
    nearest_minutes = models.FloatField("temps jusqu'au plus proche (min)", null=True, blank=True)
    population = models.FloatField("population", null=True, blank=True)
    demand = models.FloatField("population prise en compte (standardisée ou non)", null=True, blank=True)

    class Meta:
        verbose_name = "valeur d'APL"
        verbose_name_plural = "valeurs d'APL"
        constraints = [models.UniqueConstraint(fields=["run", "commune"], name="unique_apl_value")]

    def __str__(self) -> str:
        return f"{self.commune_id}: {self.apl:.2f}"
