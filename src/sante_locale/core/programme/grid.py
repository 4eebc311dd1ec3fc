"""The self-assessment grid of a territorialised health approach: seven characteristics,
each scored once a year by the dispositif, compared from one year to the next and across
the dispositifs of a territory.

The definitions below are ours, written from the way coordinators describe their work;
each says what a dispositif that fully has the characteristic does.

Examples
--------
>>> [c.key for c in CHARACTERISTICS][:3]
['political', 'project', 'territorial']
>>> SCORES[0], SCORES[MAX_SCORE]
('absente', 'affirmée')
>>> evolution({"political": 2, "project": 3}, {"political": 3, "project": 3})
{'political': 1, 'project': 0}
>>> mean_score({"political": 2, "project": None, "territorial": 4})
3.0
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CHARACTERISTICS", "MAX_SCORE", "SCORES", "Characteristic", "characteristic", "evolution",
           "mean_score"]


@dataclass(frozen=True)
class Characteristic:
    """One characteristic: stable English ``key``, French ``label`` and ``definition``."""

    key: str
    label: str
    definition: str


CHARACTERISTICS: tuple[Characteristic, ...] = (
    Characteristic(
        "political", "Politique",
        "La démarche se donne pour but affiché de réduire les écarts de santé entre groupes sociaux et "
        "entre quartiers ou communes. Ce but est porté publiquement par les élus et partagé par les "
        "institutions et les professionnels du territoire, qui s'y engagent par écrit."),
    Characteristic(
        "project", "De projet",
        "La démarche suit un cycle complet : un diagnostic partagé, des priorités choisies, un plan "
        "d'actions daté et financé, sa mise en œuvre, puis une évaluation qui nourrit le cycle suivant."),
    Characteristic(
        "territorial", "Territorialisée",
        "Le périmètre correspond à un espace vécu (bassin de vie, quartiers, intercommunalité) et cohérent ; "
        "les actions tiennent compte des ressources, des contraintes et de l'histoire de ce territoire."),
    Characteristic(
        "bottom_up", "Ascendante",
        "Les besoins exprimés par les habitants et par ceux qui travaillent sur place sont le point de "
        "départ ; les réponses sont construites avec eux et non seulement pour eux."),
    Characteristic(
        "partnership", "Partenariale",
        "La démarche fonctionne en réseau : acteurs publics, associations, professionnels et habitants "
        "participent aux instances et prennent ensemble les décisions qui les concernent."),
    Characteristic(
        "cross_sector", "Transversale",
        "La démarche relève de la promotion de la santé : elle agit sur tous les déterminants (logement, "
        "éducation, emploi, alimentation, environnement, liens sociaux…) et pas seulement sur les soins."),
    Characteristic(
        "coordinated", "Coordonnée",
        "Une coordinatrice, un coordinateur ou une équipe identifiés font vivre la démarche au quotidien, "
        "animent le réseau et veillent au respect de ses valeurs et de sa méthode."),
)

#: Score -> French label (0 to :data:`MAX_SCORE`).
SCORES = {0: "absente", 1: "émergente", 2: "en construction", 3: "en place", 4: "affirmée"}
MAX_SCORE = max(SCORES)
_BY_KEY = {c.key: c for c in CHARACTERISTICS}


def characteristic(key: str) -> Characteristic:
    """The characteristic of ``key`` (``KeyError`` with a French message otherwise)."""
    try:
        return _BY_KEY[key]
    except KeyError:
        raise KeyError(f"Caractéristique inconnue « {key} ».") from None


def evolution(before: dict[str, int | None], after: dict[str, int | None]) -> dict[str, int | None]:
    """Score change per characteristic from ``before`` to ``after`` (``None`` when one is missing)."""
    keys = [c.key for c in CHARACTERISTICS if c.key in before or c.key in after]
    return {k: (after[k] - before[k]) if before.get(k) is not None and after.get(k) is not None else None
            for k in keys}


def mean_score(scores: dict[str, int | None]) -> float | None:
    """Mean of the given scores (missing ones left out), ``None`` when none is given."""
    present = [v for v in scores.values() if v is not None]
    return sum(present) / len(present) if present else None
