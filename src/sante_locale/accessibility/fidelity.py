"""« Méthode et fiabilité »: the computed APL of a territory against the DREES published APL.

Only like is compared with like: the same profession, the same vintage (the weights and
the year of the computation, ``params.vintage``) and the same variant — the computation
with DREES parameters and no age bound against the published APL, the computation
excluding GPs aged 65 or more (``age_cutoff=65, age_rule="<"``) against the published
« moins de 65 ans ». Anything else is reported as not comparable, with the reason.

The figures come from :func:`sante_locale.core.access.fidelity.compare_values`; this module
reads the published values, chooses what is comparable, says in French why the two differ
(from the run's own record of its inputs) and prepares the display (views never compute).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from sante_locale.core.access.fidelity import Fidelity, compare_values
from sante_locale.core.access.parameters import APLParameters, default_parameters
from sante_locale.core.formats import fr_number, fr_percent, fr_signed
from sante_locale.offer.models import PublishedAPL

NO_BOUND = "sans borne d'âge"
UNDER_65 = "médecins de moins de 65 ans"
# what the DREES workbook's « Paramètres » and sheet headers say of each vintage
DREES_INPUTS = {2022: ("SNIIR-AM 2022", "populations 2020"), 2023: ("SNIIR-AM 2023", "populations 2021")}


@dataclass
class PublishedComparison:
    """What the « Méthode et fiabilité » section shows."""

    vintage: str
    variant: str = ""
    unavailable: str = ""  # when nothing is compared: why, in French
    fidelity: Fidelity | None = None
    rows: list[dict] = field(default_factory=list)
    communes: int = 0
    reasons: list[str] = field(default_factory=list)
    fictive: bool = False

    @property
    def available(self) -> bool:
        return self.fidelity is not None and self.fidelity.compared > 0

    def figures(self) -> dict:
        """The summary as French text (decimal comma)."""
        f = self.fidelity
        return {
            "compared": fr_number(f.compared), "communes": fr_number(self.communes),
            "median_abs_difference": fr_number(f.median_abs_difference, 2),
            "share_within": fr_percent(f.share_within, 0), "tolerance": fr_percent(f.tolerance, 0),
            "spearman": fr_number(f.spearman, 2) if f.spearman is not None else "non calculable",
        }


def comparable_column(params: APLParameters) -> tuple[str | None, str]:
    """The published column comparable with ``params`` and its label, or (None, why not).

    Examples
    --------
    >>> comparable_column(default_parameters())
    ('apl', "sans borne d'âge")
    >>> comparable_column(default_parameters(age_cutoff=65, age_rule="<"))[0]
    'apl_under_65'
    >>> comparable_column(default_parameters(age_cutoff=65))[0] is None
    True
    """
    official = default_parameters(params.profession, vintage=params.vintage)
    if not official.official:
        return None, "la DREES ne publie pas d'APL calculée avec ces paramètres non officiels"
    if params == official:
        return "apl", NO_BOUND
    if params == replace(official, age_cutoff=65, age_rule="<"):
        return "apl_under_65", UNDER_65
    if params.age_cutoff == 65 and replace(params, age_rule="<") == replace(official, age_cutoff=65, age_rule="<"):
        return None, ("la DREES publie l'APL aux médecins de moins de 65 ans (65 ans exclus) ; ce calcul garde "
                      "les médecins de 65 ans : les deux ne sont pas comparés")
    if params.age_cutoff is not None and replace(params, age_cutoff=None) == official:
        return None, (f"la DREES ne publie pas d'APL aux médecins de {params.age_cutoff} ans ou moins ; "
                      "choisissez « sans borne d'âge » pour la comparaison")
    return None, "les paramètres du calcul diffèrent de ceux de la DREES (bandes, zone, offre ou demande)"


def published_comparison(run, params: APLParameters, rows: pd.DataFrame) -> PublishedComparison:
    """Compare the computed APL of ``rows`` (``pk, insee_code, name, apl``) with the DREES's.

    ``run`` is the stored :class:`~sante_locale.accessibility.models.APLRun` they come from.
    """
    out = PublishedComparison(vintage=str(params.vintage), communes=len(rows), fictive=bool(run.fictive))
    column, label = comparable_column(params)
    if column is None:
        out.unavailable = label[0].upper() + label[1:] + "."
        return out
    out.variant = label
    ids = rows["pk"].tolist()
    published = dict(PublishedAPL.objects.filter(profession=params.profession, vintage=str(params.vintage),
                                                 commune_id__in=ids).values_list("commune_id", column))
    if not any(v is not None for v in published.values()):
        out.unavailable = (f"Aucune APL publiée par la DREES pour le millésime {params.vintage} n'est importée pour "
                           "ces communes (sante-locale import apl-drees FICHIER).")
        return out
    fidelity = compare_values(rows["apl"].tolist(), [published.get(pk) for pk in ids])
    out.fidelity = fidelity
    order = np.argsort(-np.abs(np.nan_to_num(fidelity.difference, nan=-1.0)), kind="stable")
    for i in order:
        r = rows.iloc[int(i)]
        out.rows.append({
            "insee_code": r["insee_code"], "nom": r["name"],
            "calculee": fr_number(fidelity.computed[i], 2), "publiee": fr_number(fidelity.published[i], 2),
            "difference": _signed(fidelity.difference[i], 2), "ecart_relatif": _signed_percent(
                fidelity.relative_difference[i]),
        })
    out.reasons = reasons(run, params)
    return out


def _signed(value: float, decimals: int) -> str:
    return fr_signed(value, decimals)


def _signed_percent(share: float) -> str:
    return fr_percent(share, 0, signed=True)


def reasons(run, params: APLParameters) -> list[str]:
    """Why the computed APL differs from the DREES's, from what the run recorded."""
    inputs = run.inputs or {}
    offer = (run.summary or {}).get("supply", {})
    activity, population = DREES_INPUTS.get(params.vintage, (f"SNIIR-AM {params.vintage}", "populations"))
    out = []
    if run.fictive:
        out.append("Offre de soins FICTIVE : ce calcul utilise l'offre inventée de la démonstration (médecins, lieux "
                   "et activités générés), alors que la DREES compte les médecins réels. Les écarts ci-dessus ne "
                   "disent donc rien de la justesse de la méthode ; importez l'Annuaire Santé (sante-locale import "
                   "rpps FICHIER) pour une comparaison qui ait un sens.")
    else:
        rpps = (inputs.get("imports") or {}).get("rpps", {})
        out.append(f"Millésime de l'offre : Annuaire Santé {rpps.get('millesime', 'importé')} ; l'APL DREES "
                   f"{params.vintage} compte les médecins et leur activité de l'année ({activity}).")
    missing, kept = offer.get("missing_activity"), offer.get("kept")
    caps = ("la DREES part des consultations et visites facturées dans l'année, plafonnées : moins de 250 actes, "
            "médecin non compté ; de 250 à 3 600, porté à 3 600 ; plus de 6 000, ramené à 6 000.")
    if run.fictive:
        caps += " Ici, l'activité de chaque médecin est générée (fictive), puis plafonnée de la même façon."
    elif missing is not None and kept:
        caps += (f" Ici, {fr_number(missing)} médecin(s) sur {fr_number(kept)} n'ont pas d'activité connue et "
                 "comptent 5 400 actes (règle DREES des médecins nouvellement installés).")
    out.append("Activité et plafonds : " + caps)
    out.append(f"Temps de trajet : {inputs.get('temps_de_trajet', 'estimés')} ; la DREES utilise les temps par la "
               "route du distancier Metric de l'INSEE, de commune à commune.")
    demand = inputs.get("demande", "non précisée")
    if demand == f"population standardisée publiée par la DREES ({params.vintage})":
        out.append(f"Demande : la population standardisée publiée par la DREES avec l'APL {params.vintage} "
                   f"({population}) ; aucun écart ne vient de là.")
    else:
        out.append(f"Demande : {demand} ; la DREES utilise la population standardisée par l'âge de ses "
                   f"{population}.")
    return out
