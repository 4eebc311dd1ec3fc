"""Evaluation: the inequalities lens (questions kept as data, answers per action) and the
yearly self-assessment grid of a dispositif (the seven characteristics)."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from sante_locale.coordination.models import Dispositif
from sante_locale.core.programme.grid import CHARACTERISTICS, MAX_SCORE
from sante_locale.core.programme.vocab import LENS_ANSWERS, STAGES
from sante_locale.programme.models._base import ScopedModel, choices, history
from sante_locale.programme.models.structure import YEAR, Action


class LensQuestion(models.Model):
    """A question of the inequalities lens, at one project stage (editable by administrators)."""

    key = models.SlugField("clé", max_length=60, unique=True)
    stage = models.CharField("étape du projet", max_length=20, choices=choices(STAGES))
    text = models.CharField("question", max_length=400)
    help = models.TextField("aide", blank=True)
    order = models.PositiveSmallIntegerField("ordre", default=1)
    is_active = models.BooleanField("posée", default=True)
    history = history("de la question", "des questions")

    class Meta:
        verbose_name = "question de la lentille inégalités"
        verbose_name_plural = "questions de la lentille inégalités"
        ordering = ["order", "key"]

    def __str__(self) -> str:
        return self.text


class LensAnswer(ScopedModel):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="lens_answers",
                               verbose_name="fiche action")
    question = models.ForeignKey(LensQuestion, on_delete=models.PROTECT, related_name="answers",
                                 verbose_name="question")
    answer = models.CharField("réponse", max_length=16, choices=choices(LENS_ANSWERS), blank=True)
    justification = models.TextField("justification", blank=True)
    history = history("de la réponse", "des réponses")

    class Meta:
        verbose_name = "réponse de la lentille inégalités"
        verbose_name_plural = "réponses de la lentille inégalités"
        constraints = [models.UniqueConstraint(fields=["action", "question"], name="unique_lens_answer")]

    def __str__(self) -> str:
        return f"{self.action.code} — {self.question.key} : {self.get_answer_display() or 'sans réponse'}"

    def programmes(self) -> list:
        return self.action.programmes()


class SelfAssessment(ScopedModel):
    """The self-assessment grid of a dispositif for one year."""

    dispositif = models.ForeignKey(Dispositif, on_delete=models.CASCADE, related_name="self_assessments",
                                   verbose_name="dispositif")
    year = models.PositiveSmallIntegerField("année", validators=YEAR)
    participants = models.TextField("qui a rempli la grille", blank=True)
    comment = models.TextField("commentaire général", blank=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)
    history = history("de la grille d'autoévaluation", "des grilles d'autoévaluation")

    class Meta:
        verbose_name = "grille d'autoévaluation"
        verbose_name_plural = "grilles d'autoévaluation"
        ordering = ["dispositif", "-year"]
        constraints = [models.UniqueConstraint(fields=["dispositif", "year"], name="unique_self_assessment_year")]

    def __str__(self) -> str:
        return f"{self.dispositif} — {self.year}"

    def role_scope(self) -> list:
        return [self.dispositif]

    def programmes(self) -> list:
        programme = getattr(self.dispositif, "programme", None)
        return [programme] if programme else []

    def scores(self) -> dict[str, int | None]:
        given = {s.characteristic: s.score for s in self.characteristic_scores.all()}
        return {c.key: given.get(c.key) for c in CHARACTERISTICS}


class CharacteristicScore(ScopedModel):
    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="characteristic_scores",
                                   verbose_name="grille")
    characteristic = models.CharField("caractéristique", max_length=20,
                                      choices=[(c.key, c.label) for c in CHARACTERISTICS])
    score = models.PositiveSmallIntegerField("note", null=True, blank=True,
                                             validators=[MinValueValidator(0), MaxValueValidator(MAX_SCORE)])
    comment = models.TextField("commentaire", blank=True)
    history = history("de la note", "des notes")

    class Meta:
        verbose_name = "note d'une caractéristique"
        verbose_name_plural = "notes des caractéristiques"
        constraints = [models.UniqueConstraint(fields=["assessment", "characteristic"],
                                               name="unique_characteristic_score")]

    def __str__(self) -> str:
        return f"{self.get_characteristic_display()} : {self.score}"

    def role_scope(self) -> list:
        return [self.assessment.dispositif]

    def programmes(self) -> list:
        return self.assessment.programmes()
