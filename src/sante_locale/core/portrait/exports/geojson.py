"""The communes layer as GeoJSON (RFC 7946): WGS84 longitude/latitude, coordinates rounded
to 6 decimals (about 10 cm), exterior rings counterclockwise (right-hand rule).

Besides ``features``, the collection carries two foreign members (allowed by RFC 7946 §6.1
and ignored by GIS software): ``metadata`` (territory, date, sources with vintages, the
fictive flag) and ``field_aliases`` (property key → French label with unit).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import mapping

from sante_locale.core.files import atomic_path
from sante_locale.core.portrait.exports._common import (
    cell,
    clean,
    header,
    sources_text,
)

PRECISION = 6


def rfc7946_geometry(geom):
    """``geom`` rounded to 6 decimals with counterclockwise exterior rings, or ``None``.

    Examples
    --------
    >>> import shapely
    >>> g = rfc7946_geometry(shapely.Polygon([(0, 0), (0, 1.00000001), (1, 1), (1, 0)]))
    >>> g.exterior.is_ccw, g.bounds
    (True, (0.0, 0.0, 1.0, 1.0))
    """
    if geom is None or geom.is_empty:
        return None
    rounded = shapely.transform(geom, lambda xy: np.round(xy, PRECISION))
    if hasattr(shapely, "orient_polygons"):
        return shapely.orient_polygons(rounded, exterior_cw=False)
    from shapely.geometry.polygon import orient  # shapely < 2.1

    if rounded.geom_type == "Polygon":
        return orient(rounded, 1.0)
    if rounded.geom_type == "MultiPolygon":
        return shapely.MultiPolygon([orient(p, 1.0) for p in rounded.geoms])
    return rounded


def _jsonable(value):
    value = clean(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def geojson_document(portrait) -> dict:
    """The FeatureCollection of ``portrait.communes`` (a dict ready for ``json.dumps``)."""
    table = portrait.communes
    features = []
    for row in table.rows:
        code = row.get("insee_code")
        geom = rfc7946_geometry(portrait.geometries.get(code)) if code is not None else None
        feature = {"type": "Feature"}
        feature["properties"] = {c.key: _jsonable(cell(row.get(c.key), c)) for c in table.columns}
        feature["geometry"] = mapping(geom) if geom is not None else None
        features.append(feature)
    return {
        "type": "FeatureCollection",
        "name": table.key,
        "metadata": {
            "title": table.title,
            "territory": {k: _jsonable(v) for k, v in portrait.territory.items()},
            "generated_at": portrait.generated_at,
            "fictive": bool(portrait.fictive or any(s.fictive for s in portrait.sources)),
            "sources": [
                {"name": s.name, "vintage": s.vintage, "detail": s.detail, "fictive": s.fictive}
                for s in portrait.sources
            ],
            "description": sources_text(portrait),
        },
        "field_aliases": {c.key: header(c.label, c.unit) for c in table.columns},
        "features": features,
    }


def write_geojson(portrait, path) -> Path:
    """Write the communes layer of ``portrait`` to ``path`` as GeoJSON (UTF-8).

    Examples
    --------
    >>> import json, tempfile, pathlib, shapely
    >>> from sante_locale.core.portrait.model import Column, Portrait, Table
    >>> t = Table("communes", "Communes", [Column("insee_code", "Code")], [{"insee_code": "62498"}])
    >>> p = Portrait({}, "2026", [], [], t, geometries={"62498": shapely.box(2.8, 50.4, 2.9, 50.5)})
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "c.geojson"
    >>> doc = json.loads(write_geojson(p, out).read_text())
    >>> doc["features"][0]["geometry"]["type"], doc["field_aliases"]
    ('Polygon', {'insee_code': 'Code'})
    """
    path = Path(path)
    text = json.dumps(geojson_document(portrait), ensure_ascii=False, allow_nan=False,
                      separators=(",", ":"))
    with atomic_path(path) as tmp:
        tmp.write_text(text + "\n", encoding="utf-8")
    return path
