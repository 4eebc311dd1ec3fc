"""The closed lists of the action programme: stored keys in English, labels in French.

Examples
--------
>>> STATUSES["late"], APPROACHES["proportionate_universalism"]
('en retard', 'universalisme proportionné')
>>> label_of(DETERMINANTS, ["housing", "food"])
'logement ; alimentation'
>>> key_of(STATUSES, "En cours")
'in_progress'
>>> key_of(STATUSES, "terminée") is None
True
"""

from __future__ import annotations

import unicodedata

__all__ = [
    "APPROACHES", "AUDIENCES", "DETERMINANTS", "FREQUENCIES", "LENS_ANSWERS", "PARTICIPATION", "PLANS",
    "PRIORITIES", "QUESTIONS", "SEP", "STAGES", "STATUSES", "key_of", "keys_of", "label_of",
]

#: Separator of several values in one cell of a workbook or one line of text.
SEP = " ; "

STATUSES = {
    "planned": "à venir",
    "in_progress": "en cours",
    "done": "réalisée",
    "paused": "en pause",
    "abandoned": "abandonnée",
    "late": "en retard",
}
PRIORITIES = {"high": "haute", "medium": "moyenne", "low": "basse"}
APPROACHES = {
    "universal": "universelle",
    "targeted": "ciblée",
    "proportionate_universalism": "universalisme proportionné",
}
PARTICIPATION = {
    "none": "aucune",
    "information": "information",
    "consultation": "consultation",
    "concertation": "concertation",
    "co_construction": "co-construction",
}
DETERMINANTS = {
    "housing": "logement",
    "food": "alimentation",
    "mobility": "mobilité",
    "education": "éducation",
    "employment": "emploi et revenus",
    "environment": "environnement",
    "access_to_care": "accès aux soins",
    "social_ties": "liens sociaux",
    "lifestyle": "comportements et modes de vie",
    "culture_leisure": "culture, sport et loisirs",
}
PLANS = {
    "prs": "projet régional de santé (PRS)",
    "ptsm": "projet territorial de santé mentale (PTSM)",
    "contrat_de_ville": "contrat de ville",
    "cpts_project": "projet de santé de la CPTS",
    "pnns": "programme national nutrition santé (PNNS)",
    "other": "autre plan",
}
AUDIENCES = {
    "everyone": "tout public",
    "children": "enfants",
    "young_people": "jeunes (12-25 ans)",
    "parents": "parents",
    "women": "femmes",
    "older_people": "personnes âgées",
    "disability": "personnes en situation de handicap",
    "precarious": "personnes en situation de précarité",
    "qpv_residents": "habitants des QPV",
    "mental_health": "personnes vivant avec un trouble psychique",
    "professionals": "professionnels de santé et du social",
    "elected": "élus",
}
#: The three questions a performance measure answers (results-based accountability).
QUESTIONS = {
    "how_much": "combien avons-nous fait ?",
    "how_well": "l'avons-nous bien fait ?",
    "better_off": "quelqu'un s'en porte-t-il mieux ?",
}
#: How often a value is expected -> (French label, months between two values).
FREQUENCIES = {
    "monthly": ("mensuelle", 1),
    "quarterly": ("trimestrielle", 3),
    "half_yearly": ("semestrielle", 6),
    "yearly": ("annuelle", 12),
}
#: Project stages of the inequalities lens.
STAGES = {
    "diagnosis": "diagnostic",
    "objectives": "objectifs",
    "strategy": "stratégie et population",
    "implementation": "mise en œuvre",
    "evaluation": "évaluation",
}
LENS_ANSWERS = {"yes": "oui", "partly": "en partie", "no": "non", "not_applicable": "sans objet"}


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return " ".join(text.lower().replace("-", " ").split())


def key_of(choices: dict, label: str) -> str | None:
    """The key of ``label`` (or of a key given as is) in ``choices``, ignoring case and accents."""
    wanted = _plain(label)
    for key, value in choices.items():
        text = value[0] if isinstance(value, tuple) else value
        if wanted in (_plain(key), _plain(text)):
            return key
    return None


def keys_of(choices: dict, cell: str) -> tuple[list[str], list[str]]:
    """Keys of the labels of ``cell`` (separated by « ; »), and the labels not recognised.

    Examples
    --------
    >>> keys_of(DETERMINANTS, "logement ; Mobilité ; météo")
    (['housing', 'mobility'], ['météo'])
    """
    keys, unknown = [], []
    for part in str(cell or "").split(";"):
        part = part.strip()
        if not part:
            continue
        key = key_of(choices, part)
        (keys if key else unknown).append(key or part)
    return list(dict.fromkeys(keys)), unknown


def label_of(choices: dict, keys) -> str:
    """The French labels of ``keys`` joined by « ; » (a single key gives its label)."""
    if isinstance(keys, str):
        keys = [keys] if keys else []
    out = []
    for key in keys:
        value = choices.get(key, key)
        out.append(value[0] if isinstance(value, tuple) else value)
    return SEP.join(out)
