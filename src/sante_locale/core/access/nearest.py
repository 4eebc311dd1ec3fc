"""Travel time to the nearest supply site, and population beyond time thresholds."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree

from .costs import EARTH_RADIUS_KM, Pairs, RoadTimeModel, _unit_xyz

__all__ = ["Nearest", "nearest_from_pairs", "nearest_site_minutes", "population_beyond"]


@dataclass(frozen=True, eq=False)
class Nearest:
    """``minutes`` to the nearest site (``inf`` if none) and its ``site_index`` (-1 if none)."""

    minutes: np.ndarray
    site_index: np.ndarray


def nearest_site_minutes(
    demand_lon,
    demand_lat,
    supply_lon,
    supply_lat,
    model: RoadTimeModel | None = None,
    demand_area_km2=None,
) -> Nearest:
    """Nearest site by great-circle distance (cKDTree, k=1), converted to minutes.

    The time model is increasing with distance, so the nearest site in distance is the
    nearest in time. With ``demand_area_km2``, the intra-unit time is a floor.

    Examples
    --------
    >>> n = nearest_site_minutes([2.35, 2.45], [48.86, 48.86], [2.35], [48.86])
    >>> n.minutes.round(1).tolist(), n.site_index.tolist()
    ([0.0, 9.6], [0, 0])
    """
    model = model or RoadTimeModel()
    n_d = np.size(demand_lon)
    if np.size(supply_lon) == 0:
        return Nearest(np.full(n_d, np.inf), np.full(n_d, -1, dtype=np.int64))
    tree = cKDTree(_unit_xyz(np.ravel(supply_lon), np.ravel(supply_lat)))
    chord, idx = tree.query(_unit_xyz(np.ravel(demand_lon), np.ravel(demand_lat)), k=1)
    km = 2.0 * EARTH_RADIUS_KM * np.arcsin(np.clip(chord / 2.0, 0.0, 1.0))
    minutes = model.minutes(km)
    if demand_area_km2 is not None:
        minutes = np.maximum(minutes, model.intra_minutes(np.ravel(demand_area_km2)))
    return Nearest(minutes, idx.astype(np.int64))


def nearest_from_pairs(pairs: Pairs) -> Nearest:
    """Minimum time per demand point over a pairs table (``inf``/-1 without any pair).

    Examples
    --------
    >>> n = nearest_from_pairs(Pairs([0, 0], [0, 1], [9.0, 4.0], 2, 2))
    >>> n.minutes.tolist(), n.site_index.tolist()
    ([4.0, inf], [1, -1])
    """
    minutes = np.full(pairs.n_demand, np.inf)
    counts = np.bincount(pairs.demand_index, minlength=pairs.n_demand)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])[counts > 0]
    if starts.size:
        minutes[counts > 0] = np.minimum.reduceat(pairs.minutes, starts)
    site = np.full(pairs.n_demand, -1, dtype=np.int64)
    is_min = pairs.minutes == minutes[pairs.demand_index]
    # pairs are sorted by (demand, supply): keep the lowest site index among ties
    rows, first = np.unique(pairs.demand_index[is_min], return_index=True)
    site[rows] = pairs.supply_index[is_min][first]
    return Nearest(minutes, site)


def population_beyond(minutes, population, thresholds=(10, 20, 30)) -> pd.Series:
    """Population whose nearest site is strictly more than each threshold away.

    Examples
    --------
    >>> population_beyond([5.0, 15.0, np.inf], [100, 10, 1]).tolist()
    [11.0, 1.0, 1.0]
    """
    m = np.asarray(minutes, dtype=float)
    p = np.asarray(population, dtype=float)
    if m.shape != p.shape:
        raise ValueError("Temps et population doivent avoir la même longueur.")
    return pd.Series(
        [float(p[m > t].sum()) for t in thresholds],
        index=pd.Index(list(thresholds), name="minutes"),
        name="population",
    )
