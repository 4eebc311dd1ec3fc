"""Road travel time estimated from great-circle distance (fitted on INSEE Metric, not official)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sante_locale.core.geo import EARTH_RADIUS_KM, haversine_km

__all__ = ["EARTH_RADIUS_KM", "RoadTimeModel", "haversine_km"]


def _unit_xyz(lon, lat) -> np.ndarray:
    lon = np.radians(np.asarray(lon, dtype=float))
    lat = np.radians(np.asarray(lat, dtype=float))
    c = np.cos(lat)
    return np.column_stack([c * np.cos(lon), c * np.sin(lon), np.sin(lat)])


@dataclass(frozen=True)
class RoadTimeModel:
    """Road travel time estimated from straight-line (great-circle) distance.

    ``road_km = detour_factor × great_circle_km``; the road distance is then driven band
    by band. The defaults were fitted on INSEE Metric car times (the distancier DREES uses
    for the APL) by ``bench/calibrate_roadtime.py`` (see
    :mod:`sante_locale.core.access.calibration`): the first 0.835 road km at 20 km/h (the
    slow start and finish of a trip), then up to 39.21 km at 73.45 km/h, beyond at
    93.67 km/h. Speeds are *effective* speeds on the road distance of a 1.3 detour: times
    alone cannot separate the detour from the speeds. Time is continuous and strictly
    increasing with distance, ``max_distance_km`` is its inverse.

    Intra-unit time (a commune to itself): the same distance → time function applied to
    ``intra_factor × sqrt(area / π)``, the radius of a disc of the unit's area times 2/3
    by default, i.e. the mean distance from the centre of a disc to a point spread
    uniformly over it (the commune's centre to its residents).

    These are fitted estimates, not the INSEE Metric distancier itself (median error on
    held-out Metric pairs: about 1 minute under 25 minutes, 8 % overall).

    Examples
    --------
    >>> m = RoadTimeModel()
    >>> [round(float(t), 2) for t in m.minutes([0.0, 10.0, 50.0])]
    [0.0, 12.44, 50.37]
    >>> round(float(m.max_distance_km(20.0)), 3)
    17.117
    >>> round(float(m.intra_minutes(np.pi * 9.0)), 2)
    3.95
    """

    detour_factor: float = 1.3
    speed_bands: tuple[tuple[float, float], ...] = ((0.835, 20.0), (39.21, 73.45), (np.inf, 93.67))
    intra_factor: float = 2 / 3

    def __post_init__(self) -> None:
        bounds = [b for b, _ in self.speed_bands]
        speeds = [v for _, v in self.speed_bands]
        if (
            self.detour_factor < 1
            or not (np.isfinite(self.intra_factor) and self.intra_factor >= 0)
            or not speeds
            or min(speeds) <= 0
            or bounds[-1] != np.inf
            or any(b2 <= b1 for b1, b2 in zip(bounds, bounds[1:], strict=False))
        ):
            raise ValueError(
                "Modèle de temps de trajet invalide : le facteur de détour doit être ≥ 1, le "
                "facteur intra-communal ≥ 0, les vitesses > 0 et les bornes de distance "
                "croissantes, la dernière infinie."
            )

    def _breaks(self):
        lo = np.array([0.0] + [b for b, _ in self.speed_bands[:-1]])
        speed = np.array([v for _, v in self.speed_bands], dtype=float)
        hi = np.array([b for b, _ in self.speed_bands], dtype=float)
        t0 = np.concatenate([[0.0], np.cumsum((hi[:-1] - lo[:-1]) / speed[:-1] * 60.0)])
        return lo, speed, t0

    def road_minutes(self, road_km) -> np.ndarray:
        """Minutes to drive ``road_km`` km of road (piecewise-linear, continuous)."""
        road_km = np.asarray(road_km, dtype=float)
        lo, speed, t0 = self._breaks()
        band = np.searchsorted(lo, road_km, side="right") - 1
        band = np.clip(band, 0, lo.size - 1)
        return t0[band] + (road_km - lo[band]) / speed[band] * 60.0

    def minutes(self, great_circle_km) -> np.ndarray:
        """Travel minutes for a straight-line distance in km."""
        return self.road_minutes(np.asarray(great_circle_km, dtype=float) * self.detour_factor)

    def max_distance_km(self, minutes: float) -> float:
        """Largest straight-line distance (km) reachable within ``minutes``."""
        lo, speed, t0 = self._breaks()
        band = int(np.searchsorted(t0, minutes, side="right") - 1)
        road = lo[band] + (minutes - t0[band]) * speed[band] / 60.0
        return float(road / self.detour_factor)

    def intra_minutes(self, area_km2) -> np.ndarray:
        """Time inside a unit of the given area (km²): ``minutes(intra_factor·√(area/π))``."""
        area = np.asarray(area_km2, dtype=float)
        if np.any(~np.isfinite(area) | (area < 0)):
            raise ValueError(
                "Superficie invalide : les surfaces des unités (km²) doivent être des nombres "
                "positifs ou nuls, sans valeur manquante."
            )
        return self.minutes(self.intra_factor * np.sqrt(area / np.pi))
