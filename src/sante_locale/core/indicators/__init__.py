"""The registry of figures: one definition per indicator (stable English key, French label,
unit, default source, vintage rule, decimals), read by the portrait and its exports today
and by the programme's indicators next.

``vintage`` says where a figure's vintage (millésime) comes from, one of
:data:`VINTAGE_RULES`; the code that gathers the inputs applies it.

Examples
--------
>>> INDICATORS["density"].label, INDICATORS["density"].unit
('Densité de population', 'hab./km²')
>>> indicator("density_infirmier").label
'Infirmiers pour 10 000 habitants'
>>> indicator("under_if_65_stop").vintage, indicator("density").kind
('apl_run', 'population')
>>> indicator("nope")
Traceback (most recent call last):
KeyError: 'Indicateur inconnu « nope ».'

Every displayed value is rounded once, by :func:`sante_locale.core.formats.rounded`, with
the decimals of its indicator (:func:`shown` for text, :func:`rounded_value` for files):

>>> shown("apl", 3.2849), shown("apl", 3.285), rounded_value("apl", 3.2849)
('3,28', '3,29', 3.28)
>>> apl_indicator("infirmier").unit, apl_indicator("medecin_generaliste").key
('ETP accessibles pour 100 000 habitants', 'apl')
>>> indicator("apl_if_65_stop").label
'APL moyenne si les médecins généralistes de 65 ans ou plus cessaient leur activité'
"""

from __future__ import annotations

from dataclasses import dataclass

from sante_locale.core.access.parameters import RETIREMENT_AGES
from sante_locale.core.access.scenarios import retirement_label
from sante_locale.core.formats import fr_change, fr_number, fr_signed, rounded
from sante_locale.core.professions import (
    APL_PROFESSIONS,
    GP_APL_UNIT,
    PORTRAIT_PROFESSIONS,
    PROFESSIONS,
)

__all__ = ["INDICATORS", "NEAREST_LIMITS", "VINTAGE_RULES", "Indicator", "apl_indicator", "indicator",
           "observed_keys", "rounded_value", "shown", "shown_change"]

#: vintage rule -> what it means (French, shown in the documentation of a figure).
#: A vintage is what a person cites (a data year or date), never the version of a package.
VINTAGE_RULES = {
    "reference": "année de la population municipale (INSEE) ou du Code officiel géographique du référentiel importé",
    "supply": "date d'extraction de l'Annuaire Santé (RPPS), ou jour de génération de l'offre fictive",
    "apl_run": "date du calcul d'APL utilisé",
    "population_by_age": "millésime de la population par âge INSEE importée",
    "qpv": "liste des QPV importée (2024)",
    "entered": "millésime ou date saisis avec chaque valeur (indicateur renseigné à la main)",
}

#: Minutes beyond which the portrait counts the inhabitants far from a GP.
NEAREST_LIMITS: tuple[int, ...] = (20, 30)


@dataclass(frozen=True)
class Indicator:
    """One figure of the product.

    Attributes
    ----------
    key : str
        Stable English key (stored, exported, referred to by programme indicators).
    label, unit : str
        French label and unit shown to users.
    source : str
        Default source (French); the gathering code may name the actual import instead.
    vintage : str
        A key of :data:`VINTAGE_RULES`.
    decimals : int
        Decimals shown.
    short : str
        Shorter label for a table column (the label when empty).
    kind : str
        ``"population"`` (describes the territory: every figure of the portrait, and the
        territory figures a programme enters by hand) or ``"performance"`` (describes an
        action: the programme's measures).
    question : str
        For a performance measure, which of the three questions it answers
        (``how_much``, ``how_well``, ``better_off``; see ``core.programme.vocab.QUESTIONS``).
    """

    key: str
    label: str
    unit: str
    source: str
    vintage: str
    decimals: int = 0
    short: str = ""
    kind: str = "population"
    question: str = ""

    @property
    def column_label(self) -> str:
        return self.short or self.label

    def __post_init__(self) -> None:
        if self.vintage not in VINTAGE_RULES:
            raise ValueError(f"Indicateur {self.key} : règle de millésime inconnue « {self.vintage} ».")
        if self.kind not in ("population", "performance"):
            raise ValueError(f"Indicateur {self.key} : nature inconnue « {self.kind} » (population ou performance).")
        if (self.kind == "performance") != (self.question in ("how_much", "how_well", "better_off")):
            raise ValueError(f"Indicateur {self.key} : une mesure de performance, et elle seule, répond à une "
                             "question (how_much, how_well ou better_off).")


_COG = "Code officiel géographique (INSEE), population municipale"
_RPPS = "Annuaire Santé (RPPS)"
_APL = "Calcul Santé Locale, méthode APL de la DREES (E2SFCA)"
_QPV = "ANCT, QPV 2024"
_APL_UNIT = GP_APL_UNIT


def _all() -> list[Indicator]:
    out = [
        Indicator("population", "Population municipale", "habitants", _COG, "reference", short="Population"),
        Indicator("communes", "Nombre de communes", "communes", _COG, "reference"),
        Indicator("area", "Superficie", "km²", _COG, "reference", 1),
        Indicator("density", "Densité de population", "hab./km²", _COG, "reference", 1, short="Densité"),
        Indicator("share_60_plus_population", "Part des 60 ans et plus", "%", "INSEE, recensement",
                  "population_by_age", 1),
        Indicator("qpv", "Quartiers prioritaires (QPV 2024)", "quartiers", _QPV, "qpv"),
        Indicator("communes_with_qpv", "Communes comptant un QPV", "communes", _QPV, "qpv"),
        Indicator("gp_share_60_plus", "Médecins généralistes de 60 ans ou plus (âges connus)", "%", _RPPS,
                  "supply", 1),
        Indicator("gp_age_unknown", "Médecins généralistes d'âge inconnu", "%", _RPPS, "supply", 1),
        Indicator("gp_per_10k", "Médecins généralistes pour 10 000 hab.", "pour 10 000 hab.", _RPPS, "supply", 1),
        Indicator("apl_mean", "APL moyenne aux médecins généralistes", _APL_UNIT, _APL, "apl_run", 2),
        Indicator("apl", "APL médecins généralistes", _APL_UNIT, _APL, "apl_run", 2),
        Indicator("nearest_minutes", "Temps au médecin le plus proche", "min", _APL, "apl_run"),
        Indicator("share_under_2_5", "Population en commune sous-dense (APL < 2,5)", "%", _APL, "apl_run", 1),
        Indicator("population_under_2_5", "Habitants en commune sous-dense", "habitants", _APL, "apl_run"),
    ]
    for code in PORTRAIT_PROFESSIONS:
        plural = PROFESSIONS[code].plural
        out.append(Indicator(f"density_{code}", f"{plural} pour 10 000 habitants", "pour 10 000 hab.", _RPPS,
                             "supply", 1))
        out.append(Indicator(f"n_{code}", plural, "professionnels", _RPPS, "supply"))
    for minutes in NEAREST_LIMITS:
        out.append(Indicator(f"beyond_{minutes}", f"Habitants à plus de {minutes} min d'un médecin généraliste",
                             "habitants", _APL, "apl_run"))
    for code in APL_PROFESSIONS:
        if code != "medecin_generaliste":
            out.append(Indicator(f"apl_{code}", f"APL {PROFESSIONS[code].plural.lower()}", PROFESSIONS[code].apl_unit,
                                 "Calcul Santé Locale, méthode de l'APL avec des paramètres non officiels", "apl_run",
                                 1))
    for age in RETIREMENT_AGES:
        who = f"les médecins généralistes de {retirement_label(age)}"
        out.append(Indicator(f"apl_if_{age}_stop", f"APL moyenne si {who} cessaient leur activité",
                             _APL_UNIT, _APL, "apl_run", 2))
        out.append(Indicator(f"under_if_{age}_stop", f"Habitants en commune sous-dense si {who} cessaient leur "
                             "activité", "habitants", _APL, "apl_run"))
    return out + _entered()


def _entered() -> list[Indicator]:
    """Territory figures a programme enters by hand (no import yet) and the performance
    measures of actions, answering the three questions (how much, how well, better off)."""
    hand = "saisie du dispositif (source précisée avec chaque valeur)"
    population = [
        Indicator("life_expectancy", "Espérance de vie à la naissance", "ans", "INSEE, état civil", "entered", 1),
        Indicator("premature_mortality", "Taux standardisé de mortalité prématurée (avant 65 ans)",
                  "pour 100 000 hab.", "Inserm-CépiDc", "entered", 1),
        Indicator("poverty_rate", "Taux de pauvreté (seuil à 60 %)", "%", "INSEE, Filosofi", "entered", 1),
        Indicator("css_share", "Part des assurés bénéficiaires de la complémentaire santé solidaire", "%",
                  "Assurance maladie", "entered", 1),
        Indicator("no_gp_share", "Part des assurés de 17 ans et plus sans médecin traitant", "%",
                  "Assurance maladie", "entered", 1),
        Indicator("psychiatric_admissions", "Hospitalisations sans consentement en psychiatrie",
                  "pour 100 000 hab.", "ATIH, RIM-P", "entered", 1),
    ]
    performance = [
        Indicator("people_reached", "Personnes touchées par l'action", "personnes", hand, "entered",
                  kind="performance", question="how_much"),
        Indicator("sessions_held", "Séances, ateliers ou permanences tenus", "séances", hand, "entered",
                  kind="performance", question="how_much"),
        Indicator("professionals_trained", "Professionnels formés ou sensibilisés", "personnes", hand, "entered",
                  kind="performance", question="how_much"),
        Indicator("partners_involved", "Partenaires engagés dans l'action", "structures", hand, "entered",
                  kind="performance", question="how_much"),
        Indicator("share_from_qpv", "Part des participants habitant un QPV", "%", hand, "entered", 1,
                  kind="performance", question="how_well"),
        Indicator("satisfaction", "Participants satisfaits ou très satisfaits", "%", hand, "entered", 1,
                  kind="performance", question="how_well"),
        Indicator("completion", "Étapes de l'action réalisées dans les délais", "%", hand, "entered", 1,
                  kind="performance", question="how_well"),
        Indicator("referrals", "Personnes orientées vers un professionnel ou un droit", "personnes", hand,
                  "entered", kind="performance", question="better_off"),
        Indicator("rights_opened", "Droits ouverts ou rétablis (assurance maladie, complémentaire)", "personnes",
                  hand, "entered", kind="performance", question="better_off"),
        Indicator("screening_rate", "Taux de participation au dépistage ciblé", "%", hand, "entered", 1,
                  kind="performance", question="better_off"),
        Indicator("new_gp_patients", "Patients ayant trouvé un médecin traitant", "personnes", hand, "entered",
                  kind="performance", question="better_off"),
        Indicator("skills_gained", "Participants déclarant un changement de pratique", "%", hand, "entered", 1,
                  kind="performance", question="better_off"),
    ]
    return population + performance


def observed_keys() -> list[str]:
    """Keys of the population indicators the observatory computes (the portrait's figures),
    as opposed to those a programme enters by hand (vintage rule ``entered``).

    Examples
    --------
    >>> "apl_mean" in observed_keys(), "poverty_rate" in observed_keys()
    (True, False)
    """
    return [k for k, i in INDICATORS.items() if i.kind == "population" and i.vintage != "entered"]


INDICATORS: dict[str, Indicator] = {i.key: i for i in _all()}


def indicator(key: str) -> Indicator:
    """The indicator of key ``key`` (``KeyError`` with a French message if unknown)."""
    try:
        return INDICATORS[key]
    except KeyError:
        raise KeyError(f"Indicateur inconnu « {key} ».") from None


def apl_indicator(profession: str) -> Indicator:
    """The APL indicator of ``profession`` (``apl`` for GPs, ``apl_<profession>`` otherwise)."""
    return indicator("apl" if profession == "medecin_generaliste" else f"apl_{profession}")


def rounded_value(key: str, value) -> float | None:
    """``value`` rounded with the decimals of indicator ``key`` (``None`` when missing): what
    the exports and the CLI's machine output carry, equal to what the pages show."""
    return rounded(value, indicator(key).decimals)


def shown(key: str, value, signed: bool = False) -> str:
    """``value`` written in French with the decimals of indicator ``key`` (« — » if missing);
    ``signed`` writes a change (« +0,12 », « −0,04 »)."""
    return (fr_signed if signed else fr_number)(value, indicator(key).decimals)


def shown_change(key: str, before, after) -> str:
    """The signed change from ``before`` to ``after`` as shown with indicator ``key``'s
    decimals (see :func:`~sante_locale.core.formats.fr_change`)."""
    return fr_change(before, after, indicator(key).decimals)
