"""Road travel time estimated from great-circle distance (documented, not official)."""

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
    by band: the first 5 km at 30 km/h, the next 15 km (5–20 km) at 50 km/h, beyond at
    70 km/h. Time is therefore continuous and strictly increasing with distance.

    Intra-unit time (a commune to itself): the mean distance inside a disc of the unit's
    area is approximated by ``intra_factor × sqrt(area / π)`` (0.5 × radius by default),
    multiplied by the detour factor and driven at the first (urban) speed.

    These are documented estimates, not the INSEE Metric distancier used by DREES.

    Examples
    --------
    >>> m = RoadTimeModel()
    >>> [round(float(t), 2) for t in m.minutes([0.0, 5 / 1.3, 10.0])]
    [0.0, 10.0, 19.6]
    >>> round(float(m.max_distance_km(20.0)), 3)
    10.256
    """

    detour_factor: float = 1.3
    speed_bands: tuple[tuple[float, float], ...] = ((5.0, 30.0), (20.0, 50.0), (np.inf, 70.0))
    intra_factor: float = 0.5

    def __post_init__(self) -> None:
        bounds = [b for b, _ in self.speed_bands]
        speeds = [v for _, v in self.speed_bands]
        if (
            self.detour_factor < 1
            or not speeds
            or min(speeds) <= 0
            or bounds[-1] != np.inf
            or any(b2 <= b1 for b1, b2 in zip(bounds, bounds[1:], strict=False))
        ):
            raise ValueError(
                "Modèle de temps de trajet invalide : le facteur de détour doit être ≥ 1, les "
                "vitesses > 0 et les bornes de distance croissantes, la dernière infinie."
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
        """Time inside a unit of the given area (km²): 0.5·√(area/π)·détour at urban speed."""
        area = np.asarray(area_km2, dtype=float)
        if np.any(~np.isfinite(area) | (area < 0)):
            raise ValueError(
                "Superficie invalide : les surfaces des unités (km²) doivent être des nombres "
                "positifs ou nuls, sans valeur manquante."
            )
        km = self.intra_factor * np.sqrt(area / np.pi) * self.detour_factor
        return km / self.speed_bands[0][1] * 60.0
