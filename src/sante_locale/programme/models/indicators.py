"""Indicators of a programme: population indicators (the territory, observed or entered by
hand) and performance measures of actions, each from the one registry
(:mod:`sante_locale.core.indicators`), with a baseline, targets and dated values."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse

from sante_locale.core.indicators import INDICATORS, indicator, observed_keys
from sante_locale.core.programme.vocab import FREQUENCIES
from sante_locale.programme.models._base import VALUE, ScopedModel, choices, history
from sante_locale.programme.models.structure import Action, Programme

MODES = {"observed": "calculé par l'observatoire", "entered": "saisi à la main"}


class Indicator(ScopedModel):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="indicators",
                                  verbose_name="programme")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, null=True, blank=True, related_name="indicators",
                               verbose_name="fiche action")
    code = models.CharField("code", max_length=20)
    key = models.CharField("indicateur du référentiel", max_length=60)
    detail = models.CharField("précision", max_length=200, blank=True,
                              help_text="Ce que mesure précisément l'indicateur pour cette action.")
    mode = models.CharField("origine des valeurs", max_length=10, choices=list(MODES.items()), default="entered")
    frequency = models.CharField("périodicité attendue", max_length=12, choices=choices(FREQUENCIES),
                                 default="yearly")
    baseline_value = models.DecimalField("situation de départ", null=True, blank=True, **VALUE)
    baseline_on = models.DateField("date de la situation de départ", null=True, blank=True)
    source = models.CharField("source habituelle", max_length=300, blank=True)
    history = history("de l'indicateur", "des indicateurs")

    class Meta:
        verbose_name = "indicateur"
        verbose_name_plural = "indicateurs"
        ordering = ["programme", "code"]
        constraints = [models.UniqueConstraint(fields=["programme", "code"], name="unique_indicator_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"

    @property
    def definition(self):
        return INDICATORS.get(self.key)

    @property
    def label(self) -> str:
        base = self.definition.label if self.definition else self.key
        return f"{base} — {self.detail}" if self.detail else base

    @property
    def unit(self) -> str:
        return self.definition.unit if self.definition else ""

    @property
    def decimals(self) -> int:
        return self.definition.decimals if self.definition else 0

    @property
    def kind(self) -> str:
        return self.definition.kind if self.definition else "performance"

    @property
    def question(self) -> str:
        return self.definition.question if self.definition else ""

    def programmes(self) -> list:
        return self.action.programmes() if self.action_id else [self.programme]

    def clean(self) -> None:
        problems = {}
        try:
            definition = indicator(self.key)
        except KeyError as exc:
            problems["key"] = exc.args[0] + " Choisissez un indicateur du référentiel."
        else:
            if definition.kind == "performance" and not self.action_id:
                problems["action"] = "Une mesure de performance se rattache à une fiche action : choisissez-la."
            if definition.kind == "population" and self.action_id:
                problems["action"] = "Un indicateur de population décrit le territoire, pas une action : " \
                                     "laissez la fiche action vide."
            if self.mode == "observed" and self.key not in observed_keys():
                problems["mode"] = "L'observatoire ne calcule pas cet indicateur : choisissez « saisi à la main »."
        if self.action_id and self.programme_id and self.action.programme.pk != self.programme_id:
            problems["action"] = "Cette fiche action n'appartient pas à ce programme."
        if problems:
            raise ValidationError(problems)

    def get_absolute_url(self) -> str:
        return reverse("programme_indicator", args=[self.programme.dispositif_id, self.pk])


class Target(ScopedModel):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets",
                                  verbose_name="indicateur")
    due_on = models.DateField("échéance")
    value = models.DecimalField("valeur cible", **VALUE)
    history = history("de la cible", "des cibles")

    class Meta:
        verbose_name = "cible"
        verbose_name_plural = "cibles"
        ordering = ["indicator", "due_on"]
        constraints = [models.UniqueConstraint(fields=["indicator", "due_on"], name="unique_target_date")]

    def __str__(self) -> str:
        return f"{self.value} au {self.due_on:%d/%m/%Y}"

    def programmes(self) -> list:
        return self.indicator.programmes()


class IndicatorValue(ScopedModel):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values",
                                  verbose_name="indicateur")
    measured_on = models.DateField("date de la mesure")
    value = models.DecimalField("valeur", **VALUE)
    source = models.CharField("source", max_length=300)
    vintage = models.CharField("millésime", max_length=40, blank=True)
    note = models.CharField("commentaire", max_length=500, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name="saisie par")
    history = history("de la valeur d'indicateur", "des valeurs d'indicateurs")

    class Meta:
        verbose_name = "valeur d'indicateur"
        verbose_name_plural = "valeurs d'indicateurs"
        ordering = ["indicator", "measured_on"]
        constraints = [models.UniqueConstraint(fields=["indicator", "measured_on"], name="unique_value_date")]

    def __str__(self) -> str:
        return f"{self.value} au {self.measured_on:%d/%m/%Y}"

    def programmes(self) -> list:
        return self.indicator.programmes()
