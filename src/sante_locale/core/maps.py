"""Maps drawn as SVG, offline: outlines projected to Web Mercator and simplified to the
pixel, so a page carries only the detail its zoom can show.

A map may be laid on raster tiles when a tile URL is configured: :class:`SvgMap` carries
the zoom and the pixel origin that a tile layer needs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import shapely

from sante_locale.core.geo import web_mercator

TILE_SIZE = 256


@dataclass
class Shape:
    """One drawn feature: its SVG path and what the page needs to label it."""

    path: str
    attrs: dict = field(default_factory=dict)


@dataclass
class SvgMap:
    width: int
    height: int
    zoom: float
    origin_x: float  # pixel coordinates, at ``zoom``, of the map's top-left corner
    origin_y: float
    shapes: list[Shape] = field(default_factory=list)
    points: list[tuple[float, float, dict]] = field(default_factory=list)

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def vertex_count(self) -> int:
        return sum(s.path.count(" ") + 1 for s in self.shapes)

    def tiles(self, url_template: str) -> list[dict]:
        """Raster tiles covering the map at the nearest integer zoom, placed in map pixels."""
        z = max(0, min(19, int(math.floor(self.zoom))))
        scale = 2 ** (self.zoom - z)  # size of a tile pixel in map pixels
        size = TILE_SIZE * scale
        world_x0, world_y0 = self.origin_x / scale, self.origin_y / scale
        first_x, first_y = int(world_x0 // TILE_SIZE), int(world_y0 // TILE_SIZE)
        last_x = int((world_x0 + self.width / scale) // TILE_SIZE)
        last_y = int((world_y0 + self.height / scale) // TILE_SIZE)
        tiles = []
        for tx in range(first_x, last_x + 1):
            for ty in range(max(first_y, 0), min(last_y, 2**z - 1) + 1):
                url = url_template.replace("{z}", str(z)).replace("{x}", str(tx % 2**z)).replace("{y}", str(ty))
                tiles.append({"url": url, "x": round(tx * size - self.origin_x, 1),
                              "y": round(ty * size - self.origin_y, 1), "size": round(size, 1)})
        return tiles


def _ring_path(coords: np.ndarray) -> str:
    pts = np.round(coords, 1)
    body = " ".join(f"{x:g},{y:g}" for x, y in pts[:-1])
    return f"M{body}Z"


def geometry_path(geom) -> str:
    """SVG path data of a (projected) polygon, multipolygon or collection.

    Examples
    --------
    >>> import shapely
    >>> geometry_path(shapely.box(0, 0, 2, 1))
    'M2,0 2,1 0,1 0,0Z'
    """
    parts = []
    for poly in getattr(geom, "geoms", [geom]):
        if poly.geom_type == "Polygon" and not poly.is_empty:
            parts.append(_ring_path(np.asarray(poly.exterior.coords)))
            parts.extend(_ring_path(np.asarray(r.coords)) for r in poly.interiors)
        elif poly.geom_type in ("MultiPolygon", "GeometryCollection"):
            parts.append(geometry_path(poly))
    return "".join(p for p in parts if p)


def draw(
    features: list[tuple[object, dict]],
    width: int = 800,
    height: int = 600,
    padding: int = 12,
    tolerance_px: float = 0.6,
    points: list[tuple[float, float, dict]] | None = None,
) -> SvgMap:
    """Fit WGS84 ``features`` (geometry, attributes) into a ``width`` × ``height`` map.

    Geometries are projected to Web Mercator pixels at the zoom that fits them all, then
    simplified with a tolerance of ``tolerance_px`` pixels (topology kept), so the drawn
    detail follows the zoom. Features without geometry are skipped.

    Examples
    --------
    >>> import shapely
    >>> m = draw([(shapely.box(2.7, 50.3, 3.0, 50.5), {"id": "x"})], width=400, height=300)
    >>> m.shapes[0].attrs, m.shapes[0].path.startswith("M")
    ({'id': 'x'}, True)
    >>> m = draw([(shapely.box(0, 0, 2, 2), {})], 100, 100, padding=0, points=[(1.0, 1.0, {"n": 1})])
    >>> m.points
    [(50.0, 50.0, {'n': 1})]
    """
    drawn = [(g, a) for g, a in features if g is not None and not g.is_empty]
    if not drawn:
        return SvgMap(width, height, 0.0, 0.0, 0.0)
    geoms = np.array([g for g, _ in drawn], dtype=object)
    minx, miny, maxx, maxy = shapely.total_bounds(geoms)
    (x0, x1), (y1, y0) = web_mercator([minx, maxx], [miny, maxy])
    span_x, span_y = max(x1 - x0, 1e-9), max(y1 - y0, 1e-9)
    inner_w, inner_h = width - 2 * padding, height - 2 * padding
    zoom = min(math.log2(inner_w / (TILE_SIZE * span_x)), math.log2(inner_h / (TILE_SIZE * span_y)))
    world = TILE_SIZE * 2**zoom
    origin_x = x0 * world - (width - span_x * world) / 2
    origin_y = y0 * world - (height - span_y * world) / 2

    def to_pixels(xy: np.ndarray) -> np.ndarray:
        mx, my = web_mercator(xy[:, 0], xy[:, 1])
        return np.column_stack((mx * world - origin_x, my * world - origin_y))

    projected = shapely.simplify(shapely.transform(geoms, to_pixels), tolerance_px, preserve_topology=True)
    result = SvgMap(width, height, zoom, origin_x, origin_y)
    for geom, (_, attrs) in zip(projected, drawn, strict=True):
        result.shapes.append(Shape(geometry_path(geom), attrs))
    for lon, lat, attrs in points or []:
        px, py = to_pixels(np.array([[lon, lat]], dtype=float))[0]
        result.points.append((round(float(px), 1), round(float(py), 1), attrs))
    return result
