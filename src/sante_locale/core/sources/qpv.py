"""Reader of the QPV 2024 layer (ANCT): GeoJSON or GeoPackage, WGS84 or Lambert-93.

GeoJSON is parsed with :mod:`json` + shapely; GeoPackage with :mod:`sqlite3`, decoding the
GPKG geometry header (magic ``GP``, flags, envelope) then the WKB — no GDAL needed.
Lambert-93 (EPSG:2154) is reprojected to WGS84 with pyproj; a GeoJSON without ``crs`` is
taken as WGS84 unless its coordinates are metric (then Lambert-93).

Attributes: ``code_qp`` or ``code_qpv`` (several codes separated by commas in the ANCT
commune-centroid file), ``lib_qp``/``lib_qpv`` (names, separated by ``", "`` when several
codes), ``insee_com`` (one or several communes). Features are merged per QPV code:
``insee_codes`` gathers every commune, the geometry is the union (points for the centroid
file — accepted — polygons for the official layer).

Example
-------
>>> p = shared("real/anct_qpv2024_communes/centroide-4326_qpv.geojson")
>>> df = read_qpv(p).set_index("qpv_code")
>>> print(df.loc["QN06229M", "insee_codes"])
('62498', '62510', '62528')
"""

from __future__ import annotations

import json
import sqlite3
import struct
from pathlib import Path

import pandas as pd
import shapely
from shapely.geometry import shape

from .errors import SourceError

__all__ = ["gpkg_geometry", "read_qpv"]

CODE_KEYS = ("code_qp", "code_qpv", "CODE_QP", "code_quartier")
NAME_KEYS = ("lib_qp", "lib_qpv", "LIB_QP", "nom_qp")
COMMUNE_KEYS = ("insee_com", "code_insee", "INSEE_COM", "insee_code")
_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


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


def _reprojector(epsg: int):
    if epsg in (4326, 0, -1):
        return None
    from pyproj import Transformer

    t = Transformer.from_crs(epsg, 4326, always_xy=True)
    return lambda geom: shapely.transform(geom, t.transform, interleaved=False)


def _epsg_from_geojson(doc: dict, features: list) -> int:
    crs = ((doc.get("crs") or {}).get("properties") or {}).get("name", "")
    if crs:
        if "CRS84" in crs or crs.endswith(":4326") or crs.endswith("::4326"):
            return 4326
        digits = crs.rsplit(":", 1)[-1]
        if digits.isdigit():
            return int(digits)
    for f in features[:20]:
        geom = f.get("geometry")
        if geom:
            x = shape(geom).representative_point().x
            return 2154 if abs(x) > 1000 else 4326
    return 4326


def _read_geojson(path: Path) -> tuple[list[tuple[int, dict, object]], int]:
    try:
        doc = json.loads(path.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as exc:
        raise SourceError(
            path.name, exc.lineno, None, f"GeoJSON invalide ({exc.msg})",
            "Le fichier est tronqué ou endommagé : téléchargez-le à nouveau.",
        ) from None  # fmt: skip
    features = doc.get("features") if isinstance(doc, dict) else None
    if not isinstance(features, list):
        raise SourceError(
            path.name, None, None, "pas de tableau « features » (FeatureCollection attendue)",
            "Importez la couche QPV au format GeoJSON FeatureCollection.",
        )  # fmt: skip
    epsg = _epsg_from_geojson(doc, features)
    out = []
    for i, f in enumerate(features, start=1):
        geom = f.get("geometry")
        out.append((i, f.get("properties") or {}, shape(geom) if geom else None))
    return out, epsg


def _read_gpkg(path: Path) -> tuple[list[tuple[int, dict, object]], int]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = con.execute(
            "SELECT c.table_name, g.column_name, g.srs_id FROM gpkg_contents c "
            "JOIN gpkg_geometry_columns g ON g.table_name = c.table_name "
            "WHERE c.data_type = 'features'"
        ).fetchall()
        if not tables:
            raise SourceError(
                path.name, None, None, "aucune couche d'entités dans le GeoPackage",
                "Importez la couche QPV 2024 de l'ANCT.",
            )  # fmt: skip
        table, geom_col, srs = tables[0]
        cur = con.execute(f'SELECT * FROM "{table}"')
        cols = [d[0] for d in cur.description]
        out = []
        for i, row in enumerate(cur, start=1):
            props = dict(zip(cols, row, strict=True))
            blob = props.pop(geom_col)
            geom = gpkg_geometry(blob)[0] if blob else None
            out.append((i, props, geom))
        return out, int(srs)
    except sqlite3.DatabaseError as exc:
        raise SourceError(
            path.name, None, None, f"GeoPackage illisible ({exc})",
            "Vérifiez que le fichier est un GeoPackage (.gpkg) complet.",
        ) from None  # fmt: skip
    finally:
        con.close()


def read_qpv(path: str | Path) -> pd.DataFrame:
    """Read QPV features into one row per QPV.

    Parameters
    ----------
    path : str or Path
        ``.geojson``/``.json`` or ``.gpkg``.

    Returns
    -------
    pandas.DataFrame
        ``qpv_code, name, insee_codes`` (sorted tuple), ``geometry`` (shapely, WGS84).

    Examples
    --------
    See the module docstring.
    """
    path = Path(path)
    if not path.exists() or path.stat().st_size == 0:
        raise SourceError(
            path.name, None, None, "le fichier est vide ou introuvable",
            "Téléchargez à nouveau la couche QPV.",
        )  # fmt: skip
    if path.suffix.lower() == ".gpkg":
        features, epsg = _read_gpkg(path)
    else:
        features, epsg = _read_geojson(path)
    try:
        reproject = _reprojector(epsg)
    except Exception:  # pyproj CRSError
        raise SourceError(
            path.name, None, "crs", f"système de coordonnées inconnu (EPSG:{epsg})",
            "Exportez la couche en WGS84 (EPSG:4326) ou en Lambert-93 (EPSG:2154).",
        ) from None  # fmt: skip
    merged: dict[str, dict] = {}
    for i, props, geom in features:
        codes = [c.strip() for c in _first(props, CODE_KEYS).split(",") if c.strip()]
        if not codes:
            raise SourceError(
                path.name, i, "code_qp", f"code QPV vide (entité n° {i})",
                "Chaque entité doit porter un code QPV (code_qp ou code_qpv).",
            )  # fmt: skip
        names_raw = _first(props, NAME_KEYS)
        names = [n.strip() for n in names_raw.split(", ")] if len(codes) > 1 else [names_raw]
        if len(names) != len(codes):
            names = [names_raw] * len(codes)
        communes = [c.strip() for c in _first(props, COMMUNE_KEYS).replace(";", ",").split(",")]
        if geom is not None and reproject is not None:
            geom = reproject(geom)
        for code, name in zip(codes, names, strict=True):
            entry = merged.setdefault(code, {"name": name, "communes": set(), "geoms": []})
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
