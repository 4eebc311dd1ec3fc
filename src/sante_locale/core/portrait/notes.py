"""The portrait's words on its inputs: what is not imported and why (:func:`unavailable`),
and the APL method in plain French (:func:`method_notes`), written once for the page, the PDF
and the spreadsheet."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sante_locale.core.formats import fr_number
from sante_locale.core.map_classes import GP_APL
from sante_locale.core.portrait.model import Unavailable

if TYPE_CHECKING:
    from sante_locale.core.portrait.build import PortraitInputs

#: Inputs a portrait may lack: key -> (what is missing, why). The administrator's instruction
#: comes from the app (``PortraitInputs.missing_inputs``), which knows the import commands.
MISSING_INPUTS = {
    "finess": ("Établissements et structures (FINESS)", "le fichier FINESS des établissements n'a pas été importé"),
    "population_by_age": ("Structure par âge de la population",
                          "la population par âge de l'INSEE n'a pas été importée"),
    "qpv": ("Quartiers prioritaires (QPV)", "la liste des quartiers prioritaires (QPV 2024) n'a pas été importée"),
}


def unavailable(inputs: PortraitInputs) -> list[Unavailable]:
    """The inputs this portrait lacks, with why, in the order of :data:`MISSING_INPUTS`.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from sante_locale.core.portrait.build import PortraitInputs
    >>> inputs = PortraitInputs({}, pd.DataFrame(), [], np.array([]), {}, pd.DataFrame(), {}, {}, [], {}, "",
    ...                         missing_inputs={"finess": "sante-locale import finess FICHIER"})
    >>> [(u.what, u.how) for u in unavailable(inputs)]
    [('Établissements et structures (FINESS)', 'sante-locale import finess FICHIER')]
    """
    return [Unavailable(key, what, why, inputs.missing_inputs[key]) for key, (what, why) in MISSING_INPUTS.items()
            if key in inputs.missing_inputs]


def _fraction(weight: float) -> str:
    for value, words in ((1.0, "entièrement"), (2 / 3, "aux deux tiers"), (1 / 3, "au tiers"), (0.5, "à moitié")):
        if abs(weight - value) < 0.005:
            return words
    return f"avec un poids de {fr_number(weight, 2)}"


def method_notes(inputs: PortraitInputs) -> list[str]:
    """The APL method in plain French, from the parameters of the run the portrait used: the
    same sentences on the page, in the PDF and in the spreadsheet.

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from sante_locale.core.portrait.build import PortraitInputs
    >>> params = {"apl": {"bands": [[10, 1.0], [15, 2 / 3], [20, 1 / 3]], "catchment_minutes": 20.0,
    ...           "supply_mode": "activity", "demand_mode": "standardised", "vintage": 2023}}
    >>> inputs = PortraitInputs({}, pd.DataFrame(), [], np.array([]), {}, pd.DataFrame(), {}, {}, [], params,
    ...                         "", apl_demand="population standardisée publiée par la DREES (2023)")
    >>> for note in method_notes(inputs)[:4]:
    ...     print(note)
    Méthode : accessibilité potentielle localisée (APL) de la DREES, méthode E2SFCA, aux médecins généralistes.
    Distance : offre à moins de 10 min comptée entièrement, de 10 à 15 min aux deux tiers, de 15 à 20 min au tiers ; rien au-delà de 20 min.
    Offre : activité de chaque médecin (consultations et visites de l'année, plafonnée selon les règles de la DREES).
    Demande : population standardisée publiée par la DREES (2023).
    """
    apl = (inputs.parameters or {}).get("apl") or {}
    if not apl:
        return []
    notes = ["Méthode : accessibilité potentielle localisée (APL) de la DREES, méthode E2SFCA, aux médecins "
             "généralistes."]
    bands = [(float(m), float(w)) for m, w in apl.get("bands", [])]
    if bands:
        parts, start = [], 0.0
        for minutes, weight in bands:
            span = f"à moins de {fr_number(minutes)} min" if not start else \
                f"de {fr_number(start)} à {fr_number(minutes)} min"
            parts.append(f"{span} {_fraction(weight)}")
            start = minutes
        first = parts[0].replace(" entièrement", " comptée entièrement", 1) if "entièrement" in parts[0] else \
            parts[0] + " (comptée)"
        catchment = fr_number(float(apl.get("catchment_minutes", start)))
        notes.append(f"Distance : offre {first}, {', '.join(parts[1:])} ; rien au-delà de {catchment} min."
                     if len(parts) > 1 else f"Distance : offre {first} ; rien au-delà de {catchment} min.")
    if apl.get("supply_mode") == "activity":
        notes.append("Offre : activité de chaque médecin (consultations et visites de l'année, plafonnée selon les "
                     "règles de la DREES).")
    else:
        notes.append("Offre : effectifs, chaque professionnel compté pour un équivalent temps plein.")
    if inputs.apl_demand:  # what the run recorded, weights included (« poids DREES 2023 »)
        notes.append(f"Demande : {inputs.apl_demand}.")
    elif apl.get("demand_mode") == "population":
        notes.append("Demande : population municipale.")
    else:
        notes.append(f"Demande : population standardisée par les poids d'âge de la DREES, millésime "
                     f"{int(apl.get('vintage') or 0)}.")
    if apl.get("age_cutoff"):
        notes.append(f"Professionnels de plus de {int(apl['age_cutoff'])} ans non comptés.")
    notes.append(f"Commune sous-dense : APL inférieure à {fr_number(GP_APL.threshold, 1)} consultations par "
                 "habitant et par an.")
    comparisons = (inputs.parameters or {}).get("comparaisons") or []
    if comparisons:
        notes.append(f"Comparaisons : {', '.join(comparisons)}.")
    return notes
