"""DREES APL (accessibilité potentielle localisée): parameters, supply counting, E2SFCA.

Official values (médecins généralistes, APL 2022 and 2023) come from the « Paramètres »
sheet of the DREES workbook; see ``docs/methodes-apl.md``. Other professions use
documented, NON-official defaults.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Literal

import numpy as np
import pandas as pd

from .costs import Pairs, check_catchment
from .fca import check_bands, floating_catchment, step

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
    "default_parameters",
    "site_supply",
]

DREES_GP_BANDS = ((10.0, 1.0), (15.0, 2.0 / 3.0), (20.0, 1.0 / 3.0))
AGE_BANDS = tuple(f"{a}-{a + 4}" for a in range(0, 90, 5)) + ("90+",)
AGE_WEIGHTS = {
    2022: (0.93, 0.59, 0.55, 0.59, 0.73, 0.78, 0.84, 0.88, 0.90, 0.97,
           1.06, 1.14, 1.16, 1.19, 1.52, 1.53, 1.72, 1.99, 2.39),
    2023: (1.12, 0.58, 0.51, 0.60, 0.75, 0.79, 0.82, 0.85, 0.89, 0.93,
           1.03, 1.15, 1.18, 1.23, 1.46, 1.57, 1.63, 1.89, 2.26),
}  # fmt: skip
GP_CLASS_BOUNDS = (2.5, 4.0)
GP_UNIT = "consultations/visites accessibles par habitant standardisé et par an"
FTE_UNIT = "ETP accessibles pour 100 000 habitants (paramétrage non officiel)"
PROFESSIONS = (
    "medecin_generaliste",
    "infirmier",
    "masseur_kinesitherapeute",
    "sage_femme",
    "chirurgien_dentiste",
)


@dataclass(frozen=True)
class APLParameters:
    """Parameters of an APL computation (defaults: DREES, médecins généralistes, 2023).

    Activity capping (``supply_mode="activity"``), per professional and per year:
    ``a < 250`` → 0; ``250 <= a <= 3 600`` → 3 600 (the sheet says "moins de 250" and
    "entre 251 et 3 600": 250 itself, undefined there, is put with the 251–3 600 band);
    ``3 600 < a <= 6 000`` → a; ``a > 6 000`` → 6 000; missing activity → 5 400
    (DREES rule for libéraux without last year's activity; also applied to other modes,
    not official); ``mode == "centre_de_sante"`` → uncapped.
    ``supply_mode="headcount"``: each professional counts ``fte × acts_per_fte``.

    Examples
    --------
    >>> p = APLParameters()
    >>> p.bands[1], p.catchment_minutes, p.vintage
    ((15.0, 0.6666666666666666), 20.0, 2023)
    """

    profession: str = "medecin_generaliste"
    bands: tuple[tuple[float, float], ...] = DREES_GP_BANDS
    catchment_minutes: float = 20.0
    supply_mode: Literal["activity", "headcount"] = "activity"
    acts_per_fte: float = 5400.0
    activity_floor: float = 250.0
    activity_min: float = 3600.0
    activity_max: float = 6000.0
    missing_activity: float = 5400.0
    age_cutoff: int | None = None
    age_rule: Literal["<=", "<"] = "<="
    demand_mode: Literal["population", "standardised", "age_bands"] = "standardised"
    vintage: int = 2023
    output_scale: float = 1.0
    unit: str = GP_UNIT
    official: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "bands", check_bands(self.bands))
        object.__setattr__(self, "catchment_minutes", check_catchment(self.catchment_minutes))
        choices = {
            "supply_mode": ("activity", "headcount"),
            "demand_mode": ("population", "standardised", "age_bands"),
            "age_rule": ("<=", "<"),
            "age_cutoff": (None, 65, 62, 60),
            "vintage": tuple(AGE_WEIGHTS),
        }
        for name, allowed in choices.items():
            if getattr(self, name) not in allowed:
                raise ValueError(
                    f"Paramètre APL {name} invalide : {getattr(self, name)!r}. Valeurs "
                    f"possibles : {', '.join(map(repr, allowed))}."
                )
        if self.profession not in PROFESSIONS:
            raise ValueError(
                f"Profession inconnue {self.profession!r} : choisissez parmi {', '.join(PROFESSIONS)}."
            )
        if not (0 <= self.activity_floor <= self.activity_min <= self.activity_max):
            raise ValueError(
                "Bornes d'activité incohérentes : il faut 0 ≤ plancher ≤ minimum ≤ maximum."
            )

    def as_dict(self) -> dict:
        """Plain-dict view (JSON-serialisable) of the parameters."""
        d = asdict(self)
        d["bands"] = [list(b) for b in self.bands]
        return d


def default_parameters(profession: str = "medecin_generaliste", **overrides) -> APLParameters:
    """Default parameters for a profession; only médecin généraliste is official.

    The other professions count full-time equivalents (``fte`` column, default 1 per
    professional) and return FTE per 100,000 inhabitants, with the GP distance decay:
    these are documented assumptions, not DREES values.

    Examples
    --------
    >>> default_parameters("infirmier").official
    False
    >>> default_parameters(age_cutoff=65).age_cutoff
    65
    """
    if profession == "medecin_generaliste":
        return APLParameters(**overrides)
    base = dict(
        profession=profession,
        supply_mode="headcount",
        acts_per_fte=1.0,
        missing_activity=1.0,
        output_scale=100_000.0,
        unit=FTE_UNIT,
        official=False,
    )
    return APLParameters(**{**base, **overrides})


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
    age = (
        pd.to_numeric(df["age"], errors="coerce")
        if "age" in df
        else pd.Series(np.nan, index=df.index)
    )
    keep = np.ones(len(df), dtype=bool)
    if params.age_cutoff is not None:
        too_old = age > params.age_cutoff if params.age_rule == "<=" else age >= params.age_cutoff
        keep &= ~too_old.fillna(False).to_numpy(bool)
    idx = pd.to_numeric(df["supply_index"], errors="coerce").to_numpy(float)
    if np.isnan(idx).any() or (idx < 0).any() or (idx >= n_supply).any():
        raise ValueError(
            "Table des professionnels : supply_index manquant ou hors limites (0 à "
            f"{n_supply - 1}). Rattachez chaque professionnel à un site des couples de trajet."
        )
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
    supply = np.bincount(idx[keep].astype(np.int64), weights=acts[keep], minlength=n_supply)
    counts = {
        "professionals": len(df),
        "kept": int(keep.sum()),
        "excluded_by_age": int((~keep).sum()),
        "unknown_age": int(age.isna().sum()),
        "missing_activity": missing,
    }
    return supply, counts


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
    """GP classes: ``"< 2,5"`` (sous-dense), ``"2,5 – 4"``, ``"> 4"`` (2.5 and 4 in the middle class).

    Examples
    --------
    >>> apl_class([1.0, 2.5, 4.0, 4.01]).tolist()
    ['< 2,5', '2,5 – 4', '2,5 – 4', '> 4']
    """
    v = np.asarray(values, dtype=float)
    low, high = GP_CLASS_BOUNDS
    return np.where(v < low, "< 2,5", np.where(v <= high, "2,5 – 4", "> 4")).astype(object)


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


def with_overrides(params: APLParameters, **changes) -> APLParameters:
    """Copy of ``params`` with some fields changed (validated again)."""
    return replace(params, **changes)
