"""Floating catchment area (FCA) kernels on sparse pairs.

One CSR matrix of weights ``W`` (demand × supply) is built once from the sorted
:class:`~sante_locale.core.access.costs.Pairs`; then ``R = S / (Wᵀ P)`` and ``A = W R``:
two sparse matrix–vector products.

Semantics (documented in ``docs/methodes-apl.md``):

* band bounds are inclusive: weight of band k applies when ``minutes <= bound_k``;
* a demand point with no positive-weight pair to a site with positive supply gets 0.0
  and is flagged in ``FCAResult.unreached``;
* a site whose reachable weighted demand is zero keeps its supply out (``R = 0``): no
  infinity or NaN is ever produced.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from .costs import Pairs, check_catchment

__all__ = [
    "FCAResult",
    "check_bands",
    "enhanced_two_step_fca",
    "floating_catchment",
    "gaussian",
    "gravity",
    "step",
    "three_step_fca",
    "two_step_fca",
    "weight_matrix",
]

Decay = Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True, eq=False)
class FCAResult:
    """Result of an FCA computation.

    Attributes
    ----------
    values : ndarray of float64, shape (n_demand,)
        Accessibility per demand point (supply units per demand unit).
    unreached : ndarray of bool, shape (n_demand,)
        True where no site with positive supply is within reach (value is then 0.0).
    site_ratio : ndarray of float64, shape (n_supply,)
        ``R_j``: supply over weighted reachable demand (0 where that demand is zero).
    site_demand : ndarray of float64, shape (n_supply,)
        Weighted demand reaching each site, ``(Wᵀ P)_j``.
    """

    values: np.ndarray
    unreached: np.ndarray
    site_ratio: np.ndarray
    site_demand: np.ndarray


def check_bands(bands: Sequence[tuple[float, float]]) -> tuple[tuple[float, float], ...]:
    """Validate step bands ``[(upper_bound_minutes, weight), ...]``.

    Bounds must be strictly increasing and positive, weights in [0, 1].

    Examples
    --------
    >>> check_bands([(10, 1), (15, 2 / 3), (20, 1 / 3)])[0]
    (10.0, 1.0)
    """
    out = tuple((float(b), float(w)) for b, w in bands)
    if not out:
        raise ValueError("Tranches de temps vides : donnez au moins une tranche (borne, poids).")
    bounds = [b for b, _ in out]
    if any(not np.isfinite(b) or b <= 0 for b in bounds) or any(
        b2 <= b1 for b1, b2 in zip(bounds, bounds[1:], strict=False)
    ):
        raise ValueError(
            f"Tranches de temps invalides {bounds} : les bornes (minutes) doivent être "
            "positives et strictement croissantes, par exemple [(10, 1), (15, 2/3), (20, 1/3)]."
        )
    if any(not (0.0 <= w <= 1.0) for _, w in out):
        raise ValueError(
            f"Poids de tranche invalides {[w for _, w in out]} : chaque poids doit être "
            "compris entre 0 et 1."
        )
    return out


def step(bands: Sequence[tuple[float, float]]) -> Decay:
    """Step decay: weight of the first band with ``minutes <= bound``, 0 beyond the last.

    Examples
    --------
    >>> step([(10, 1.0), (20, 0.5)])(np.array([0.0, 10.0, 10.5, 20.0, 21.0])).tolist()
    [1.0, 1.0, 0.5, 0.5, 0.0]
    """
    checked = check_bands(bands)

    def decay(minutes: np.ndarray) -> np.ndarray:
        # one masked pass per band, widest first (about 2x faster than searchsorted)
        minutes = np.asarray(minutes, dtype=np.float64)
        out = np.zeros(minutes.shape)
        for bound, weight in reversed(checked):
            out[minutes <= bound] = weight
        return out

    return decay


def gaussian(sigma: float) -> Decay:
    """Gaussian decay ``exp(-t² / (2σ²))`` (f(0) = 1, as in pysal ``access``).

    Examples
    --------
    >>> round(float(gaussian(20)(np.array([20.0]))[0]), 6)
    0.606531
    """
    if not sigma > 0:
        raise ValueError(f"Paramètre sigma invalide ({sigma!r}) : donnez un nombre > 0.")
    return lambda t: np.exp(-np.square(t) / (2.0 * sigma * sigma))


def gravity(scale: float, alpha: float, min_minutes: float = 0.0) -> Decay:
    """Power decay ``(max(t, min_minutes) / scale) ** alpha`` (alpha < 0 for a decay).

    Examples
    --------
    >>> gravity(1.0, -1.0, min_minutes=1.0)(np.array([0.0, 2.0])).tolist()
    [1.0, 0.5]
    """
    if not scale > 0 or (alpha < 0 and not min_minutes > 0):
        raise ValueError(
            "Décroissance gravitaire invalide : l'échelle doit être > 0 et, pour un exposant "
            "négatif, donnez un temps minimal min_minutes > 0 (sinon poids infini à 0 minute)."
        )
    return lambda t: np.power(np.maximum(t, min_minutes) / scale, alpha)


def weight_matrix(pairs: Pairs, weights: np.ndarray) -> sp.csr_matrix:
    """CSR matrix (n_demand × n_supply) built directly from pairs sorted by demand.

    Examples
    --------
    >>> p = Pairs([0, 1], [1, 0], [1.0, 2.0], 2, 2)
    >>> weight_matrix(p, np.array([0.5, 1.0])).toarray().tolist()
    [[0.0, 0.5], [1.0, 0.0]]
    """
    indptr = np.zeros(pairs.n_demand + 1, dtype=np.int64 if len(pairs) >= 2**31 else np.int32)
    np.cumsum(np.bincount(pairs.demand_index, minlength=pairs.n_demand), out=indptr[1:])
    w = np.ascontiguousarray(weights, dtype=np.float64)
    m = sp.csr_matrix(
        (w, pairs.supply_index, indptr), shape=(pairs.n_demand, pairs.n_supply), copy=False
    )
    m.has_sorted_indices = True
    return m


def _vector(x, n: int, label: str) -> np.ndarray:
    v = np.asarray(x, dtype=np.float64).ravel()
    if v.size != n:
        raise ValueError(f"{label} : {v.size} valeurs reçues, {n} attendues (une par point).")
    if not np.isfinite(v).all() or (v < 0).any():
        raise ValueError(f"{label} : valeurs négatives ou manquantes ; corrigez-les ou mettez 0.")
    return v


def _solve(w: sp.csr_matrix, demand: np.ndarray, supply: np.ndarray) -> FCAResult:
    if supply.size == 0:
        raise ValueError(
            "Aucune offre : la table des sites est vide. Vérifiez le filtre de profession, "
            "d'âge ou de millésime, et que les sites sont bien géolocalisés."
        )
    if not (demand > 0).any():
        raise ValueError(
            "Aucune population : toutes les demandes sont nulles ou absentes. Vérifiez la "
            "jointure des populations avec les communes (codes INSEE, millésime)."
        )
    site_demand = w.T @ demand
    ratio = np.zeros_like(site_demand)
    np.divide(supply, site_demand, out=ratio, where=site_demand > 0)
    values = w @ ratio
    unreached = values == 0.0
    rows = np.flatnonzero(unreached)
    if rows.size:
        reach = w[rows] @ (supply > 0).astype(np.float64)
        unreached[rows] = reach == 0.0
    return FCAResult(values, unreached, ratio, site_demand)


def floating_catchment(
    pairs: Pairs,
    demand,
    supply,
    decay: Decay | None = None,
    catchment_minutes: float | None = None,
) -> FCAResult:
    """Generalised 2SFCA: ``R_j = S_j / Σ_k f(d_kj) P_k`` and ``A_i = Σ_j f(d_ij) R_j``.

    Parameters
    ----------
    pairs : Pairs
    demand : array, shape (n_demand,)
        Population (or standardised population) per demand point, >= 0.
    supply : array, shape (n_supply,)
        Supply per site, >= 0.
    decay : callable, optional
        Vectorised ``f(minutes)`` (default: 1 everywhere).
    catchment_minutes : float, optional
        Pairs with ``minutes > catchment_minutes`` get weight 0 (inclusive bound).

    Examples
    --------
    >>> p = Pairs([0, 1], [0, 0], [5.0, 15.0], 2, 1)
    >>> floating_catchment(p, [100, 300], [8.0], gaussian(10)).values.round(4).tolist()
    [0.038, 0.014]
    """
    demand = _vector(demand, pairs.n_demand, "Population")
    supply = _vector(supply, pairs.n_supply, "Offre")
    weights = np.ones(len(pairs)) if decay is None else np.asarray(decay(pairs.minutes), float)
    if catchment_minutes is not None:
        weights = np.where(pairs.minutes <= check_catchment(catchment_minutes), weights, 0.0)
    return _solve(weight_matrix(pairs, weights), demand, supply)


def two_step_fca(pairs: Pairs, demand, supply, catchment_minutes: float) -> FCAResult:
    """Classic 2SFCA (Luo & Wang 2003): weight 1 within the catchment (inclusive), else 0.

    Examples
    --------
    >>> p = Pairs([0, 1], [0, 0], [5.0, 25.0], 2, 1)
    >>> r = two_step_fca(p, [100, 300], [2.0], catchment_minutes=20)
    >>> r.values.tolist(), r.unreached.tolist()
    ([0.02, 0.0], [False, True])
    """
    return floating_catchment(pairs, demand, supply, None, catchment_minutes)


def enhanced_two_step_fca(
    pairs: Pairs, demand, supply, bands: Sequence[tuple[float, float]]
) -> FCAResult:
    """E2SFCA (Luo & Qi 2009) with step bands ``[(upper_bound_minutes, weight), ...]``.

    Bounds are inclusive (``minutes <= bound``); beyond the last bound the weight is 0.

    Examples
    --------
    >>> p = Pairs([0, 1], [0, 0], [10.0, 12.0], 2, 1)
    >>> bands = [(10, 1.0), (15, 2 / 3), (20, 1 / 3)]
    >>> enhanced_two_step_fca(p, [100, 300], [3000.0], bands).values.round(3).tolist()
    [10.0, 6.667]
    """
    return floating_catchment(pairs, demand, supply, step(bands))


def three_step_fca(
    pairs: Pairs,
    demand,
    supply,
    decay: Decay,
    catchment_minutes: float | None = None,
    selection_decay: Decay | None = None,
) -> FCAResult:
    """3SFCA (Wan, Zou & Sternberg 2012) with selection weights.

    ``G_ij = T_ij / Σ_k T_ik`` over the sites k in reach of i (``T`` = ``selection_decay``,
    by default the same as ``decay``, as in pysal ``access``); then
    ``R_j = S_j / Σ_k G_kj W_kj P_k`` and ``A_i = Σ_j G_ij W_ij R_j``.

    Examples
    --------
    >>> p = Pairs([0, 0, 1], [0, 1, 1], [5.0, 15.0, 5.0], 2, 2)
    >>> r = three_step_fca(p, [100, 100], [1.0, 1.0], gaussian(10))
    >>> round(float(r.values.sum()), 4)
    0.02
    """
    demand = _vector(demand, pairs.n_demand, "Population")
    supply = _vector(supply, pairs.n_supply, "Offre")
    weights = np.asarray(decay(pairs.minutes), float)
    sel = weights if selection_decay is None else np.asarray(selection_decay(pairs.minutes), float)
    if catchment_minutes is not None:
        inside = pairs.minutes <= check_catchment(catchment_minutes)
        weights, sel = np.where(inside, weights, 0.0), np.where(inside, sel, 0.0)
    row_sum = np.bincount(pairs.demand_index, weights=sel, minlength=pairs.n_demand)
    denom = row_sum[pairs.demand_index]
    g = np.zeros_like(sel)
    np.divide(sel, denom, out=g, where=denom > 0)
    return _solve(weight_matrix(pairs, g * weights), demand, supply)
