"""What-if scenarios on the supply table: retirements, a new site, a closure.

The supply table is a pandas DataFrame with one row per professional × site:

``professional_id``
    identifier (RPPS, or generated for a simulated post);
``site_id``
    identifier of the practice site;
``supply_index``
    position of the site on the supply axis of the :class:`Pairs` (for the DREES
    commune-level computation: the index of the site's commune); -1 for a new site that
    only has ``lon``/``lat`` (see :func:`locate_new_sites`);
``activity``, ``age``, ``mode``, ``fte``
    as in :func:`sante_locale.core.access.apl.site_supply`;
``lon``, ``lat``
    optional, WGS84 degrees.

Every function returns a new DataFrame and never modifies its input.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sante_locale.core.map_classes import GP_APL

from .apl import APLResult
from .costs import Pairs, RoadTimeModel, build_pairs, merge_supply

__all__ = ["Comparison", "close_site", "compare", "leaving", "locate_new_sites", "open_site", "retire",
           "retirement_label"]

THRESHOLD = GP_APL.threshold


def retirement_label(age: int) -> str:
    """How the product names the professionals who leave at ``age``: the same words in the
    scenario's form, result and CLI, the portrait's indicators and the documentation.

    Ages are those reached in the current year (year minus year of birth).

    Examples
    --------
    >>> retirement_label(65)
    '65 ans ou plus'
    """
    return f"{int(age)} ans ou plus"


def leaving(ages, age_from: float) -> np.ndarray:
    """Mask of the professionals who leave at ``age_from``: aged ``age_from`` **or more**
    (:func:`retirement_label`); an unknown age (NaN) stays.

    Examples
    --------
    >>> leaving([64, 65, 66, np.nan], 65).tolist()
    [False, True, True, False]
    """
    return (pd.to_numeric(pd.Series(ages), errors="coerce") >= age_from).fillna(False).to_numpy(bool)


def retire(supply: pd.DataFrame, age_from: float | None = None, ids=None) -> pd.DataFrame:
    """Remove the professionals aged ``age_from`` or more (unknown ages stay, see
    :func:`leaving`) and/or the listed ids.

    Examples
    --------
    >>> s = pd.DataFrame({"professional_id": ["a", "b", "c", "d"], "age": [66, 50, np.nan, 65]})
    >>> retire(s, age_from=65)["professional_id"].tolist()
    ['b', 'c']
    """
    if age_from is None and ids is None:
        raise ValueError(
            "Scénario de départs : indiquez un âge (age_from) ou une liste d'identifiants (ids)."
        )
    drop = np.zeros(len(supply), dtype=bool)
    if age_from is not None:
        drop |= leaving(supply["age"].to_numpy(), age_from)
    if ids is not None:
        ids = {str(i) for i in ids}
        known = set(supply["professional_id"].astype(str))
        unknown = sorted(ids - known)
        if unknown:
            raise ValueError(
                f"Scénario de départs : identifiant(s) inconnu(s) {', '.join(unknown[:5])}"
                f"{' …' if len(unknown) > 5 else ''} ({len(unknown)}). Vérifiez les numéros RPPS."
            )
        drop |= supply["professional_id"].astype(str).isin(ids).to_numpy()
    return supply.loc[~drop].reset_index(drop=True)


def open_site(
    supply: pd.DataFrame,
    fte: float,
    supply_index: int | None = None,
    lon: float | None = None,
    lat: float | None = None,
    site_id: str = "nouveau_site",
    acts_per_fte: float = 5400.0,
    mode: str = "centre_de_sante",
) -> pd.DataFrame:
    """Add a site with ``fte`` full-time posts (each ``acts_per_fte`` acts a year).

    Give either ``supply_index`` (an existing position on the supply axis, e.g. the
    demand unit when supply is located by commune) or ``lon``/``lat`` (then
    ``supply_index`` is -1 until :func:`locate_new_sites`). The default mode
    ``"centre_de_sante"`` means the activity is not capped.

    Examples
    --------
    >>> s = pd.DataFrame({"professional_id": ["a"], "site_id": ["s1"], "supply_index": [0],
    ...                   "activity": [4000.0], "age": [50]})
    >>> open_site(s, fte=2, supply_index=3)[["supply_index", "activity", "fte"]].iloc[-1].tolist()
    [3.0, 10800.0, 2.0]
    """
    if not (np.isfinite(fte) and fte > 0):
        raise ValueError(f"Nouveau site : nombre d'ETP invalide ({fte!r}), donnez un nombre > 0.")
    if (supply_index is None) == (lon is None or lat is None):
        raise ValueError("Nouveau site : donnez soit supply_index, soit lon et lat (pas les deux).")
    row = {
        "professional_id": f"{site_id}-simule",
        "site_id": site_id,
        "supply_index": -1 if supply_index is None else int(supply_index),
        "activity": float(fte) * acts_per_fte,
        "age": np.nan,
        "mode": mode,
        "fte": float(fte),
    }
    if lon is not None:
        row.update(lon=float(lon), lat=float(lat))
    out = pd.concat([supply, pd.DataFrame([row])], ignore_index=True)
    return out


def close_site(supply: pd.DataFrame, site_id) -> pd.DataFrame:
    """Remove every professional of a site.

    Examples
    --------
    >>> s = pd.DataFrame({"professional_id": ["a", "b"], "site_id": ["s1", "s2"]})
    >>> close_site(s, "s1")["site_id"].tolist()
    ['s2']
    """
    hit = supply["site_id"].astype(str) == str(site_id)
    if not hit.any():
        raise ValueError(f"Fermeture : site {site_id!r} introuvable dans la table de l'offre.")
    return supply.loc[~hit].reset_index(drop=True)


def locate_new_sites(
    pairs: Pairs,
    supply: pd.DataFrame,
    demand_lon,
    demand_lat,
    catchment_minutes: float,
    model: RoadTimeModel | None = None,
) -> tuple[Pairs, pd.DataFrame]:
    """Give new sites (``supply_index == -1``, with lon/lat) a supply index and their pairs.

    Examples
    --------
    >>> p = Pairs([0], [0], [2.0], 1, 1)
    >>> s = open_site(pd.DataFrame(columns=["professional_id", "site_id", "supply_index"]),
    ...               fte=1, lon=2.35, lat=48.86)
    >>> p2, s2 = locate_new_sites(p, s, [2.35], [48.86], 20)
    >>> p2.n_supply, s2["supply_index"].tolist()
    (2, [1])
    """
    new = supply["supply_index"].astype(int) == -1
    if not new.any():
        return pairs, supply
    if supply.loc[new, ["lon", "lat"]].isna().any().any():
        raise ValueError("Nouveau site sans coordonnées : donnez lon et lat, ou un supply_index.")
    sites = supply.loc[new].drop_duplicates("site_id")
    position = {sid: pairs.n_supply + k for k, sid in enumerate(sites["site_id"])}
    extra = build_pairs(
        demand_lon, demand_lat, sites["lon"], sites["lat"], catchment_minutes, model
    )
    out = supply.copy()
    out.loc[new, "supply_index"] = out.loc[new, "site_id"].map(position)
    out["supply_index"] = out["supply_index"].astype(int)
    return merge_supply(pairs, extra), out


@dataclass(frozen=True, eq=False)
class Comparison:
    """Per-demand-point comparison (``table``) and its ``summary`` dict."""

    table: pd.DataFrame
    summary: dict


def _values(x) -> np.ndarray:
    return np.asarray(x.values if isinstance(x, APLResult) else x, dtype=float)


def compare(before, after, population, threshold: float | None = THRESHOLD, top: int = 10) -> Comparison:
    """Compare two APL results (or arrays) on the same demand points.

    ``crossing`` is ``"down"`` when the APL goes from >= threshold to < threshold (the
    commune becomes « sous-dense »), ``"up"`` the other way, ``""`` otherwise (and always
    without a threshold: a profession without official classes has no « sous-dense »).

    Examples
    --------
    >>> c = compare([2.6, 3.0], [2.4, 3.5], population=[100, 50])
    >>> c.table["crossing"].tolist(), c.summary["population_moving_below"]
    (['down', ''], 100.0)
    >>> compare([2.6], [2.4], [100], threshold=None).summary["population_below_after"] is None
    True
    """
    b, a = _values(before), _values(after)
    pop = np.asarray(population, dtype=float)
    if not (b.shape == a.shape == pop.shape):
        raise ValueError("Comparaison : avant, après et population doivent avoir la même longueur.")
    if threshold is None:
        down = up = np.zeros(b.shape, dtype=bool)
    else:
        down = (b >= threshold) & (a < threshold)
        up = (b < threshold) & (a >= threshold)
    crossing = np.where(down, "down", np.where(up, "up", ""))
    table = pd.DataFrame(
        {
            "apl_before": b,
            "apl_after": a,
            "difference": a - b,
            "population": pop,
            "crossing": crossing,
        }
    )
    order = table["difference"]

    def below(values):
        return None if threshold is None else float(pop[values < threshold].sum())

    summary = {
        "threshold": threshold,
        "population_moving_below": float(pop[down].sum()),
        "population_moving_above": float(pop[up].sum()),
        "population_below_before": below(b),
        "population_below_after": below(a),
        "communes_below_before": None if threshold is None else int((b < threshold).sum()),
        "communes_below_after": None if threshold is None else int((a < threshold).sum()),
        "top_gainers": order[order > 0].nlargest(top).index.tolist(),
        "top_losers": order[order < 0].nsmallest(top).index.tolist(),
    }
    return Comparison(table, summary)
