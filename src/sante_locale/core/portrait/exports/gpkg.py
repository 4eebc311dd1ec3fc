"""The communes layer as an OGC GeoPackage 1.3, written with the standard library
``sqlite3`` only (no GDAL), opened as is by QGIS and every OGR tool.

What is written: the GeoPackage identity (``application_id`` 'GPKG', ``user_version``
10300), the spatial reference systems (the required -1 and 0 rows and EPSG:4326), the
layer in ``gpkg_contents`` (its ``description`` names the sources and vintages) and
``gpkg_geometry_columns``, the feature table (``fid``, ``geom`` in GeoPackage binary, one
column per column of ``portrait.communes``), the French field aliases through the schema
extension (``gpkg_data_columns``: ``name`` and ``title`` = label with unit,
``description``) and an R*Tree spatial index with the standard triggers.
"""

from __future__ import annotations

import datetime
import numbers
import re
import sqlite3
import struct
from pathlib import Path

import shapely

from sante_locale.core import clock
from sante_locale.core.files import atomic_path
from sante_locale.core.portrait.exports._common import (
    cell,
    header,
    sources_text,
)

APPLICATION_ID = 0x47504B47  # "GPKG"
USER_VERSION = 10300
SRS_ID = 4326
WGS84_WKT = (
    'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,'
    'AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,'
    'AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],'
    'AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]'
)
SCHEMA_URL = "http://www.geopackage.org/spec/#extension_schema"
RTREE_URL = "http://www.geopackage.org/spec/#extension_rtree"
LAYER_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,62}$")

CORE_TABLES = """
CREATE TABLE gpkg_spatial_ref_sys (
  srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL,
  organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
CREATE TABLE gpkg_contents (
  table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE,
  description TEXT DEFAULT '',
  last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
  min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
  CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
CREATE TABLE gpkg_geometry_columns (
  table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL,
  srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL,
  CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
  CONSTRAINT uk_gc_table_name UNIQUE (table_name),
  CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
  CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
CREATE TABLE gpkg_extensions (
  table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL,
  scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));
CREATE TABLE gpkg_data_columns (
  table_name TEXT NOT NULL, column_name TEXT NOT NULL, name TEXT, title TEXT,
  description TEXT, mime_type TEXT, constraint_name TEXT,
  CONSTRAINT pk_gdc PRIMARY KEY (table_name, column_name),
  CONSTRAINT gdc_tn UNIQUE (table_name, name));
CREATE TABLE gpkg_data_column_constraints (
  constraint_name TEXT NOT NULL, constraint_type TEXT NOT NULL, value TEXT, min NUMERIC,
  min_is_inclusive BOOLEAN, max NUMERIC, max_is_inclusive BOOLEAN, description TEXT,
  CONSTRAINT gdcc_ntv UNIQUE (constraint_name, constraint_type, value));
"""

RTREE_TRIGGERS = """
CREATE TRIGGER "rtree_{t}_{c}_insert" AFTER INSERT ON "{t}"
WHEN (new."{c}" NOT NULL AND NOT ST_IsEmpty(NEW."{c}"))
BEGIN INSERT OR REPLACE INTO "rtree_{t}_{c}" VALUES (NEW."{i}", ST_MinX(NEW."{c}"),
  ST_MaxX(NEW."{c}"), ST_MinY(NEW."{c}"), ST_MaxY(NEW."{c}")); END;
CREATE TRIGGER "rtree_{t}_{c}_update1" AFTER UPDATE OF "{c}" ON "{t}"
WHEN OLD."{i}" = NEW."{i}" AND (NEW."{c}" NOTNULL AND NOT ST_IsEmpty(NEW."{c}"))
BEGIN INSERT OR REPLACE INTO "rtree_{t}_{c}" VALUES (NEW."{i}", ST_MinX(NEW."{c}"),
  ST_MaxX(NEW."{c}"), ST_MinY(NEW."{c}"), ST_MaxY(NEW."{c}")); END;
CREATE TRIGGER "rtree_{t}_{c}_update2" AFTER UPDATE OF "{c}" ON "{t}"
WHEN OLD."{i}" = NEW."{i}" AND (NEW."{c}" ISNULL OR ST_IsEmpty(NEW."{c}"))
BEGIN DELETE FROM "rtree_{t}_{c}" WHERE id = OLD."{i}"; END;
CREATE TRIGGER "rtree_{t}_{c}_update3" AFTER UPDATE ON "{t}"
WHEN OLD."{i}" != NEW."{i}" AND (NEW."{c}" NOTNULL AND NOT ST_IsEmpty(NEW."{c}"))
BEGIN DELETE FROM "rtree_{t}_{c}" WHERE id = OLD."{i}";
  INSERT OR REPLACE INTO "rtree_{t}_{c}" VALUES (NEW."{i}", ST_MinX(NEW."{c}"),
  ST_MaxX(NEW."{c}"), ST_MinY(NEW."{c}"), ST_MaxY(NEW."{c}")); END;
CREATE TRIGGER "rtree_{t}_{c}_update4" AFTER UPDATE ON "{t}"
WHEN OLD."{i}" != NEW."{i}" AND (NEW."{c}" ISNULL OR ST_IsEmpty(NEW."{c}"))
BEGIN DELETE FROM "rtree_{t}_{c}" WHERE id IN (OLD."{i}", NEW."{i}"); END;
CREATE TRIGGER "rtree_{t}_{c}_delete" AFTER DELETE ON "{t}" WHEN old."{c}" NOT NULL
BEGIN DELETE FROM "rtree_{t}_{c}" WHERE id = OLD."{i}"; END;
"""


def gpkg_geometry(geom, srs_id: int = SRS_ID) -> bytes | None:
    """A shapely geometry in GeoPackage binary: header ('GP', version 0, flags little-endian
    with an [minx, maxx, miny, maxy] envelope, ``srs_id``) then little-endian WKB.

    Examples
    --------
    >>> import shapely
    >>> blob = gpkg_geometry(shapely.box(0, 0, 2, 1))
    >>> blob[:4], len(blob) == 8 + 32 + len(shapely.to_wkb(shapely.box(0, 0, 2, 1)))
    (b'GP\\x00\\x03', True)
    """
    if geom is None:
        return None
    wkb = shapely.to_wkb(geom, byte_order=1, output_dimension=2)
    if geom.is_empty:
        return struct.pack("<2sBBi", b"GP", 0, 0b10001, srs_id) + wkb
    minx, miny, maxx, maxy = geom.bounds
    return struct.pack("<2sBBi4d", b"GP", 0, 0b11, srs_id, minx, maxx, miny, maxy) + wkb


def _sql_type(values: list) -> str:
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return "BOOLEAN"
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "INTEGER"
    if present and all(isinstance(v, numbers.Real) for v in present):
        return "REAL"
    return "TEXT"


def _geometry_type(geoms: list) -> str:
    kinds = {g.geom_type.upper() for g in geoms if g is not None and not g.is_empty}
    if len(kinds) == 1:
        return kinds.pop()
    return "GEOMETRY"


def write_gpkg(portrait, path, layer: str = "communes") -> Path:
    """Write the communes of ``portrait`` (attributes and geometries) to ``path`` as a
    GeoPackage layer named ``layer``; the file is replaced if it exists.

    Examples
    --------
    >>> import sqlite3, tempfile, pathlib, shapely
    >>> from sante_locale.core.portrait.model import Column, Portrait, Table
    >>> t = Table("communes", "Communes", [Column("insee_code", "Code INSEE")],
    ...           [{"insee_code": "62498"}])
    >>> p = Portrait({}, "2026", [], [], t, geometries={"62498": shapely.box(2.8, 50.4, 2.9, 50.5)})
    >>> out = write_gpkg(p, pathlib.Path(tempfile.mkdtemp()) / "c.gpkg")
    >>> con = sqlite3.connect(out)
    >>> con.execute("PRAGMA application_id").fetchone()[0] == 0x47504B47
    True
    >>> con.execute("SELECT title FROM gpkg_data_columns").fetchall()
    [('Code INSEE',)]
    >>> con.close()
    """
    if not isinstance(layer, str) or not LAYER_NAME.match(layer) or layer.lower().startswith(
            ("gpkg_", "rtree_", "sqlite_")):
        raise ValueError(
            f"Nom de couche invalide : {layer!r} (lettres, chiffres et _, sans préfixe gpkg_)."
        )
    path = Path(path)
    table = portrait.communes
    rows = [{c.key: cell(row.get(c.key), c) for c in table.columns} for row in table.rows]
    geoms = [portrait.geometries.get(row.get("insee_code")) for row in table.rows]
    taken = {"fid", "geom"}
    fields = []  # (column key, SQL column name, type, Column)
    for column in table.columns:
        name, n = column.key, 1
        while name.lower() in taken:
            name, n = f"{column.key}_{n}", n + 1
        taken.add(name.lower())
        fields.append((column.key, name, _sql_type([r[column.key] for r in rows]), column))
    present = [g for g in geoms if g is not None and not g.is_empty]
    bounds = shapely.total_bounds(present) if present else [None] * 4
    description = " ".join(p for p in (table.title + ".", sources_text(portrait)) if p)
    now = clock.now().astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")[:-4] + "Z"

    with atomic_path(path) as tmp:
        con = sqlite3.connect(tmp)
        try:
            con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            con.execute(f"PRAGMA user_version = {USER_VERSION}")
            con.executescript(CORE_TABLES)
            con.executemany("INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)", [
                ("Undefined cartesian SRS", -1, "NONE", -1, "undefined",
                 "undefined cartesian coordinate reference system"),
                ("Undefined geographic SRS", 0, "NONE", 0, "undefined",
                 "undefined geographic coordinate reference system"),
                ("WGS 84 geodetic", SRS_ID, "EPSG", 4326, WGS84_WKT,
                 "longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid"),
            ])
            con.execute(
                "INSERT INTO gpkg_contents VALUES (?, 'features', ?, ?, ?, ?, ?, ?, ?, ?)",
                (layer, table.title or layer, description, now, *[
                    None if b is None else float(b) for b in bounds], SRS_ID),
            )
            con.execute("INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', ?, ?, 0, 0)",
                        (layer, _geometry_type(geoms), SRS_ID))
            columns_sql = "".join(f', "{name}" {kind}' for _, name, kind, _ in fields)
            con.execute(f'CREATE TABLE "{layer}" (fid INTEGER PRIMARY KEY AUTOINCREMENT '
                        f'NOT NULL, geom GEOMETRY{columns_sql})')
            placeholders = ", ".join("?" * (len(fields) + 2))
            con.executemany(f'INSERT INTO "{layer}" VALUES ({placeholders})', [
                (fid, gpkg_geometry(geom), *[
                    (int(row[key]) if kind == "BOOLEAN" and row[key] is not None else
                     row[key] if kind != "TEXT" or row[key] is None else str(row[key]))
                    for key, _, kind, _ in fields])
                for fid, (row, geom) in enumerate(zip(rows, geoms, strict=True), start=1)
            ])
            aliases, used = [], set()
            for _, name, _, column in fields:
                title = header(column.label, column.unit) or name
                alias, n = title, 2
                while alias in used:
                    alias, n = f"{title} ({n})", n + 1
                used.add(alias)
                aliases.append((layer, name, alias, title,
                                f"{title} — {table.source}" if table.source else title))
            con.executemany(
                "INSERT INTO gpkg_data_columns (table_name, column_name, name, title, "
                "description) VALUES (?, ?, ?, ?, ?)", aliases)
            extensions = [
                ("gpkg_data_columns", None, "gpkg_schema", SCHEMA_URL, "read-write"),
                ("gpkg_data_column_constraints", None, "gpkg_schema", SCHEMA_URL, "read-write"),
            ]
            if _has_rtree(con):
                rtree = f"rtree_{layer}_geom"
                con.execute(f'CREATE VIRTUAL TABLE "{rtree}" USING rtree(id, minx, maxx, '
                            "miny, maxy)")
                con.executemany(f'INSERT INTO "{rtree}" VALUES (?, ?, ?, ?, ?)', [
                    (fid, g.bounds[0], g.bounds[2], g.bounds[1], g.bounds[3])
                    for fid, g in enumerate(geoms, start=1) if g is not None and not g.is_empty
                ])
                con.executescript(RTREE_TRIGGERS.format(t=layer, c="geom", i="fid"))
                extensions.append((layer, "geom", "gpkg_rtree_index", RTREE_URL, "write-only"))
            con.executemany("INSERT INTO gpkg_extensions VALUES (?, ?, ?, ?, ?)", extensions)
            con.commit()
        finally:
            con.close()
    return path


def _has_rtree(con: sqlite3.Connection) -> bool:
    try:
        con.execute("CREATE VIRTUAL TABLE temp._probe USING rtree(id, a, b)")
        con.execute("DROP TABLE temp._probe")
        return True
    except sqlite3.OperationalError:
        return False
