"""DREES APL (accessibilité potentielle localisée): parameters, supply counting, E2SFCA.

Official values (médecins généralistes, APL 2022 and 2023) come from the « Paramètres »
sheet of the DREES workbook; see ``docs/methodes-apl.md``. Other professions use
documented, NON-official defaults.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sante_locale.core.map_classes import GP_APL

from .costs import Pairs
from .fca import floating_catchment, step
from .parameters import (
    AGE_BANDS,
    AGE_WEIGHTS,
    DREES_GP_BANDS,
    GP_CLASS_BOUNDS,
    PROFESSIONS,
    APLParameters,
    default_parameters,
)

__all__ = [
    "AGE_BANDS",
    "AGE_WEIGHTS",
    "APLParameters",
    "APLResult",
    "DREES_GP_BANDS",
    "GP_CLASS_BOUNDS",
    "PROFESSIONS",
    "aggregate_apl",
    "age_weighted_demand",
    "apl_class",
    "cap_activity",
    "compute_apl",
    "counted_fte",
    "default_parameters",
    "site_supply",
]


def cap_activity(activity, mode=None, params: APLParameters | None = None) -> np.ndarray:
    """Apply the DREES activity rules to yearly acts per professional.

    Examples
    --------
    >>> cap_activity([100, 250, 251, 4000, 7000, np.nan]).tolist()
    [0.0, 3600.0, 3600.0, 4000.0, 6000.0, 5400.0]
    >>> cap_activity([100.0], mode=["centre_de_sante"]).tolist()
    [100.0]
    """
    p = params or APLParameters()
    a = np.asarray(activity, dtype=float)
    out = np.where(
        a < p.activity_floor,
        0.0,
        np.where(a <= p.activity_min, p.activity_min, np.minimum(a, p.activity_max)),
    )
    if mode is not None:
        cds = np.asarray(pd.Series(mode, dtype=object).eq("centre_de_sante"))
        out = np.where(cds, a, out)
    return np.where(np.isnan(a), p.missing_activity, out)


def site_supply(professionals: pd.DataFrame, params: APLParameters, n_supply: int):
    """Sum the counted supply per site from a table of professionals.

    Columns: ``supply_index`` (int, site position in the pairs), ``activity`` (acts/year,
    NaN if unknown; needed in activity mode), optional ``age`` (NaN if unknown: kept and
    counted), ``mode`` (``"liberal"``, ``"centre_de_sante"``, ...) and ``fte``
    (headcount mode, default 1).

    Returns
    -------
    supply : ndarray, shape (n_supply,)
    counts : dict
        professionals, kept, excluded_by_age, unknown_age, missing_activity.

    Examples
    --------
    >>> df = pd.DataFrame({"supply_index": [0, 0, 1], "activity": [4000, 7000, np.nan],
    ...                    "age": [70, 50, np.nan]})
    >>> s, c = site_supply(df, APLParameters(age_cutoff=65), 2)
    >>> s.tolist(), c["excluded_by_age"], c["unknown_age"]
    ([6000.0, 5400.0], 1, 1)
    """
    if "supply_index" not in professionals.columns:
        raise ValueError(
            "Table des professionnels : colonne supply_index manquante (indice du site)."
        )
    df = professionals
    acts, keep, age, missing = _counted(df, params)
    idx = pd.to_numeric(df["supply_index"], errors="coerce").to_numpy(float)
    if np.isnan(idx).any() or (idx < 0).any() or (idx >= n_supply).any():
        raise ValueError(
            "Table des professionnels : supply_index manquant ou hors limites (0 à "
            f"{n_supply - 1}). Rattachez chaque professionnel à un site des couples de trajet."
        )
    supply = np.bincount(idx[keep].astype(np.int64), weights=acts[keep], minlength=n_supply)
    counts = {
        "professionals": len(df),
        "kept": int(keep.sum()),
        "excluded_by_age": int((~keep).sum()),
        "unknown_age": int(age.isna().sum()),
        "missing_activity": missing,
    }
    return supply, counts


def _counted(df: pd.DataFrame, params: APLParameters):
    """Per row: counted acts (capped, or FTE × acts per FTE), kept by the age cut-off, ages,
    and how many kept rows miss their activity."""
    age = (
        pd.to_numeric(df["age"], errors="coerce")
        if "age" in df
        else pd.Series(np.nan, index=df.index)
    )
    keep = np.ones(len(df), dtype=bool)
    if params.age_cutoff is not None:
        too_old = age > params.age_cutoff if params.age_rule == "<=" else age >= params.age_cutoff
        keep &= ~too_old.fillna(False).to_numpy(bool)
    if params.supply_mode == "activity":
        if "activity" not in df.columns:
            raise ValueError(
                "Mode « activity » : colonne activity manquante ; utilisez supply_mode='headcount'."
            )
        activity = pd.to_numeric(df["activity"], errors="coerce").to_numpy(float)
        acts = cap_activity(activity, df["mode"] if "mode" in df else None, params)
        missing = int(np.isnan(activity[keep]).sum())
    else:
        fte = pd.to_numeric(df["fte"], errors="coerce").fillna(1.0) if "fte" in df else 1.0
        acts = np.broadcast_to(np.asarray(fte, dtype=float) * params.acts_per_fte, (len(df),))
        missing = 0
    return acts, keep, age, missing


def counted_fte(professionals: pd.DataFrame, params: APLParameters) -> np.ndarray:
    """Full-time equivalents each row counts for in the APL: its counted acts (capped
    activity, or FTE × acts per FTE) over the acts of one FTE (5,400 for GPs, the DREES
    value of a professional without activity data); 0 when the age cut-off excludes it.

    Examples
    --------
    >>> df = pd.DataFrame({"activity": [2700.0, 7000.0, np.nan, 4000.0], "age": [50, 50, 50, 70]})
    >>> counted_fte(df, APLParameters(age_cutoff=65)).round(3).tolist()
    [0.667, 1.111, 1.0, 0.0]
    """
    acts, keep, _, _ = _counted(professionals, params)
    return np.where(keep, acts, 0.0) / params.acts_per_fte


def age_weighted_demand(population_by_band, weights) -> np.ndarray:
    """Standardised population: Σ_b population[:, b] × weight[b].

    ``weights`` is a sequence of 19 weights (see ``AGE_BANDS``) or a vintage (2022/2023).

    Examples
    --------
    >>> pop = np.zeros((1, 19)); pop[0, 0] = 100; pop[0, 18] = 10
    >>> age_weighted_demand(pop, 2023).round(6).tolist()
    [134.6]
    """
    w = np.asarray(AGE_WEIGHTS[weights] if isinstance(weights, int) else weights, dtype=float)
    pop = np.atleast_2d(np.asarray(population_by_band, dtype=float))
    if pop.shape[1] != w.size:
        raise ValueError(
            f"Population par âge : {pop.shape[1]} tranches reçues, {w.size} attendues "
            f"({AGE_BANDS[0]} … {AGE_BANDS[-1]} par tranches de 5 ans)."
        )
    return pop @ w


@dataclass(frozen=True, eq=False)
class APLResult:
    """APL per demand point, with its parameters and input metadata."""

    values: np.ndarray
    unreached: np.ndarray
    params: dict
    inputs: dict = field(default_factory=dict)
    supply_counts: dict = field(default_factory=dict)

    def to_frame(self) -> pd.DataFrame:
        """Two columns: ``apl`` and ``unreached``."""
        return pd.DataFrame({"apl": self.values, "unreached": self.unreached})


def compute_apl(
    pairs: Pairs,
    demand,
    supply_activity,
    params: APLParameters | None = None,
    inputs: dict | None = None,
) -> APLResult:
    """Compute the APL (E2SFCA with the DREES step decay).

    Parameters
    ----------
    pairs : Pairs
        Travel times demand unit → supply site (pairs beyond the catchment are ignored).
    demand : array
        ``(n_demand,)`` population or standardised population, or ``(n_demand, 19)``
        population by 5-year band when ``params.demand_mode == "age_bands"``.
    supply_activity : array or pandas.DataFrame
        Counted supply per site ``(n_supply,)`` used as is, or a table of professionals
        (see :func:`site_supply`) to which capping and the age cut-off are applied.
    params : APLParameters
    inputs : dict, optional
        Input metadata (vintages, sources); ``fictive`` defaults to False.

    Examples
    --------
    >>> p = Pairs([0, 1, 1], [0, 0, 1], [0.0, 12.0, 0.0], 2, 2)
    >>> r = compute_apl(p, [1000.0, 2000.0], [3600.0, 7200.0])
    >>> r.values.round(3).tolist(), r.inputs["fictive"]
    ([1.543, 4.629], False)
    """
    params = params or APLParameters()
    counts: dict = {}
    if isinstance(supply_activity, pd.DataFrame):
        supply, counts = site_supply(supply_activity, params, pairs.n_supply)
    else:
        supply = np.asarray(supply_activity, dtype=float)
    if params.demand_mode == "age_bands":
        demand = age_weighted_demand(demand, params.vintage)
    elif np.ndim(demand) != 1:
        raise ValueError(
            "Population : un vecteur (une valeur par point) est attendu ; pour une population "
            "par tranche d'âge, utilisez demand_mode='age_bands'."
        )
    result = floating_catchment(pairs, demand, supply, step(params.bands), params.catchment_minutes)
    meta = {"fictive": False, "weights_vintage": params.vintage, "unit": params.unit}
    meta.update(inputs or {})
    return APLResult(
        result.values * params.output_scale, result.unreached, params.as_dict(), meta, counts
    )


def apl_class(values) -> np.ndarray:
    """Labels of the GP classes (:data:`~sante_locale.core.map_classes.GP_APL`), 2.5 and 4
    in the middle class.

    Examples
    --------
    >>> apl_class([1.0, 2.5, 4.0, 4.01]).tolist()
    ['sous-dense : moins de 2,5', 'de 2,5 à 4', 'de 2,5 à 4', 'plus de 4']
    """
    return GP_APL.labels(values)


def aggregate_apl(values, standardised_population, groups=None):
    """Mean APL weighted by standardised population (DREES rule for several communes).

    With ``groups`` (one label per demand point), returns a pandas Series per group.

    Examples
    --------
    >>> aggregate_apl([2.0, 4.0], [100.0, 300.0])
    3.5
    """
    v = np.asarray(values, dtype=float)
    w = np.asarray(standardised_population, dtype=float)
    if v.shape != w.shape:
        raise ValueError("APL et populations standardisées doivent avoir la même longueur.")
    if groups is None:
        if w.sum() <= 0:
            raise ValueError("Agrégation impossible : population standardisée totale nulle.")
        return float(np.dot(v, w) / w.sum())
    df = pd.DataFrame({"g": np.asarray(groups), "vw": v * w, "w": w})
    s = df.groupby("g", sort=True)[["vw", "w"]].sum()
    return (s["vw"] / s["w"].where(s["w"] > 0)).rename("apl")
