"""Travel costs as sparse (demand, supply, minutes) pairs.

Nothing here ever builds a dense demand × supply matrix: pairs beyond the catchment are
never materialised. Road times are estimated from great-circle distances (see
:class:`RoadTimeModel`); a real origin–destination table can be read with
:func:`sante_locale.core.access.odtable.pairs_from_od_table`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.spatial import cKDTree

from .roadtime import EARTH_RADIUS_KM, RoadTimeModel, _unit_xyz, haversine_km

MAX_CATCHMENT_MINUTES = 180.0

__all__ = [
    "EARTH_RADIUS_KM",
    "MAX_CATCHMENT_MINUTES",
    "Pairs",
    "RoadTimeModel",
    "build_pairs",
    "check_catchment",
    "haversine_km",
    "merge_supply",
]


def check_catchment(catchment_minutes: float) -> float:
    """Validate a catchment (maximum travel time) in minutes and return it as a float.

    Examples
    --------
    >>> check_catchment(20)
    20.0
    """
    value = float(catchment_minutes)
    if not np.isfinite(value) or value <= 0 or value > MAX_CATCHMENT_MINUTES:
        raise ValueError(
            f"Temps d'accès maximal invalide : {catchment_minutes!r} minutes. Donnez une "
            f"durée strictement positive et au plus {MAX_CATCHMENT_MINUTES:g} minutes "
            "(la DREES utilise 20 minutes pour les médecins généralistes)."
        )
    return value


def _index_array(values) -> np.ndarray:
    arr = np.asarray(values)
    if arr.dtype == np.int32:
        return np.ascontiguousarray(arr)
    if arr.size and not np.issubdtype(arr.dtype, np.integer):
        if not np.all(np.asarray(arr, dtype=float) == np.round(np.asarray(arr, dtype=float))):
            raise ValueError("Les indices des couples doivent être des entiers.")
    return np.ascontiguousarray(arr, dtype=np.int64)


def _strictly_sorted(d: np.ndarray, s: np.ndarray, block: int = 1 << 20) -> bool:
    """True if pairs are sorted by (demand, supply) without repeats (checked by blocks)."""
    for start in range(0, d.size - 1, block):
        a, b = slice(start, start + block), slice(start + 1, start + block + 1)
        n = min(block, d.size - 1 - start)
        d0, d1, s0, s1 = d[a][:n], d[b][:n], s[a][:n], s[b][:n]
        if not np.all((d1 > d0) | ((d1 == d0) & (s1 > s0))):
            return False
    return True


@dataclass(frozen=True, eq=False)
class Pairs:
    """Sparse travel costs: one row per reachable (demand point, supply site) pair.

    On construction the pairs are validated and sorted by (demand, supply), which lets the
    FCA kernels build a CSR matrix without any COO conversion.

    Parameters
    ----------
    demand_index, supply_index : array of int
        Positions in the demand and supply tables (stored as int32).
    minutes : array of float
        Travel time in minutes, finite and >= 0 (stored as float64).
    n_demand, n_supply : int
        Sizes of the demand and supply tables (points without any pair are allowed).

    Examples
    --------
    >>> p = Pairs([1, 0], [0, 0], [5.0, 12.0], n_demand=2, n_supply=1)
    >>> p.demand_index.tolist(), p.minutes.tolist()
    ([0, 1], [12.0, 5.0])
    """

    demand_index: np.ndarray
    supply_index: np.ndarray
    minutes: np.ndarray
    n_demand: int
    n_supply: int

    def __post_init__(self) -> None:
        d = _index_array(self.demand_index)
        s = _index_array(self.supply_index)
        m = np.ascontiguousarray(self.minutes, dtype=np.float64)
        n_d, n_s = int(self.n_demand), int(self.n_supply)
        if not (d.ndim == s.ndim == m.ndim == 1 and d.size == s.size == m.size):
            raise ValueError(
                "Couples de temps de trajet incohérents : demand_index, supply_index et "
                f"minutes doivent être trois vecteurs de même longueur (reçu {d.shape}, "
                f"{s.shape}, {m.shape})."
            )
        if n_d < 0 or n_s < 0 or n_d >= 2**31 or n_s >= 2**31:
            raise ValueError(f"Tailles invalides : n_demand={n_d}, n_supply={n_s}.")
        if d.size and (d.min() < 0 or d.max() >= n_d):
            raise ValueError(
                f"Indice de point de demande hors limites (0 à {n_d - 1}) : vérifiez "
                "n_demand ou la table des couples."
            )
        if s.size and (s.min() < 0 or s.max() >= n_s):
            raise ValueError(
                f"Indice de site d'offre hors limites (0 à {n_s - 1}) : vérifiez "
                "n_supply ou la table des couples."
            )
        bad = ~np.isfinite(m) | (m < 0)
        if bad.any():
            k = int(np.flatnonzero(bad)[0])
            raise ValueError(
                f"Temps de trajet invalide ({m[k]!r} minutes) pour le couple demande {d[k]} "
                f"→ offre {s[k]} ({int(bad.sum())} valeur(s) négative(s) ou manquante(s)). "
                "Les temps doivent être des nombres de minutes positifs ou nuls."
            )
        del bad
        d, s = d.astype(np.int32, copy=False), s.astype(np.int32, copy=False)
        if d.size > 1 and not _strictly_sorted(d, s):
            key = d.astype(np.int64) * max(n_s, 1) + s
            order = np.argsort(key, kind="stable")
            key, d, s, m = key[order], d[order], s[order], m[order]
            dup = np.flatnonzero(key[1:] == key[:-1])
            if dup.size:
                k = int(dup[0])
                raise ValueError(
                    f"Couple en double : demande {d[k]} → offre {s[k]} apparaît plusieurs fois "
                    f"({dup.size} doublon(s)). Gardez un seul temps par couple (par exemple "
                    "le plus court)."
                )
        object.__setattr__(self, "demand_index", d)
        object.__setattr__(self, "supply_index", s)
        object.__setattr__(self, "minutes", m)
        object.__setattr__(self, "n_demand", n_d)
        object.__setattr__(self, "n_supply", n_s)
        for arr in (self.demand_index, self.supply_index, self.minutes):
            arr.flags.writeable = False

    def __len__(self) -> int:
        return int(self.minutes.size)

    def within(self, max_minutes: float) -> Pairs:
        """Keep only pairs with ``minutes <= max_minutes`` (inclusive).

        Examples
        --------
        >>> len(Pairs([0, 0], [0, 1], [5.0, 25.0], 1, 2).within(20))
        1
        """
        keep = self.minutes <= max_minutes
        return Pairs(
            self.demand_index[keep],
            self.supply_index[keep],
            self.minutes[keep],
            self.n_demand,
            self.n_supply,
        )

    def to_frame(self):
        """Return the pairs as a pandas DataFrame (columns origin, destination, minutes).

        Examples
        --------
        >>> Pairs([0], [0], [3.0], 1, 1).to_frame().columns.tolist()
        ['origin', 'destination', 'minutes']
        """
        import pandas as pd

        return pd.DataFrame(
            {"origin": self.demand_index, "destination": self.supply_index, "minutes": self.minutes}
        )


def merge_supply(pairs: Pairs, extra: Pairs) -> Pairs:
    """Append the supply sites of ``extra`` after those of ``pairs`` (same demand points).

    Sites of ``extra`` get indices ``pairs.n_supply + k``. Used by what-if scenarios that
    open new sites.

    Examples
    --------
    >>> a = Pairs([0], [0], [4.0], 2, 1)
    >>> b = Pairs([1], [0], [6.0], 2, 1)
    >>> merge_supply(a, b).supply_index.tolist()
    [0, 1]
    """
    if extra.n_demand != pairs.n_demand:
        raise ValueError(
            "Impossible d'ajouter des sites : les deux tables de couples n'ont pas les mêmes "
            f"points de demande ({pairs.n_demand} contre {extra.n_demand})."
        )
    return Pairs(
        np.concatenate([pairs.demand_index, extra.demand_index]),
        np.concatenate([pairs.supply_index, extra.supply_index.astype(np.int64) + pairs.n_supply]),
        np.concatenate([pairs.minutes, extra.minutes]),
        pairs.n_demand,
        pairs.n_supply + extra.n_supply,
    )


def build_pairs(
    demand_lon,
    demand_lat,
    supply_lon,
    supply_lat,
    catchment_minutes: float,
    model: RoadTimeModel | None = None,
    demand_area_km2=None,
    same_unit=None,
    chunk_size: int = 20_000,
) -> Pairs:
    """Pairs of demand points and supply sites within ``catchment_minutes`` (inclusive).

    A cKDTree over 3-D unit-sphere coordinates of the sites is queried, chunk by chunk of
    demand points, with the chord matching the largest reachable distance, so memory stays
    proportional to the number of pairs of one chunk plus the result.

    Parameters
    ----------
    demand_lon, demand_lat, supply_lon, supply_lat : array of float
        WGS84 degrees.
    catchment_minutes : float
        Maximum travel time, in ]0, 180] minutes.
    model : RoadTimeModel, optional
        Distance → time model (default ``RoadTimeModel()``).
    demand_area_km2 : array of float, optional
        Area of each demand unit. Without ``same_unit``, the intra-unit time is a floor:
        ``minutes = max(time(distance), intra_minutes(area))``. With ``same_unit``, it is
        the time of the pair (unit, site located in that unit).
    same_unit : array of int, optional
        For each site, the demand index of the unit that contains it (-1 if none). Those
        pairs get the intra-unit time (needs ``demand_area_km2``, else 0 minutes) and are
        kept whenever that time is within the catchment, even if the site is far from the
        unit's centroid.
    chunk_size : int
        Number of demand points processed at once.

    Examples
    --------
    >>> p = build_pairs([2.35, 3.06], [48.86, 50.63], [2.36], [48.86], catchment_minutes=20)
    >>> p.demand_index.tolist(), p.supply_index.tolist()
    ([0], [0])
    """
    catchment = check_catchment(catchment_minutes)
    model = model or RoadTimeModel()
    dlon, dlat = np.asarray(demand_lon, float).ravel(), np.asarray(demand_lat, float).ravel()
    slon, slat = np.asarray(supply_lon, float).ravel(), np.asarray(supply_lat, float).ravel()
    if dlon.size != dlat.size or slon.size != slat.size:
        raise ValueError("Longitudes et latitudes de tailles différentes.")
    for name, arr in (("demande", (dlon, dlat)), ("offre", (slon, slat))):
        if not (np.isfinite(arr[0]).all() and np.isfinite(arr[1]).all()):
            raise ValueError(
                f"Coordonnées manquantes côté {name} : géolocalisez chaque point (longitude, "
                "latitude en degrés WGS84) ou retirez-le."
            )
    n_d, n_s = dlon.size, slon.size
    if n_s == 0:
        return Pairs([], [], [], n_d, 0)
    intra = None if demand_area_km2 is None else model.intra_minutes(np.ravel(demand_area_km2))
    unit = None if same_unit is None else np.asarray(same_unit, dtype=np.int64).ravel()
    if intra is not None and intra.size != n_d:
        raise ValueError("demand_area_km2 doit avoir une valeur par point de demande.")
    if unit is not None and (unit.size != n_s or unit.max(initial=-1) >= n_d):
        raise ValueError("same_unit doit donner, pour chaque site, un indice de demande ou -1.")
    max_km = model.max_distance_km(catchment)
    chord = 2.0 * np.sin(min(max_km / EARTH_RADIUS_KM, np.pi) / 2.0) * (1 + 1e-9)
    tree = cKDTree(_unit_xyz(slon, slat))
    if unit is not None:
        inside = np.flatnonzero(unit >= 0)
        unit_order = inside[np.argsort(unit[inside], kind="stable")]
        unit_sorted = unit[unit_order]
    out_d, out_s, out_m = [], [], []
    for start in range(0, n_d, max(int(chunk_size), 1)):
        stop = min(start + int(chunk_size), n_d)
        sub = cKDTree(_unit_xyz(dlon[start:stop], dlat[start:stop]))
        sdm = sub.sparse_distance_matrix(tree, chord, output_type="ndarray")
        di = sdm["i"].astype(np.int64) + start
        sj = sdm["j"].astype(np.int64)
        km = 2.0 * EARTH_RADIUS_KM * np.arcsin(np.clip(sdm["v"] / 2.0, 0.0, 1.0))
        minutes = model.minutes(km)
        if unit is not None:
            lo, hi = np.searchsorted(unit_sorted, [start, stop])
            ej = unit_order[lo:hi]
            ei = unit[ej]
            # a site lies in one unit only: the pair (unit, site) is already there iff the
            # site appears in the chunk paired with its own unit (O(n) mask, no set lookup)
            present = np.zeros(n_s, dtype=bool)
            present[sj[unit[sj] == di]] = True
            extra = ~present[ej]
            di = np.concatenate([di, ei[extra]])
            sj = np.concatenate([sj, ej[extra]])
            minutes = np.concatenate([minutes, np.zeros(int(extra.sum()))])
            same = unit[sj] == di
            minutes[same] = 0.0 if intra is None else intra[di[same]]
        elif intra is not None:
            minutes = np.maximum(minutes, intra[di])
        keep = minutes <= catchment
        di, sj, minutes = di[keep], sj[keep], minutes[keep]
        order = np.lexsort((sj, di))
        out_d.append(di[order].astype(np.int32))
        out_s.append(sj[order].astype(np.int32))
        out_m.append(minutes[order])
    # concatenate one column at a time, freeing its chunks, to bound the peak memory
    demand_index = np.concatenate(out_d)
    out_d.clear()
    supply_index = np.concatenate(out_s)
    out_s.clear()
    minutes = np.concatenate(out_m)
    out_m.clear()
    return Pairs(demand_index, supply_index, minutes, n_d, n_s)
