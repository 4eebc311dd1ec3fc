"""Fitting and scoring a :class:`RoadTimeModel` against reference travel times.

Used by ``bench/calibrate_roadtime.py`` (which fitted the defaults of
:class:`RoadTimeModel` on INSEE Metric times) and by the tests that check them. Pure
functions: no file is read here, the caller passes coordinates and reference minutes.

Model fitted
------------
Times alone cannot separate the detour factor from the speeds: multiplying the detour,
the band bounds and the speeds by the same number gives exactly the same times. The
detour factor is therefore held at :data:`DETOUR_FACTOR` (a usual road / straight-line
ratio) and the speeds are *effective* speeds on that road distance. For the same reason
the first band (the slow start and finish of a trip: local streets, parking) has a fixed
speed, :data:`START_SPEED_KMH`; its length is fitted. The fit looks for

- ``start_km``: road km driven at the start speed,
- ``main_km``: road km (from the start) up to which the second speed applies,
- ``main_kmh`` and ``long_kmh``: speeds of the second and last bands, with
  ``START_SPEED_KMH <= main_kmh <= long_kmh`` (longer trips use faster roads),

by robust least squares (``scipy.optimize.least_squares``, soft-L1 loss) on
``log(model / reference)``, i.e. on relative errors, so a few odd pairs (a ferry, a
bridge far away) do not pull the fit.

Scores (:func:`score`) follow the goals of issue 8: median absolute error on pairs under
25 minutes, median relative error on all pairs, agreement of the DREES bands
(< 10, 10–15, 15–20, ≥ 20 minutes).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import least_squares

from sante_locale.core.geo import haversine_km

from .roadtime import RoadTimeModel

__all__ = [
    "DETOUR_FACTOR",
    "DREES_BAND_EDGES",
    "START_SPEED_KMH",
    "Scores",
    "drees_band",
    "fit_road_time_model",
    "holdout_split",
    "model_from_parameters",
    "pair_km",
    "score",
]

DETOUR_FACTOR = 1.3
START_SPEED_KMH = 20.0
DREES_BAND_EDGES = (10.0, 15.0, 20.0)
SHORT_TRIP_MINUTES = 25.0


def pair_km(lon1, lat1, lon2, lat2) -> np.ndarray:
    """Great-circle distance (km) of each pair of WGS84 points.

    Examples
    --------
    >>> pair_km([2.0], [50.0], [2.0], [50.1]).round(2).tolist()
    [11.12]
    """
    return np.atleast_1d(np.asarray(haversine_km(lon1, lat1, lon2, lat2), dtype=float))


def drees_band(minutes) -> np.ndarray:
    """DREES distance band of each time: 0 (< 10), 1 (10–15), 2 (15–20), 3 (≥ 20 min).

    Examples
    --------
    >>> drees_band([0.0, 9.99, 10.0, 15.0, 19.9, 20.0, 60.0]).tolist()
    [0, 0, 1, 2, 2, 3, 3]
    """
    return np.digitize(np.asarray(minutes, dtype=float), DREES_BAND_EDGES)


def holdout_split(n: int, test_fraction: float = 0.25, seed: int = 2026):
    """Seeded random split of ``range(n)`` into sorted (fit, held-out) index arrays.

    Examples
    --------
    >>> fit, held = holdout_split(8, 0.25, seed=1)
    >>> len(fit), len(held), sorted(fit.tolist() + held.tolist()) == list(range(8))
    (6, 2, True)
    >>> bool((holdout_split(8, 0.25, seed=1)[1] == held).all())
    True
    """
    if not 0 < test_fraction < 1:
        raise ValueError("test_fraction doit être strictement entre 0 et 1.")
    order = np.random.default_rng(seed).permutation(int(n))
    n_test = int(round(n * test_fraction))
    return np.sort(order[n_test:]), np.sort(order[:n_test])


@dataclass(frozen=True)
class Scores:
    """Agreement of model times with reference times.

    ``short_median_abs_min``: median absolute error (min) on pairs whose reference time is
    under 25 minutes (``n_short`` of them); ``median_rel_error``: median of
    ``|model - reference| / reference`` on all ``n`` pairs; ``band_agreement``: share of
    pairs in the same DREES band; ``median_bias_min``: median signed error (min) on short
    pairs (positive: the model is too slow).
    """

    n: int
    n_short: int
    short_median_abs_min: float
    short_median_bias_min: float
    median_rel_error: float
    band_agreement: float


def score(model_minutes, reference_minutes) -> Scores:
    """Score model times against reference times (same order, reference > 0).

    Examples
    --------
    >>> s = score([5.0, 12.0, 30.0, 44.0], [4.0, 12.0, 33.0, 40.0])
    >>> s.n_short, s.short_median_abs_min, round(s.median_rel_error, 3), s.band_agreement
    (2, 0.5, 0.095, 1.0)
    """
    pred = np.asarray(model_minutes, dtype=float)
    ref = np.asarray(reference_minutes, dtype=float)
    if pred.shape != ref.shape or ref.size == 0 or np.any(~(ref > 0)):
        raise ValueError("Temps de référence manquants, nuls ou de taille différente des temps du modèle.")
    short = ref < SHORT_TRIP_MINUTES
    err = pred - ref
    return Scores(
        n=int(ref.size),
        n_short=int(short.sum()),
        short_median_abs_min=float(np.median(np.abs(err[short]))) if short.any() else float("nan"),
        short_median_bias_min=float(np.median(err[short])) if short.any() else float("nan"),
        median_rel_error=float(np.median(np.abs(err) / ref)),
        band_agreement=float(np.mean(drees_band(pred) == drees_band(ref))),
    )


def model_from_parameters(
    start_km: float, main_km: float, main_kmh: float, long_kmh: float, intra_factor: float = 2 / 3
) -> RoadTimeModel:
    """The three-band :class:`RoadTimeModel` of the fitted parameters (see module docstring).

    Examples
    --------
    >>> m = model_from_parameters(1.0, 40.0, 60.0, 90.0)
    >>> m.speed_bands
    ((1.0, 20.0), (40.0, 60.0), (inf, 90.0))
    >>> round(float(m.road_minutes(1.0)), 2), round(float(m.road_minutes(40.0)), 2)
    (3.0, 42.0)
    """
    return RoadTimeModel(
        detour_factor=DETOUR_FACTOR,
        speed_bands=((float(start_km), START_SPEED_KMH), (float(main_km), float(main_kmh)),
                     (np.inf, float(long_kmh))),
        intra_factor=float(intra_factor),
    )


def _unpack(theta) -> tuple[float, float, float, float]:
    # unconstrained → constrained: positive widths, speeds non-decreasing from the start speed
    w1, w2, dv2, dv3 = np.exp(theta)
    return w1, w1 + w2, START_SPEED_KMH + dv2, START_SPEED_KMH + dv2 + dv3


def fit_road_time_model(
    great_circle_km, reference_minutes, f_scale: float = 0.05
) -> tuple[RoadTimeModel, tuple[float, float, float, float]]:
    """Fit the three-band model to reference times; return it and its parameters.

    Deterministic (fixed starting point, no randomness). Parameters are
    ``(start_km, main_km, main_kmh, long_kmh)``.

    Examples
    --------
    Times generated by a known model are recovered:

    >>> truth = model_from_parameters(0.8, 35.0, 70.0, 95.0)
    >>> km = np.linspace(1.0, 120.0, 60)
    >>> _, params = fit_road_time_model(km, truth.minutes(km))
    >>> [round(p, 2) for p in params]
    [0.8, 35.0, 70.0, 95.0]
    """
    km = np.asarray(great_circle_km, dtype=float)
    ref = np.asarray(reference_minutes, dtype=float)
    if km.shape != ref.shape or km.size < 4 or np.any(~(ref > 0)) or np.any(~np.isfinite(km)):
        raise ValueError("Il faut au moins 4 couples, avec des distances finies et des temps > 0.")

    def residuals(theta):
        model = model_from_parameters(*_unpack(theta))
        return np.log(np.maximum(model.minutes(km), 1e-9)) - np.log(ref)

    start = np.log([1.0, 30.0, 40.0, 20.0])
    result = least_squares(residuals, start, loss="soft_l1", f_scale=f_scale, x_scale=1.0,
                           xtol=1e-12, ftol=1e-12, gtol=1e-12, max_nfev=5000)
    params = tuple(float(p) for p in _unpack(result.x))
    return model_from_parameters(*params), params
