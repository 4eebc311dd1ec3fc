"""The demo programme of the CLS of Lens-Liévin (issue « programme »): four axes, ten
fiches actions — access to care, mental health with the CLSM, prevention in the priority
neighbourhoods with the ASV, living conditions —, indicators with values over three years,
the self-assessment grid for two years, the inequalities lens of several actions.

Every figure is invented (« données fictives »); the dispositifs and structures are found
by the shared names of :mod:`sante_locale.demo.names` (created here when the coordination
part of the demo has not run yet, with the same names, so both orders give one set).
A second run changes nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction

from sante_locale.accounts.models import grant
from sante_locale.coordination.models import Dispositif, DispositifKind
from sante_locale.demo import names
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
from sante_locale.structures.models import Structure
from sante_locale.territories.models import QPV, Commune

SOURCE = "Données fictives (scénario de démonstration)"
LENS, LIEVIN, AVION, GRENAY = "62498", "62510", "62065", "62386"

STRUCTURES = {
    names.CA_LENS_LIEVIN: "epci", names.ARS: "ars", names.CANSSM: "health_insurance", names.CH_LENS: "hospital",
    names.EDUCATION: "education", names.CPTS_LIEVIN: "cpts",
}
DISPOSITIFS = {  # name -> (kind, perimeter EPCI, start)
    names.CLS_LENS_LIEVIN: ("cls", names.EPCI_LENS_LIEVIN, dt.date(2019, 9, 1)),
    names.CLSM: ("clsm", names.EPCI_LENS_LIEVIN, dt.date(2015, 1, 1)),
    names.ASV_LENS_LIEVIN: ("asv", names.EPCI_LENS_LIEVIN, dt.date(2016, 1, 1)),
}

# code, title, objective, pilot, partners, status, priority, start, end, determinants, audiences, approach,
# participation, communes, indicator (key, detail, question values 2023-2025, target 2027), shared with
ACTIONS = [
    ("1.1.1", "Accueillir internes et jeunes médecins généralistes", "1.1", names.CPTS_LIEVIN,
     [names.CA_LENS_LIEVIN, names.ARS, names.CH_LENS], "in_progress", "high", (2023, 1), (2027, 12),
     ["access_to_care"], ["professionals"], "universal", "consultation", [LENS, LIEVIN],
     ("people_reached", "internes accueillis en stage", (4, 7, 9), 15), None),
    ("1.1.2", "Aider les patients sans médecin traitant à en trouver un", "1.1", names.CPTS_LIEVIN,
     [names.CANSSM], "in_progress", "high", (2024, 3), (2026, 12), ["access_to_care"], ["everyone", "older_people"],
     "proportionate_universalism", "information", [],
     ("new_gp_patients", "patients orientés vers un médecin traitant", (0, 180, 340), 600), None),
    ("1.2.1", "Permanences d'accès aux droits en santé", "1.2", names.CANSSM, [names.CA_LENS_LIEVIN],
     "done", "medium", (2022, 9), (2025, 6), ["access_to_care", "employment"], ["precarious", "qpv_residents"],
     "targeted", "consultation", [LENS, AVION],
     ("rights_opened", "droits ouverts ou rétablis", (95, 130, 150), 150), None),
    ("1.2.2", "Dépistage organisé des cancers au plus près des quartiers", "1.2", names.CH_LENS,
     [names.CANSSM, names.ARS], "late", "high", (2024, 1), (2026, 12), ["access_to_care"],
     ["women", "qpv_residents"], "proportionate_universalism", "concertation", [LENS, GRENAY],
     ("screening_rate", "participation au dépistage du cancer du sein dans les QPV", (38.5, 41.0), 50),
     (names.ASV_LENS_LIEVIN, "1.1")),
    ("2.1.1", "Former aux premiers secours en santé mentale", "2.1", names.CH_LENS,
     [names.CA_LENS_LIEVIN, names.EDUCATION], "in_progress", "high", (2023, 1), (2027, 12),
     ["social_ties"], ["professionals", "elected"], "universal", "information", [],
     ("professionals_trained", "secouristes en santé mentale formés", (24, 48, 80), 150), (names.CLSM, "1.1")),
    ("2.1.2", "Semaines d'information sur la santé mentale", "2.1", names.CA_LENS_LIEVIN, [names.CH_LENS],
     "in_progress", "medium", (2023, 3), (2027, 10), ["social_ties", "culture_leisure"], ["everyone"],
     "universal", "co_construction", [LENS, LIEVIN, AVION],
     ("people_reached", "participants aux événements", (350, 420, 510), 600), None),
    ("2.2.1", "Cellule de concertation des situations psychosociales complexes", "2.2", names.CH_LENS,
     [names.CA_LENS_LIEVIN], "in_progress", "high", (2023, 1), None, ["housing", "social_ties"],
     ["mental_health"], "targeted", "none", [],
     ("sessions_held", "réunions de la cellule", (8, 10, 11), 12), (names.CLSM, "1.2")),
    ("3.1.1", "Ateliers cuisine et nutrition dans les quartiers prioritaires", "3.1", names.CA_LENS_LIEVIN,
     [names.CANSSM], "in_progress", "medium", (2023, 9), (2026, 6), ["food", "social_ties"],
     ["parents", "qpv_residents"], "targeted", "co_construction", [LENS, LIEVIN],
     ("share_from_qpv", "part des participants habitant un QPV", (61.0, 68.5, 72.0), 75), (names.ASV_LENS_LIEVIN, "1.1")),
    ("3.2.1", "Éducation à la vie affective et à la santé dans les collèges", "3.2", names.EDUCATION,
     [names.CH_LENS], "planned", "medium", (2027, 1), (2028, 6), ["education"], ["young_people"],
     "universal", "consultation", [], None, None),
    ("4.1.1", "Repérer l'habitat indigne et accompagner les occupants", "4.1", names.CA_LENS_LIEVIN,
     [names.ARS], "paused", "low", (2024, 1), (2027, 12), ["housing", "environment"], ["precarious"],
     "targeted", "information", [AVION, GRENAY],
     ("referrals", "ménages orientés vers un accompagnement", (12, 19), 40), None),
]
AXES = [("1", "Accès aux soins et aux droits", [("1.1", "Renforcer l'offre de soins de premier recours"),
                                                ("1.2", "Faciliter l'accès aux droits et au dépistage")]),
        ("2", "Santé mentale (avec le CLSM)", [("2.1", "Informer, former et déstigmatiser"),
                                               ("2.2", "Coordonner l'accompagnement des situations complexes")]),
        ("3", "Prévention dans les quartiers prioritaires (avec l'ASV)",
         [("3.1", "Alimentation et activité physique"), ("3.2", "Santé des jeunes")]),
        ("4", "Environnement et cadre de vie", [("4.1", "Lutter contre l'habitat indigne")])]
GRIDS = {2024: [2, 3, 3, 1, 2, 2, 3], 2025: [3, 3, 3, 2, 3, 2, 4]}


def _month(pair) -> dt.date | None:
    return dt.date(pair[0], pair[1], 1) if pair else None


def _end(pair) -> dt.date | None:
    if not pair:
        return None
    nxt = dt.date(pair[0] + pair[1] // 12, pair[1] % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def _structures() -> dict[str, Structure]:
    out = {}
    for name, kind in STRUCTURES.items():
        out[name] = Structure.objects.filter(name=name).first() or Structure.objects.create(name=name, kind=kind)
    return out


def _dispositifs(structures) -> dict[str, Dispositif]:
    out = {}
    for name, (kind, epci, start) in DISPOSITIFS.items():
        found = Dispositif.objects.filter(name=name).first()
        if found is None:
            found = Dispositif.objects.create(
                name=name, kind=DispositifKind.objects.get(key=kind), perimeter_level="epci", perimeter_code=epci,
                carrier=structures[names.CA_LENS_LIEVIN], starts_on=start, is_demo=True,
                description=f"Dispositif du {names.DEMO_LABEL} ({names.FICTIVE_LABEL}).")
        out[name] = found
    return out


def prepare_programme(username: str | None = None) -> list[str]:
    """Seed the demo programme once; say what was done, in French."""
    if not Commune.objects.filter(insee_code=LENS).exists():
        return ["Programme de démonstration non créé : le Pas-de-Calais n'est pas dans le référentiel chargé."]
    with transaction.atomic():
        structures = _structures()
        dispositifs = _dispositifs(structures)
        cls = dispositifs[names.CLS_LENS_LIEVIN]
        if username:
            from django.contrib.auth import get_user_model

            user = get_user_model().objects.filter(username=username).first()
            if user is not None:  # the demo account coordinates the CLS and is a partner of the CLSM and ASV
                grant(user, "coordinator", cls)
                grant(user, "partner", dispositifs[names.CLSM])
                grant(user, "partner", dispositifs[names.ASV_LENS_LIEVIN])
        if Programme.objects.filter(dispositif=cls, axes__isnull=False).exists():
            return [f"Programme de démonstration du « {cls.name} » déjà présent."]
        partners = _partner_programmes(dispositifs)
        programme, _ = Programme.objects.update_or_create(dispositif=cls, defaults={
            "title": "Programme d'actions du CLS 2023-2027", "starts_year": 2023, "ends_year": 2027,
            "summary": f"Programme du {names.DEMO_LABEL} : {names.FICTIVE_LABEL}, inventées pour montrer l'outil."})
        objectives = {}
        for n, (code, title, objs) in enumerate(AXES, start=1):
            axis = Axis.objects.create(programme=programme, code=code, title=title, order=n)
            for k, (ocode, otitle) in enumerate(objs, start=1):
                objectives[ocode] = Objective.objects.create(axis=axis, code=ocode, title=otitle, order=k)
        n_indicators = 0
        for row in ACTIONS:
            n_indicators += _action(programme, objectives, structures, partners, row)
        _population(programme)
        _grids(dispositifs)
    return [f"Programme de démonstration du « {cls.name} » créé ({len(ACTIONS)} fiches actions, "
            f"{n_indicators + 3} indicateurs, grilles 2024 et 2025, {names.FICTIVE_LABEL})."]


def _partner_programmes(dispositifs) -> dict[tuple[str, str], Objective]:
    """Small programmes of the CLSM and the ASV, with the objectives the CLS shares actions with."""
    plans = {names.CLSM: ("Promotion de la santé mentale", [("1.1", "Former et informer"),
                                                           ("1.2", "Coordonner les situations complexes")]),
             names.ASV_LENS_LIEVIN: ("Santé dans les quartiers prioritaires",
                                     [("1.1", "Prévenir et dépister au plus près des habitants")])}
    out = {}
    for name, (axis_title, objs) in plans.items():
        programme, _ = Programme.objects.get_or_create(dispositif=dispositifs[name], defaults={
            "title": "Programme d'actions", "starts_year": 2023, "ends_year": 2027})
        axis, _ = Axis.objects.get_or_create(programme=programme, code="1", defaults={"title": axis_title})
        for code, title in objs:
            out[(name, code)], _ = Objective.objects.get_or_create(axis=axis, code=code, defaults={"title": title})
    asv_objective = out[(names.ASV_LENS_LIEVIN, "1.1")]
    if not asv_objective.actions.exists():
        Action.objects.create(objective=asv_objective, code="1.1.1", title="Médiation en santé dans les QPV",
                              status="in_progress", priority="high", approach="targeted",
                              participation="co_construction", starts_on=dt.date(2023, 1, 1),
                              determinants=["access_to_care", "social_ties"], audiences=["qpv_residents"])
    return out


def _action(programme, objectives, structures, partners, row) -> int:
    (code, title, objective, pilot, others, status, priority, start, end, determinants, audiences, approach,
     participation, communes, measure, shared) = row
    action = Action.objects.create(
        objective=objectives[objective], code=code, title=title, status=status, priority=priority,
        starts_on=_month(start), ends_on=_end(end), determinants=determinants, audiences=audiences,
        approach=approach, participation=participation, diagnosis_key="apl_mean" if code.startswith("1.1") else "",
        context=f"Action du {names.DEMO_LABEL} ({names.FICTIVE_LABEL}).",
        description="Description rédigée pour la démonstration.", plans=["prs"] if code[0] in "12" else
        ["contrat_de_ville"], human_means="0,2 ETP de la coordination", risks="Financements à confirmer."
        if status in ("late", "paused") else "")
    action.pilots.set([structures[pilot]])
    action.partners.set([structures[s] for s in others])
    action.communes.set(Commune.objects.filter(insee_code__in=communes))
    if "qpv_residents" in audiences:
        action.qpvs.set(QPV.objects.filter(communes__insee_code__in=communes).distinct()[:3])
    if shared:
        action.shared_in.set([partners[shared]])
    if action.starts_on:
        Milestone.objects.create(action=action, title="Lancement", due_on=action.starts_on,
                                 done_on=action.starts_on if action.starts_on <= dt.date(2026, 12, 1) else None)
    if action.ends_on:
        Milestone.objects.create(action=action, title="Bilan de l'action", due_on=action.ends_on,
                                 done_on=action.ends_on if status == "done" else None)
    for year in (2024, 2025, 2026):
        if action.starts_on and action.starts_on.year <= year:
            ActionFunding.objects.create(action=action, funder=structures[names.ARS], year=year,
                                         planned=Decimal(8000 + 1000 * len(code)), obtained=Decimal(8000)
                                         if year < 2026 else None)
            ActionFunding.objects.create(action=action, funder=structures[names.CA_LENS_LIEVIN], year=year,
                                         planned=Decimal(3000), obtained=Decimal(3000) if year < 2026 else None)
    questions = list(LensQuestion.objects.filter(is_active=True))
    if code in ("1.2.2", "3.1.1", "1.1.2"):
        for n, question in enumerate(questions):
            LensAnswer.objects.create(action=action, question=question,
                                      answer=["yes", "partly", "yes", "no"][n % 4] if n < 10 else "",
                                      justification="Réponse de démonstration.")
    if measure is None:
        return 0
    key, detail, values, target = measure
    indicator = Indicator.objects.create(programme=programme, action=action, code=f"P{code}", key=key, detail=detail,
                                         baseline_value=Decimal(str(values[0])), baseline_on=dt.date(2022, 12, 31),
                                         source=SOURCE)
    for year, value in zip((2023, 2024, 2025), values, strict=False):
        IndicatorValue.objects.create(indicator=indicator, measured_on=dt.date(year, 12, 31),
                                      value=Decimal(str(value)), source=SOURCE, note=names.FICTIVE_LABEL)
    Target.objects.create(indicator=indicator, due_on=dt.date(2027, 12, 31), value=Decimal(str(target)))
    return 1


def _population(programme) -> None:
    Indicator.objects.create(programme=programme, code="T1", key="apl_mean", mode="observed",
                             source="Santé Locale, portrait de territoire")
    Target.objects.create(indicator=Indicator.objects.get(programme=programme, code="T1"),
                          due_on=dt.date(2027, 12, 31), value=Decimal("3"))
    Indicator.objects.create(programme=programme, code="T2", key="gp_per_10k", mode="observed",
                             source="Santé Locale, portrait de territoire")
    poverty = Indicator.objects.create(programme=programme, code="T3", key="poverty_rate",
                                       detail="population de l'agglomération", source=SOURCE)
    for year, value in ((2023, "24.8"), (2024, "24.5"), (2025, "24.1")):
        IndicatorValue.objects.create(indicator=poverty, measured_on=dt.date(year, 6, 30), value=Decimal(value),
                                      source=SOURCE, vintage=str(year - 2), note=names.FICTIVE_LABEL)


def _grids(dispositifs) -> None:
    from sante_locale.core.programme.grid import CHARACTERISTICS

    plans = {names.CLS_LENS_LIEVIN: GRIDS, names.CLSM: {2025: [3, 3, 2, 3, 4, 2, 3]},
             names.ASV_LENS_LIEVIN: {2025: [3, 2, 4, 4, 3, 3, 2]}}
    for name, years in plans.items():
        for year, scores in years.items():
            grid, created = SelfAssessment.objects.get_or_create(
                dispositif=dispositifs[name], year=year,
                defaults={"participants": "comité technique (démonstration)", "comment": names.FICTIVE_LABEL})
            if created:
                for c, score in zip(CHARACTERISTICS, scores, strict=True):
                    CharacteristicScore.objects.create(assessment=grid, characteristic=c.key, score=score,
                                                       comment="Note de démonstration.")
