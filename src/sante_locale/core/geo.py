"""Geometry helpers: names for search, areas, projections, simplification, SVG paths.

Everything here takes and returns plain Python, numpy arrays or shapely geometries in
WGS84 (EPSG:4326, longitude first).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable

import numpy as np
import shapely
from pyproj import Transformer

EARTH_RADIUS_KM = 6371.0088
_WEB_MERCATOR_MAX_LAT = 85.05112878
_EQUAL_AREA = Transformer.from_crs("EPSG:4326", "EPSG:6933", always_xy=True)
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def normalize_name(text: str) -> str:
    """Fold a place name for accent- and case-insensitive prefix search.

    Accents are removed, letters lower-cased, and every run of other characters
    (hyphens, apostrophes, spaces) becomes one space. ``œ`` and ``æ`` are spelt out.

    Examples
    --------
    >>> normalize_name("Saint-Étienne-du-Rouvray")
    'saint etienne du rouvray'
    >>> normalize_name("  L'Haÿ-les-Roses ")
    'l hay les roses'
    >>> normalize_name("Œuilly")
    'oeuilly'
    """
    text = text.lower().replace("œ", "oe").replace("æ", "ae")
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_ALNUM.sub(" ", ascii_only).strip()


def area_km2(geometries: np.ndarray | Iterable) -> np.ndarray:
    """Area of WGS84 polygons in km², through an equal-area projection (EPSG:6933).

    Missing geometries (``None``) give ``nan``.

    Examples
    --------
    >>> import shapely
    >>> square = shapely.box(2.0, 48.0, 2.1, 48.1)   # about 7.4 km × 11.1 km
    >>> round(float(area_km2([square])[0]), 1)
    82.9
    """
    geoms = np.asarray(
        list(geometries) if not isinstance(geometries, np.ndarray) else geometries, dtype=object
    )
    projected = shapely.transform(
        geoms, lambda xy: np.column_stack(_EQUAL_AREA.transform(xy[:, 0], xy[:, 1]))
    )
    areas = shapely.area(projected) / 1e6
    return np.where(shapely.is_missing(geoms), np.nan, areas)


def haversine_km(lon1, lat1, lon2, lat2) -> np.ndarray:
    """Great-circle distance in km between points given in degrees (broadcasting).

    Examples
    --------
    >>> round(float(haversine_km(2.3522, 48.8566, 2.8316, 50.4322)), 0)  # Paris – Lens
    179.0
    """
    lon1, lat1, lon2, lat2 = (
        np.radians(np.asarray(v, dtype=float)) for v in (lon1, lat1, lon2, lat2)
    )
    a = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


def web_mercator(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    """Project degrees to Web Mercator in units of the world size (0..1, y downward).

    This is the tile scheme's own plane: at zoom ``z`` one unit is ``256 · 2**z`` pixels.

    Examples
    --------
    >>> x, y = web_mercator(0.0, 0.0)
    >>> float(x), float(y)
    (0.5, 0.5)
    """
    lon = np.asarray(lon, dtype=float)
    lat = np.clip(np.asarray(lat, dtype=float), -_WEB_MERCATOR_MAX_LAT, _WEB_MERCATOR_MAX_LAT)
    x = (lon + 180.0) / 360.0
    y = 0.5 - np.log(np.tan(np.pi / 4 + np.radians(lat) / 2)) / (2 * np.pi)
    return x, y


def fit_zoom(bounds: tuple[float, float, float, float], width_px: int, height_px: int) -> float:
    """Fractional tile zoom at which ``bounds`` (lon/lat) fills a box of the given size.

    Examples
    --------
    >>> round(fit_zoom((2.7, 50.3, 3.0, 50.5), 800, 600), 1)
    11.4
    """
    minx, miny, maxx, maxy = bounds
    (x0, x1), (y1, y0) = web_mercator([minx, maxx], [miny, maxy])
    span_x = max(x1 - x0, 1e-9)
    span_y = max(y1 - y0, 1e-9)
    return float(min(math.log2(width_px / (256 * span_x)), math.log2(height_px / (256 * span_y))))


def display_tolerance(bounds: tuple[float, float, float, float], width_px: int) -> float:
    """Simplification tolerance in degrees so that one pixel of a map ``width_px`` wide
    holds about one vertex.

    Examples
    --------
    >>> display_tolerance((2.0, 50.0, 3.0, 51.0), 1000)
    0.00065
    """
    minx, miny, maxx, maxy = bounds
    span = max(maxx - minx, (maxy - miny) * 1.3, 1e-6)
    return span / width_px / 2
