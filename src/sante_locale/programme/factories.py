"""Test factories for the programme (used by the test suite and the benchmark; needs factory_boy)."""

import datetime as dt
from decimal import Decimal

import factory

from sante_locale.coordination.factories import DispositifFactory
from sante_locale.programme.models import (
    Action,
    ActionFunding,
    Axis,
    CharacteristicScore,
    Indicator,
    IndicatorValue,
    LensAnswer,
    LensQuestion,
    Milestone,
    Objective,
    Programme,
    SelfAssessment,
    Target,
)
from sante_locale.structures.factories import StructureFactory


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ("dispositif",)

    dispositif = factory.SubFactory(DispositifFactory)
    title = "Programme d'actions 2024-2028"
    starts_year = 2024
    ends_year = 2028


class AxisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Axis

    programme = factory.SubFactory(ProgrammeFactory)
    code = factory.Sequence(lambda n: str(n + 1))
    title = "Améliorer l'accès aux soins de premier recours"


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    axis = factory.SubFactory(AxisFactory)
    code = factory.LazyAttributeSequence(lambda o, n: f"{o.axis.code}.{n + 1}")
    title = "Faciliter l'installation de médecins généralistes"


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action
        skip_postgeneration_save = True

    objective = factory.SubFactory(ObjectiveFactory)
    code = factory.LazyAttributeSequence(lambda a, n: f"{a.objective.code}.{n + 1}")
    title = "Accueillir les internes en médecine générale"
    description = "Logement, découverte du territoire et maîtres de stage."
    starts_on = dt.date(2025, 1, 1)
    ends_on = dt.date(2027, 12, 31)
    status = "in_progress"
    determinants = factory.LazyFunction(lambda: ["access_to_care"])
    audiences = factory.LazyFunction(lambda: ["professionals"])

    @factory.post_generation
    def pilots(self, create, extracted, **kwargs):
        if create and extracted:
            self.pilots.set(extracted)


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Milestone

    action = factory.SubFactory(ActionFactory)
    title = "Première promotion d'internes accueillie"
    due_on = dt.date(2025, 11, 1)


class ActionFundingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionFunding

    action = factory.SubFactory(ActionFactory)
    funder = factory.SubFactory(StructureFactory)
    year = 2025
    planned = Decimal("12000")
    obtained = Decimal("10000")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    action = factory.SubFactory(ActionFactory)
    programme = factory.LazyAttribute(lambda i: i.action.programme if i.action else ProgrammeFactory())
    code = factory.Sequence(lambda n: f"I{n + 1}")
    key = "people_reached"
    detail = "internes accueillis"
    baseline_value = Decimal("2")
    baseline_on = dt.date(2024, 12, 31)
    source = "tableau de suivi de la CPTS"


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    indicator = factory.SubFactory(IndicatorFactory)
    due_on = dt.date(2027, 12, 31)
    value = Decimal("12")


class IndicatorValueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorValue

    indicator = factory.SubFactory(IndicatorFactory)
    measured_on = dt.date(2025, 12, 31)
    value = Decimal("5")
    source = "tableau de suivi de la CPTS"


class SelfAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SelfAssessment
        skip_postgeneration_save = True

    dispositif = factory.SubFactory(DispositifFactory)
    year = 2025
    participants = "comité technique"

    @factory.post_generation
    def scores(self, create, extracted, **kwargs):
        if create and extracted:
            for key, score in extracted.items():
                CharacteristicScore.objects.update_or_create(assessment=self, characteristic=key,
                                                             defaults={"score": score})


def sample_programme(dispositif, n_actions: int = 6, *, funders=None) -> Programme:
    """A complete programme (every sheet of the workbook filled) of ``n_actions`` actions."""
    from sante_locale.territories.models import QPV, Commune

    programme = ProgrammeFactory(dispositif=dispositif, summary="Programme d'essai.", is_published=True)
    funders = funders or [StructureFactory(name="Agence d'essai", kind="ars"),
                          StructureFactory(name="Ville d'essai", kind="commune")]
    communes = list(Commune.objects.filter(insee_code__in=["62498", "62510"]))
    qpvs = list(QPV.objects.all()[:1])
    questions = list(LensQuestion.objects.order_by("order")[:3])
    axes = [AxisFactory(programme=programme, code=str(n), title=f"Axe d'essai {n}", order=n) for n in (1, 2, 3)]
    objectives = [ObjectiveFactory(axis=a, code=f"{a.code}.{k}", title=f"Objectif {a.code}.{k}", order=k)
                  for a in axes for k in (1, 2)]
    for n in range(n_actions):
        objective = objectives[n % len(objectives)]
        action = ActionFactory(objective=objective, code=f"{objective.code}.{n // len(objectives) + 1}",
                               title=f"Action d'essai {n + 1}", context="Contexte.", diagnosis_key="apl_mean",
                               plans=["prs", "contrat_de_ville"], approach="proportionate_universalism",
                               participation="consultation", priority=["high", "medium", "low"][n % 3],
                               risks="Départ d'un pilote." if n % 2 else "", status=["planned", "in_progress",
                                                                                     "done", "late"][n % 4])
        action.pilots.set(funders[:1])
        action.partners.set(funders[1:])
        action.communes.set(communes)
        action.qpvs.set(qpvs)
        MilestoneFactory(action=action, title="Lancement", due_on=dt.date(2025, 3, 1), done_on=dt.date(2025, 3, 4))
        for year in (2025, 2026):
            ActionFundingFactory(action=action, funder=funders[year % len(funders)], year=year,
                                 planned=Decimal("10000.50"), obtained=Decimal("8000") if year == 2025 else None)
        for question in questions:
            LensAnswer.objects.create(action=action, question=question, answer="partly", justification="À renforcer.")
        indicator = IndicatorFactory(action=action, programme=programme, code=f"P{n + 1}", key="people_reached",
                                     detail="participants")
        TargetFactory(indicator=indicator)
        for year in (2024, 2025, 2026):
            IndicatorValueFactory(indicator=indicator, measured_on=dt.date(year, 6, 30), value=Decimal(10 * year - 20230))
    population = IndicatorFactory(action=None, programme=programme, code="T1", key="poverty_rate", detail="",
                                  baseline_value=Decimal("24.5"))
    IndicatorValueFactory(indicator=population, measured_on=dt.date(2023, 1, 1), value=Decimal("25.1"),
                          source="INSEE, Filosofi", vintage="2021")
    return programme
