"""Reader of the QPV 2024 layer (ANCT): GeoJSON or GeoPackage, WGS84 or Lambert-93.

GeoJSON is parsed with :mod:`json` + shapely; GeoPackage with :mod:`sqlite3`, decoding the
GPKG geometry header (magic ``GP``, flags, envelope) then the WKB — no GDAL needed.
Lambert-93 (EPSG:2154) is reprojected to WGS84 with pyproj; a GeoJSON without ``crs`` is
taken as WGS84 unless its coordinates are metric (then Lambert-93). The format is told by
the content (a GeoPackage is a SQLite file), a ZIP holding one layer is opened directly.

Attributes: ``code_qp`` or ``code_qpv`` (several codes separated by commas in the ANCT
commune-centroid file), ``lib_qp``/``lib_qpv`` (names, separated by ``", "`` when several
codes), ``insee_com`` (one or several communes). Features are merged per QPV code:
``insee_codes`` gathers every commune, the geometry is the union (points for the centroid
file — accepted — polygons for the official layer).

Every coordinate must be finite and, once in WGS84, a longitude in [-180 ; 180] and a
latitude in [-90 ; 90]: a ``NaN`` or a ``-999`` (a missing value written as a number) makes
the whole file refused, naming the feature, its line (when the file has one feature per line,
as GDAL writes GeoJSON) and its QPV code.

Example
-------
>>> p = shared("real/anct_qpv2024_communes/centroide-4326_qpv.geojson")
>>> df = read_qpv(p).set_index("qpv_code")
>>> print(df.loc["QN06229M", "insee_codes"])
('62498', '62510', '62528')
"""

from __future__ import annotations

import json
import re
import sqlite3
import struct
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import shape

from ._io import SNIFF_BYTES, check_text, decode_error, detect_encoding, json_problem, open_binary
from .errors import SourceError

__all__ = ["gpkg_geometry", "read_qpv"]

CODE_KEYS = ("code_qp", "code_qpv", "CODE_QP", "code_quartier")
NAME_KEYS = ("lib_qp", "lib_qpv", "LIB_QP", "nom_qp")
COMMUNE_KEYS = ("insee_com", "code_insee", "INSEE_COM", "insee_code")
_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}
_SQLITE_MAGIC = b"SQLite format 3\x00"
_MEMBER = re.compile(r"\.(geojson|json|gpkg)$", re.IGNORECASE)
_FEATURE_RE = re.compile(r'"type"\s*:\s*"Feature"')
_FIX_GEOMETRY = ("Corrigez la géométrie de cette entité (par exemple dans QGIS) ou téléchargez à nouveau "
                 "la couche QPV de l'ANCT.")


class _Feature:
    """One feature as read: its number, its line (``None`` when unknown), properties, geometry."""

    __slots__ = ("geometry", "line", "number", "props")

    def __init__(self, number: int, line: int | None, props: dict, geometry) -> None:
        self.number, self.line, self.props, self.geometry = number, line, props, geometry


def gpkg_geometry(blob: bytes) -> tuple[shapely.Geometry | None, int]:
    """Decode a GeoPackage geometry blob; return (geometry, srs_id).

    Examples
    --------
    >>> from shapely.geometry import Point
    >>> blob = b"GP" + bytes([0, 1]) + (2154).to_bytes(4, "little") + Point(1, 2).wkb
    >>> geom, srs = gpkg_geometry(blob)
    >>> geom.wkt, srs
    ('POINT (1 2)', 2154)
    """
    if blob[:2] != b"GP":
        raise ValueError("pas une géométrie GeoPackage")
    flags = blob[3]
    little = flags & 1
    envelope = (flags >> 1) & 0b111
    empty = (flags >> 4) & 1
    (srs_id,) = struct.unpack("<i" if little else ">i", blob[4:8])
    offset = 8 + _ENVELOPE_BYTES.get(envelope, 0)
    if empty:
        return None, srs_id
    return shapely.from_wkb(bytes(blob[offset:])), srs_id


def _first(props: dict, keys: tuple[str, ...]) -> str:
    for k in keys:
        if props.get(k) not in (None, ""):
            return str(props[k])
    return ""


WORLD = (-180.0, -90.0, 180.0, 90.0)


def _reprojector(epsg: int):
    """(function to WGS84 or ``None``, WGS84 bounds where the projection is valid, widened 1°)."""
    if epsg in (4326, 0, -1):
        return None, WORLD
    from pyproj import CRS, Transformer

    area = CRS.from_epsg(epsg).area_of_use
    bounds = (area.west - 1, area.south - 1, area.east + 1, area.north + 1) if area else WORLD
    t = Transformer.from_crs(epsg, 4326, always_xy=True)
    return (lambda geom: shapely.transform(geom, t.transform, interleaved=False)), bounds


def _epsg_from_geojson(doc: dict, features: list[_Feature]) -> int:
    crs = ((doc.get("crs") or {}).get("properties") or {}).get("name", "")
    if crs:
        if "CRS84" in crs or crs.endswith(":4326") or crs.endswith("::4326"):
            return 4326
        digits = crs.rsplit(":", 1)[-1]
        if digits.isdigit():
            return int(digits)
    for f in features[:20]:
        if f.geometry is not None and not f.geometry.is_empty:
            x = shapely.get_coordinates(f.geometry)[0, 0]
            if np.isfinite(x):
                return 2154 if abs(x) > 1000 else 4326
    return 4326


def _feature_lines(text: str, count: int) -> list[int | None]:
    """Physical line of each feature when the file holds one ``"type": "Feature"`` per
    feature (GDAL writes one feature per line); else ``None`` (messages give the number)."""
    starts = [m.start() for m in _FEATURE_RE.finditer(text)]
    if len(starts) != count:
        return [None] * count
    lines, line, last = [], 1, 0
    for start in starts:
        line += text.count("\n", last, start)
        last = start
        lines.append(line)
    return lines


def _read_geojson(name: str, data: bytes) -> tuple[list[_Feature], int]:
    encoding = detect_encoding(data[:SNIFF_BYTES])
    try:
        text = data.decode(encoding).removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise decode_error(name, None, encoding) from None
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(
            name, exc.lineno, None, f"GeoJSON invalide ({json_problem(exc)})",
            "Le fichier est tronqué ou endommagé : téléchargez-le à nouveau.",
        ) from None  # fmt: skip
    except RecursionError:
        raise SourceError(name, None, None, "GeoJSON invalide (imbrication trop profonde)",
                          "Téléchargez à nouveau la couche QPV.") from None
    features = doc.get("features") if isinstance(doc, dict) else None
    if not isinstance(features, list):
        raise SourceError(
            name, None, None, "pas de tableau « features » (FeatureCollection attendue)",
            "Importez la couche QPV au format GeoJSON FeatureCollection.",
        )  # fmt: skip
    out = []
    for i, (f, line) in enumerate(zip(features, _feature_lines(text, len(features)), strict=True), start=1):
        if not isinstance(f, dict):
            raise SourceError(name, line, None, f"l'entité n° {i} n'est pas un objet GeoJSON « Feature »",
                              "Téléchargez à nouveau la couche QPV.")
        geom = f.get("geometry")
        try:
            geometry = shape(geom) if geom else None
        except Exception as exc:  # noqa: BLE001 - shapely raises several types on a bad geometry
            raise SourceError(name, line, "geometry", f"géométrie illisible (entité n° {i} : {exc})",
                              _FIX_GEOMETRY) from None
        props = f.get("properties")
        out.append(_Feature(i, line, props if isinstance(props, dict) else {}, geometry))
    return out, _epsg_from_geojson(doc, out)


def _read_gpkg(name: str, path: Path) -> tuple[list[_Feature], int]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = con.execute(
            "SELECT c.table_name, g.column_name, g.srs_id FROM gpkg_contents c "
            "JOIN gpkg_geometry_columns g ON g.table_name = c.table_name "
            "WHERE c.data_type = 'features'"
        ).fetchall()
        if not tables:
            raise SourceError(
                name, None, None, "aucune couche d'entités dans le GeoPackage",
                "Importez la couche QPV 2024 de l'ANCT.",
            )  # fmt: skip
        table, geom_col, srs = tables[0]
        cur = con.execute(f'SELECT * FROM "{table}"')
        cols = [d[0] for d in cur.description]
        out = []
        for i, row in enumerate(cur, start=1):
            props = dict(zip(cols, row, strict=True))
            blob = props.pop(geom_col)
            try:
                geom = gpkg_geometry(blob)[0] if blob else None
            except Exception as exc:  # noqa: BLE001 - struct, shapely: a damaged blob
                raise SourceError(name, i, geom_col, f"géométrie illisible (entité n° {i} : {exc})",
                                  _FIX_GEOMETRY) from None
            out.append(_Feature(i, i, props, geom))
        return out, int(srs)
    except sqlite3.DatabaseError as exc:
        raise SourceError(
            name, None, None, f"GeoPackage illisible ({exc})",
            "Vérifiez que le fichier est un GeoPackage (.gpkg) complet.",
        ) from None  # fmt: skip
    finally:
        con.close()


def _read_features(path: Path) -> tuple[str, list[_Feature], int]:
    """(display name, features, EPSG) of a GeoJSON, a GeoPackage or a ZIP holding one."""
    with open_binary(path, _MEMBER, "GeoJSON ou GeoPackage") as (name, stream):
        data = stream.read()
    if not data.strip(b" \t\r\n"):
        raise SourceError(name, None, None, "le fichier est vide", "Téléchargez à nouveau la couche QPV.")
    if data.startswith(_SQLITE_MAGIC):
        if name == path.name:
            return (name, *_read_gpkg(name, path))
        with tempfile.TemporaryDirectory(prefix="qpv-") as folder:  # sqlite3 reads files, not bytes
            copy = Path(folder) / "couche.gpkg"
            copy.write_bytes(data)
            return (name, *_read_gpkg(name, copy))
    if path.suffix.lower() == ".gpkg" and not zipfile.is_zipfile(path):
        raise SourceError(name, None, None, "le fichier n'est pas un GeoPackage (en-tête SQLite absent)",
                          "Téléchargez à nouveau la couche QPV, ou importez-la au format GeoJSON.")
    check_text(name, data[:SNIFF_BYTES], "Importez la couche QPV telle que téléchargée de l'ANCT : un GeoJSON "
               "en UTF-8 ou un GeoPackage (.gpkg).")
    return (name, *_read_geojson(name, data))


def _check_coordinates(name: str, feature: _Feature, code: str, source, wgs84, epsg: int,
                       bounds: tuple[float, float, float, float]) -> None:
    """Refuse a feature with a coordinate that is not finite (in the file or once reprojected)
    or that lands, in WGS84, outside the area where the file's projection is valid."""
    xy, lonlat = shapely.get_coordinates(source), shapely.get_coordinates(wgs84)
    finite = np.isfinite(xy).all(axis=1) & np.isfinite(lonlat).all(axis=1)
    west, south, east, north = bounds
    inside = finite & (lonlat[:, 0] >= west) & (lonlat[:, 0] <= east) & (lonlat[:, 1] >= south) & (
        lonlat[:, 1] <= north)
    if inside.all():
        return
    bad = int(np.flatnonzero(~inside)[0])
    x, y = (f"{float(v):g}".replace("nan", "NaN").replace("inf", "infini") for v in xy[bad])
    if not finite[bad]:
        what = "coordonnée non finie"
    elif bounds == WORLD:
        what = "coordonnée hors des bornes du WGS84 (longitude entre -180 et 180, latitude entre -90 et 90)"
    else:
        what = (f"coordonnée hors de la zone de validité de la projection EPSG:{epsg} "
                f"(longitude {west:g} à {east:g}, latitude {south:g} à {north:g} une fois en WGS84)")
    raise SourceError(
        name, feature.line, "geometry",
        f"{what} : ({x} ; {y}) dans la géométrie de l'entité n° {feature.number} (QPV {code})",
        _FIX_GEOMETRY,
    )  # fmt: skip


def read_qpv(path: str | Path) -> pd.DataFrame:
    """Read QPV features into one row per QPV.

    Parameters
    ----------
    path : str or Path
        ``.geojson``/``.json`` or ``.gpkg`` (or a ``.zip`` holding one of them).

    Returns
    -------
    pandas.DataFrame
        ``qpv_code, name, insee_codes`` (sorted tuple), ``geometry`` (shapely, WGS84).

    Raises
    ------
    SourceError
        Empty, binary, UTF-16 or truncated file, no feature, no QPV code or commune column,
        unknown projection, or a coordinate that is not finite or out of the WGS84 bounds.

    Examples
    --------
    See the module docstring.
    """
    path = Path(path)
    name, features, epsg = _read_features(path)
    if not features:
        raise SourceError(name, None, None, "la couche ne contient aucune entité (aucun QPV)",
                          "Importez la couche QPV 2024 complète de l'ANCT.")
    for keys, column in ((CODE_KEYS, "code_qp"), (COMMUNE_KEYS, "insee_com")):
        if not any(_first(f.props, keys) for f in features):
            raise SourceError(
                name, None, column,
                f"attribut absent de toutes les entités (ni {', '.join(keys)})",
                "Importez la couche QPV 2024 de l'ANCT telle que téléchargée : chaque QPV porte son code "
                "(code_qp) et sa ou ses communes (insee_com).",
            )  # fmt: skip
    try:
        reproject, bounds = _reprojector(epsg)
    except Exception:  # pyproj CRSError
        raise SourceError(
            name, None, "crs", f"système de coordonnées inconnu (EPSG:{epsg})",
            "Exportez la couche en WGS84 (EPSG:4326) ou en Lambert-93 (EPSG:2154).",
        ) from None  # fmt: skip
    merged: dict[str, dict] = {}
    for f in features:
        codes = [c.strip() for c in _first(f.props, CODE_KEYS).split(",") if c.strip()]
        if not codes:
            raise SourceError(
                name, f.line, "code_qp", f"code QPV vide (entité n° {f.number})",
                "Chaque entité doit porter un code QPV (code_qp ou code_qpv).",
            )  # fmt: skip
        names_raw = _first(f.props, NAME_KEYS)
        names = [n.strip() for n in names_raw.split(", ")] if len(codes) > 1 else [names_raw]
        if len(names) != len(codes):
            names = [names_raw] * len(codes)
        communes = [c.strip() for c in _first(f.props, COMMUNE_KEYS).replace(";", ",").split(",")]
        geom = f.geometry
        if geom is not None:
            source = geom
            if reproject is not None:
                geom = reproject(geom)
            _check_coordinates(name, f, codes[0], source, geom, epsg, bounds)
        for code, qpv_name in zip(codes, names, strict=True):
            entry = merged.setdefault(code, {"name": qpv_name, "communes": set(), "geoms": []})
            entry["communes"].update(c for c in communes if c)
            if geom is not None:
                entry["geoms"].append(geom)
    rows = []
    for code in sorted(merged):
        e = merged[code]
        geoms = e["geoms"]
        geometry = geoms[0] if len(geoms) == 1 else (shapely.union_all(geoms) if geoms else None)
        rows.append((code, e["name"], tuple(sorted(e["communes"])), geometry))
    return pd.DataFrame(rows, columns=["qpv_code", "name", "insee_codes", "geometry"])
