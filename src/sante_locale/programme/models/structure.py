"""Programme → axes stratégiques → objectifs → fiches actions, with milestones and funding."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from sante_locale.coordination.models import Body, Dispositif
from sante_locale.core.programme.vocab import APPROACHES, PARTICIPATION, PRIORITIES, STATUSES
from sante_locale.programme.models._base import AMOUNT, ScopedModel, choices, history
from sante_locale.structures.models import Structure
from sante_locale.territories.models import QPV, Commune

YEAR = [MinValueValidator(1990), MaxValueValidator(2100)]


class Programme(ScopedModel):
    """The action programme of one dispositif."""

    dispositif = models.OneToOneField(Dispositif, on_delete=models.CASCADE, related_name="programme",
                                      verbose_name="dispositif")
    title = models.CharField("intitulé", max_length=200, default="Programme d'actions")
    starts_year = models.PositiveSmallIntegerField("première année", null=True, blank=True, validators=YEAR)
    ends_year = models.PositiveSmallIntegerField("dernière année", null=True, blank=True, validators=YEAR)
    summary = models.TextField("présentation", blank=True)
    is_published = models.BooleanField(
        "publié", default=False,
        help_text="Visible sans connexion (axes, objectifs, fiches actions, indicateurs) si le dispositif est "
                  "public. Le budget, les risques, la lentille et la grille restent réservés aux partenaires.")
    updated_at = models.DateTimeField("modifié le", auto_now=True)
    history = history("du programme", "des programmes")

    class Meta:
        verbose_name = "programme d'actions"
        verbose_name_plural = "programmes d'actions"

    def __str__(self) -> str:
        return f"{self.title} — {self.dispositif}"

    def programmes(self) -> list:
        return [self]

    def role_scope(self) -> list:
        return [self.dispositif]

    @property
    def is_public(self) -> bool:
        return bool(self.is_published and self.dispositif.is_public)

    def clean(self) -> None:
        if self.starts_year and self.ends_year and self.ends_year < self.starts_year:
            raise ValidationError({"ends_year": "La dernière année précède la première : corrigez l'une des deux."})

    def get_absolute_url(self) -> str:
        return reverse("programme", args=[self.dispositif_id])


class Axis(ScopedModel):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="axes", verbose_name="programme")
    code = models.CharField("code", max_length=20)
    title = models.CharField("intitulé", max_length=300)
    description = models.TextField("description", blank=True)
    order = models.PositiveSmallIntegerField("ordre", default=1)
    history = history("de l'axe", "des axes")

    class Meta:
        verbose_name = "axe stratégique"
        verbose_name_plural = "axes stratégiques"
        ordering = ["order", "code"]
        constraints = [models.UniqueConstraint(fields=["programme", "code"], name="unique_axis_code")]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"

    def programmes(self) -> list:
        return [self.programme]


class Objective(ScopedModel):
    axis = models.ForeignKey(Axis, on_delete=models.CASCADE, related_name="objectives", verbose_name="axe")
    code = models.CharField("code", max_length=20)
    title = models.CharField("intitulé", max_length=300)
    description = models.TextField("description", blank=True)
    order = models.PositiveSmallIntegerField("ordre", default=1)
    history = history("de l'objectif", "des objectifs")

    class Meta:
        verbose_name = "objectif"
        verbose_name_plural = "objectifs"
        ordering = ["axis__order", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["axis", "code"], name="unique_objective_code")]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"

    def programmes(self) -> list:
        return [self.axis.programme]


class Action(ScopedModel):
    """A fiche action. It belongs to one objective of its programme and may also appear in
    objectives of other programmes (``shared_in``: an action shared by a CLS and its ASV)."""

    # CASCADE so that a dispositif (or its programme) can be deleted whole; the pages refuse to
    # delete an axis or an objective that still holds actions (see www/programme/views.py)
    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="actions",
                                  verbose_name="objectif")
    shared_in = models.ManyToManyField(Objective, blank=True, related_name="shared_actions",
                                       verbose_name="partagée avec les objectifs")
    code = models.CharField("code", max_length=20)
    title = models.CharField("intitulé", max_length=300)
    context = models.TextField("contexte", blank=True)
    diagnosis_key = models.CharField("chiffre du diagnostic", max_length=60, blank=True,
                                     help_text="Indicateur du portrait de territoire qui fonde l'action.")
    diagnosis_text = models.TextField("lien au diagnostic", blank=True)
    description = models.TextField("description", blank=True)
    steps = models.TextField("étapes", blank=True)
    pilots = models.ManyToManyField(Structure, blank=True, related_name="piloted_actions", verbose_name="pilotes")
    partners = models.ManyToManyField(Structure, blank=True, related_name="partnered_actions",
                                      verbose_name="partenaires")
    audiences = models.JSONField("publics cibles", default=list, blank=True)
    audiences_detail = models.CharField("précision sur les publics", max_length=300, blank=True)
    communes = models.ManyToManyField(Commune, blank=True, related_name="actions",
                                      verbose_name="communes d'intervention")
    qpvs = models.ManyToManyField(QPV, blank=True, related_name="actions", verbose_name="QPV d'intervention")
    starts_on = models.DateField("début", null=True, blank=True)
    ends_on = models.DateField("fin", null=True, blank=True)
    human_means = models.TextField("moyens humains", blank=True)
    material_means = models.TextField("moyens matériels", blank=True)
    plans = models.JSONField("plans et programmes de rattachement", default=list, blank=True)
    plans_detail = models.CharField("précision sur les plans", max_length=300, blank=True)
    determinants = models.JSONField("déterminants de santé", default=list, blank=True)
    approach = models.CharField("approche des inégalités", max_length=30, choices=choices(APPROACHES),
                                default="universal")
    participation = models.CharField("participation des habitants", max_length=20, choices=choices(PARTICIPATION),
                                     default="none")
    status = models.CharField("statut", max_length=12, choices=choices(STATUSES), default="planned")
    priority = models.CharField("priorité", max_length=8, choices=choices(PRIORITIES), default="medium")
    risks = models.TextField("risques et points de vigilance", blank=True)
    body = models.ForeignKey(Body, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions",
                             verbose_name="instance de suivi")
    updated_at = models.DateTimeField("modifiée le", auto_now=True)
    history = history("de la fiche action", "des fiches actions", m2m_fields=[pilots, partners, shared_in])

    class Meta:
        verbose_name = "fiche action"
        verbose_name_plural = "fiches actions"
        ordering = ["objective__axis__order", "objective__order", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def programme(self) -> Programme:
        return self.objective.axis.programme

    def programmes(self) -> list:
        out = [self.programme]
        if self.pk:
            out += [o.axis.programme for o in self.shared_in.select_related("axis__programme__dispositif")]
        return out

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "La fin de l'action précède son début : corrigez l'une des deux dates."})

    def get_absolute_url(self) -> str:
        return reverse("programme_action", args=[self.programme.dispositif_id, self.pk])


class Milestone(ScopedModel):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="milestones",
                               verbose_name="fiche action")
    title = models.CharField("jalon", max_length=300)
    due_on = models.DateField("échéance")
    done_on = models.DateField("atteint le", null=True, blank=True)
    history = history("du jalon", "des jalons")

    class Meta:
        verbose_name = "jalon"
        verbose_name_plural = "jalons"
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.title

    def programmes(self) -> list:
        return self.action.programmes()


class ActionFunding(ScopedModel):
    """A funder's amount for an action and a year: planned, and obtained once granted."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="fundings",
                               verbose_name="fiche action")
    funder = models.ForeignKey(Structure, on_delete=models.PROTECT, related_name="action_fundings",
                               verbose_name="financeur")
    year = models.PositiveSmallIntegerField("année", validators=YEAR)
    planned = models.DecimalField("montant prévu (€)", validators=[MinValueValidator(0)], **AMOUNT)
    obtained = models.DecimalField("montant obtenu (€)", null=True, blank=True, validators=[MinValueValidator(0)],
                                   **AMOUNT)
    history = history("du financement d'action", "des financements d'actions")

    class Meta:
        verbose_name = "financement d'action"
        verbose_name_plural = "financements d'actions"
        ordering = ["year", "funder__name"]
        constraints = [models.UniqueConstraint(fields=["action", "funder", "year"], name="unique_action_funding")]

    def __str__(self) -> str:
        return f"{self.funder} {self.year} : {self.planned} €"

    def programmes(self) -> list:
        return self.action.programmes()
