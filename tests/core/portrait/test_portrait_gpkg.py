import math
import sqlite3
import struct

import pyogrio
import pytest
import shapely

from sante_locale.core.portrait.exports.gpkg import gpkg_geometry, write_gpkg


@pytest.fixture
def gpkg(portrait, tmp_path):
    return write_gpkg(portrait, tmp_path / "portrait.gpkg")


def test_the_file_is_a_geopackage(gpkg):
    con = sqlite3.connect(gpkg)
    try:
        assert con.execute("PRAGMA application_id").fetchone()[0] == 0x47504B47
        assert con.execute("PRAGMA user_version").fetchone()[0] == 10300
        srs = {r[0] for r in con.execute("SELECT srs_id FROM gpkg_spatial_ref_sys")}
        assert srs == {-1, 0, 4326}
        contents = con.execute("SELECT table_name, data_type, identifier, description, srs_id,"
                               " min_x, max_y FROM gpkg_contents").fetchall()
        assert contents[0][:3] == ("communes", "features", "Communes du territoire")
        assert "Offre de démonstration, 2026-11 (données fictives)" in contents[0][3]
        assert contents[0][4:] == (4326, 2.70, 50.46)
        assert con.execute("SELECT * FROM gpkg_geometry_columns").fetchall() == [
            ("communes", "geom", "GEOMETRY", 4326, 0, 0)]
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        con.close()


def test_french_aliases_through_the_schema_extension(gpkg):
    con = sqlite3.connect(gpkg)
    try:
        aliases = dict(con.execute("SELECT column_name, title FROM gpkg_data_columns "
                                   "WHERE table_name = 'communes'").fetchall())
        extensions = con.execute("SELECT table_name, extension_name FROM gpkg_extensions"
                                 " ORDER BY 1").fetchall()
    finally:
        con.close()
    assert aliases["density"] == "Densité (hab./km²)"
    assert aliases["apl"] == "APL médecins généralistes (consultations/an/hab.)"
    assert ("gpkg_data_columns", "gpkg_schema") in extensions
    assert ("communes", "gpkg_rtree_index") in extensions


def test_gdal_reads_attributes_and_geometries_back(gpkg, portrait):
    info = pyogrio.read_info(gpkg, layer="communes")
    assert info["crs"] == "EPSG:4326" and info["features"] == 4
    assert list(info["fields"]) == ["insee_code", "name", "population", "density", "apl", "qpv"]
    df = pyogrio.read_dataframe(gpkg, layer="communes")
    assert list(df["name"]) == ["Lens", "Liévin", "Avion", "Éleu-dit-Leauwette"]
    assert df["density"].iloc[0] == 2695.3 and math.isnan(df["density"].iloc[2])
    assert math.isnan(df["apl"].iloc[1]) and df["apl"].iloc[2] == 1.9  # 1.85 as shown with 1 decimal
    for code, geom in zip(df["insee_code"], df.geometry, strict=True):
        if code in portrait.geometries:
            assert shapely.equals_exact(geom, portrait.geometries[code], tolerance=1e-9)
        else:
            assert geom is None
    assert df.geometry.sindex.query(shapely.box(2.81, 50.42, 2.82, 50.43)).tolist() == [0]


def test_geometry_blob_header():
    blob = gpkg_geometry(shapely.box(1, 2, 3, 4))
    magic, version, flags, srs_id, minx, maxx, miny, maxy = struct.unpack("<2sBBi4d", blob[:40])
    assert (magic, version, flags, srs_id) == (b"GP", 0, 3, 4326)
    assert (minx, maxx, miny, maxy) == (1, 3, 2, 4)
    assert shapely.from_wkb(blob[40:]).equals(shapely.box(1, 2, 3, 4))
    assert gpkg_geometry(shapely.Polygon())[3] & 0b10000


def test_a_second_write_replaces_the_file(portrait, gpkg):
    portrait.communes.rows = portrait.communes.rows[:1]
    write_gpkg(portrait, gpkg)
    assert pyogrio.read_info(gpkg)["features"] == 1


def test_bad_layer_names_are_refused(portrait, tmp_path):
    with pytest.raises(ValueError, match="Nom de couche invalide"):
        write_gpkg(portrait, tmp_path / "x.gpkg", layer='x"; DROP TABLE y')
    assert not (tmp_path / "x.gpkg").exists()
