"""How close a computed APL is to the published one: per commune and in summary.

The caller decides what is comparable (same profession, same vintage, same variant — for
instance no age bound against no age bound); this module only measures the gap where both
values exist.

Example
-------
>>> f = compare_values([2.0, 3.5, 4.25, 1.0], [2.0, 3.0, 4.0, None])
>>> f.compared, f.median_abs_difference, f.share_within, f.spearman
(3, 0.25, 0.6666666666666666, 1.0)
>>> f.difference.tolist()
[0.0, 0.5, 0.25, nan]
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

__all__ = ["Fidelity", "compare_values"]

TOLERANCE = 0.10


@dataclass(frozen=True)
class Fidelity:
    """Computed against published values, aligned (one position per commune).

    Attributes
    ----------
    computed, published : numpy.ndarray
        The two values (NaN where missing).
    difference : numpy.ndarray
        ``computed - published`` (NaN unless both exist).
    relative_difference : numpy.ndarray
        ``difference / published`` (NaN unless both exist and ``published > 0``).
    both : numpy.ndarray of bool
        Where both values exist: the communes compared.
    compared : int
        Number of communes compared.
    median_abs_difference : float or None
        Median of ``|difference|`` (None when nothing is compared).
    share_within : float or None
        Share of the compared communes with ``|difference| <= tolerance × published``.
    spearman : float or None
        Spearman rank correlation of the compared values (None with fewer than 3 communes
        or when either side is constant: a rank correlation is then undefined).
    tolerance : float
        Relative tolerance of ``share_within`` (0.10 = ±10 %).
    """

    computed: np.ndarray
    published: np.ndarray
    difference: np.ndarray
    relative_difference: np.ndarray
    both: np.ndarray
    compared: int
    median_abs_difference: float | None
    share_within: float | None
    spearman: float | None
    tolerance: float = TOLERANCE


def _floats(values) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in values], dtype=float)


def compare_values(computed, published, tolerance: float = TOLERANCE) -> Fidelity:
    """Compare two aligned sequences of APL values (None or NaN = missing).

    Parameters
    ----------
    computed, published : sequence of float or None
        Same length, same order (one position per commune).
    tolerance : float
        Relative tolerance for :attr:`Fidelity.share_within` (default ±10 %).

    Returns
    -------
    Fidelity

    Raises
    ------
    ValueError
        Sequences of different lengths, or a negative tolerance.

    Examples
    --------
    >>> compare_values([1.0, 2.0], [2.0, 1.0]).spearman is None  # two communes only
    True
    >>> compare_values([1.0, 2.0, 3.0], [3.0, 2.0, 1.0]).spearman
    -1.0
    >>> compare_values([0.0, 1.05], [0.0, 1.0]).share_within  # 0 = 0 is within, +5 % too
    1.0
    """
    c, p = _floats(computed), _floats(published)
    if c.shape != p.shape:
        raise ValueError(f"Comparaison impossible : {c.size} valeurs calculées pour {p.size} valeurs publiées.")
    if tolerance < 0:
        raise ValueError(f"Tolérance négative ({tolerance}) : donnez une part positive, ex. 0.10 pour ±10 %.")
    both = np.isfinite(c) & np.isfinite(p)
    difference = np.where(both, c - p, np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        relative = np.where(both & (p > 0), difference / p, np.nan)
    n = int(both.sum())
    if n == 0:
        return Fidelity(c, p, difference, relative, both, 0, None, None, None, tolerance)
    gap = np.abs(difference[both])
    within = gap <= tolerance * p[both] + 1e-12
    cb, pb = c[both], p[both]
    rho = None
    if n >= 3 and np.ptp(cb) > 0 and np.ptp(pb) > 0:
        rho = float(stats.spearmanr(cb, pb).statistic)
    return Fidelity(c, p, difference, relative, both, n, float(np.median(gap)), float(within.mean()), rho,
                    tolerance)
