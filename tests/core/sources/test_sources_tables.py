"""Age enrichment, INSEE population, DREES APL, zoning and QPV readers."""

import json
import sqlite3

import numpy as np
import openpyxl
import pandas as pd
import pytest
from pyproj import Transformer
from shapely.geometry import Point, Polygon

from sante_locale.core.sources.age import read_birth_years
from sante_locale.core.sources.drees_apl import aggregate_plm, read_drees_apl
from sante_locale.core.sources.errors import SourceError
from sante_locale.core.sources.insee import (
    BROAD_BANDS,
    DREES_WEIGHTS_GP,
    five_year_bands,
    read_insee_population,
    standardised_population,
)
from sante_locale.core.sources.qpv import read_qpv
from sante_locale.core.sources.zonage import read_zonage

APL = "real/drees_apl_medecins_generalistes_2022_2023/apl_generalistes.xlsx"


# -- age ----------------------------------------------------------------------------------
@pytest.mark.parametrize("sep", [";", ","])
def test_birth_years_accepts_both_separators_and_headers(tmp_path, sep):
    path = tmp_path / "ages.csv"
    path.write_text(f"identifiant{sep}annee_naissance\n10000000001{sep}1961\n", encoding="utf-8")
    assert read_birth_years(path) == {"10000000001": 1961}


def test_birth_years_out_of_range_and_duplicates_are_set_aside(tmp_path):
    path = tmp_path / "ages.csv"
    path.write_text("rpps_id;annee_naissance\n1;1961\n2;1925\n3;2011\n1;1962\n", encoding="utf-8")
    aside = []
    assert read_birth_years(path, set_aside=aside) == {"1": 1961}
    assert [(a.line, a.reason) for a in aside] == [
        (3, "année de naissance hors de la plage 1930–2010"),
        (4, "année de naissance hors de la plage 1930–2010"),
        (5, "identifiant en double (déjà vu ligne 2)"),
    ]


def test_birth_years_missing_column_is_fatal(tmp_path):
    path = tmp_path / "ages.csv"
    path.write_text("rpps_id;naissance\n1;1961\n", encoding="utf-8")
    with pytest.raises(SourceError) as err:
        read_birth_years(path)
    assert str(err.value) == (
        "fichier ages.csv, ligne 1, colonne « annee_naissance » : colonne absente de l'en-tête "
        "(trouvé : rpps_id, naissance). L'en-tête doit être « rpps_id;annee_naissance » ou "
        "« identifiant;annee_naissance »."
    )


def test_birth_year_not_a_number_is_fatal(tmp_path):
    path = tmp_path / "ages.csv"
    path.write_text("rpps_id;annee_naissance\n1;1961\n2;vers 1970\n", encoding="utf-8")
    with pytest.raises(SourceError) as err:
        read_birth_years(path)
    assert (err.value.line, err.value.column) == (3, "annee_naissance")


# -- INSEE --------------------------------------------------------------------------------
def _iris_file(shared, tmp_path):
    header = shared("samples/insee_base-ic-evol-struct-pop-2021_header.csv").read_text().strip()
    cols = header.split(";")
    rows = []
    for iris, value in (("624980101", 1.5), ("624980102", 2.0), ("625100000", 10.0)):
        row = [iris, iris[:5], "H", "1"] + [str(value)] * (len(cols) - 4)
        rows.append(";".join(row))
    path = tmp_path / "base-ic-evol-struct-pop-2021.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_insee_iris_file_summed_to_communes_with_parsed_vintage(shared, tmp_path):
    table = read_insee_population(_iris_file(shared, tmp_path))
    assert (table.vintage, table.level) == (2021, "iris")
    data = table.data.set_index("insee_code")
    assert data.loc["62498", "population"] == 3.5
    assert data.loc["62510", "pop_75p"] == 10.0
    assert set(BROAD_BANDS) <= set(data.columns)
    assert {"pop_0002", "pop_80p"} <= set(data.columns)
    assert not any(c.startswith("c21") or c.startswith("pop_h") for c in data.columns)


BANDS_2021 = ["P21_POP0014", "P21_POP1529", "P21_POP3044", "P21_POP4559", "P21_POP6074", "P21_POP75P"]


def test_insee_vintage_is_parsed_not_hard_coded(tmp_path):
    path = tmp_path / "base-cc-evol-struct-pop-2020.csv"
    header = ";".join(["CODGEO", "P20_POP", *(b.replace("P21", "P20") for b in BANDS_2021)])
    path.write_text(f"{header}\n1001;800;150;140;130;120;110;150\n", encoding="utf-8")
    table = read_insee_population(path)
    assert table.vintage == 2020
    assert table.data.to_dict("records") == [
        {"insee_code": "01001", "population": 800.0, "pop_0014": 150.0, "pop_1529": 140.0,
         "pop_3044": 130.0, "pop_4559": 120.0, "pop_6074": 110.0, "pop_75p": 150.0}
    ]


def test_insee_xlsx_with_title_lines(tmp_path):
    path = tmp_path / "base-cc-evol-struct-pop-2021.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "COM_2021"
    ws.append(["Évolution et structure de la population en 2021"])
    ws.append(["Recensement de la population 2021"])
    ws.append([])
    ws.append(["CODGEO", "REG", "DEP", "LIBGEO", "P21_POP", *BANDS_2021])
    ws.append(["62498", "32", "62", "Lens", 32618, 6600, 6400, 6000, 6000, 5218, 2400])
    wb.save(path)
    table = read_insee_population(path)
    assert table.vintage == 2021
    assert table.data.to_dict("records") == [
        {"insee_code": "62498", "population": 32618.0, "pop_0014": 6600.0, "pop_1529": 6400.0,
         "pop_3044": 6000.0, "pop_4559": 6000.0, "pop_6074": 5218.0, "pop_75p": 2400.0}
    ]


def test_insee_wrong_separator_is_fatal(tmp_path):
    path = tmp_path / "base-cc-evol-struct-pop-2021.csv"
    path.write_text("CODGEO,P21_POP\n62498,32618\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"ligne 1 : séparateur « ; » absent .*« , » trouvé"):
        read_insee_population(path)


def test_five_year_bands_preserve_totals_and_weights():
    df = pd.DataFrame({b: [300.0] for b in BROAD_BANDS})
    bands = five_year_bands(df)
    assert bands.sum(axis=1).iloc[0] == pytest.approx(1800.0)
    assert bands["20_24"].iloc[0] == pytest.approx(100.0)
    assert bands["80_84"].iloc[0] == pytest.approx(87.0)
    std = standardised_population(bands, DREES_WEIGHTS_GP[2023]).iloc[0]
    assert 1800 < std < 2400  # older-heavy flat profile: above the raw population


# -- DREES APL ----------------------------------------------------------------------------
def test_drees_workbook_spot_values(shared):
    vintages = read_drees_apl(shared(APL))
    assert [(v.vintage, v.profession, v.sheet) for v in vintages] == [
        (2022, "medecin_generaliste", "APL 2022"),
        (2023, "medecin_generaliste", "APL 2023"),
    ]
    v2022, v2023 = (v.data.set_index("insee_code") for v in vintages)
    assert v2022.loc["62498", ["apl", "apl_under_65", "standardised_population",
                               "total_population"]].tolist() == [6.151, 5.532, 32172.494, 32458]  # fmt: skip
    assert v2023.loc["59350", "apl"] == 6.106
    assert v2023.loc["01001", "total_population"] == 832
    assert len(v2022) == 34964 and len(v2023) == 34954
    assert "75056" not in v2023.index and "75115" in v2023.index  # per arrondissement
    plm = aggregate_plm(vintages[1].data).set_index("insee_code")
    paris = plm.loc["75056"]
    arr = v2023[v2023.index.str.startswith("751")]
    assert paris["total_population"] == arr["total_population"].sum()
    expected = np.average(arr["apl"], weights=arr["standardised_population"])
    assert paris["apl"] == pytest.approx(expected)


def test_drees_workbook_without_apl_sheet_is_fatal(tmp_path):
    path = tmp_path / "apl_infirmiers.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Paramètres"
    wb.create_sheet("Données 2023")
    wb.save(path)
    with pytest.raises(SourceError) as err:
        read_drees_apl(path)
    assert str(err.value) == (
        "fichier apl_infirmiers.xlsx : aucune feuille « APL <année> » dans le classeur "
        "(feuilles trouvées : « Paramètres », « Données 2023 »). Importez le classeur APL de "
        "la DREES tel que téléchargé, sans renommer ses feuilles."
    )


def test_drees_sheet_without_apl_column_is_fatal(tmp_path):
    path = tmp_path / "apl.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "APL 2023"
    ws.append(["Titre"])
    ws.append(["Code commune INSEE", "Commune", "Population standardisée 2021"])
    wb.save(path)
    with pytest.raises(SourceError) as err:
        read_drees_apl(path)
    assert (err.value.file, err.value.line, err.value.column) == (
        "apl.xlsx › feuille « APL 2023 »",
        2,
        "APL aux …",
    )


# -- zoning -------------------------------------------------------------------------------
def test_real_nurse_zoning(shared):
    df, aside = read_zonage(shared("real/cartosante_zonage_infirmiers_communes/zonage-raw.csv.gz"))
    # 34,919 data rows (SOURCE.md says 34,918 but its per-value counts add up to 34,919)
    assert len(df) == 34917 and len(aside) == 2
    assert aside[0].reason == "zonage non disponible"
    assert set(df["profession"]) == {"infirmier"}
    lens = df.set_index("insee_code").loc["62498"]
    assert (lens["zoning_class"], lens["zoning_rank"], lens["zoning_label"]) == (
        "sur_dotee", 5, "5_Sur_dotee")  # fmt: skip
    assert df["zoning_rank"].value_counts().to_dict() == {3: 15676, 4: 8792, 5: 4792, 2: 4257, 1: 1400}  # fmt: skip


def test_atlasante_zoning_layout(tmp_path):
    path = tmp_path / "zonage_atlasante.csv"
    path.write_text(
        "com_code;zmed_niveau;zmed_date_arrete;zide_niveau;zmk_niveau;zsf_niveau;tvs_lib\n"
        "62498;2_ZAC;2023-05-02;3_intermediaire;4_Tres_dotee;1_Tres_sous_dotee;Lens\n"
        "1001;1_ZIP;2023-05-02;;;;Bourg\n",
        encoding="utf-8",
    )
    df, aside = read_zonage(path)
    lens = df[df.insee_code == "62498"].set_index("profession")
    assert lens.loc["medecin_generaliste", ["zoning_class", "decree_date", "tvs_label"]].tolist() == [
        "ZAC", "2023-05-02", "Lens"]  # fmt: skip
    assert lens.loc["sage_femme", "zoning_class"] == "tres_sous_dotee"
    assert df[df.insee_code == "01001"]["zoning_class"].tolist() == ["ZIP"]
    assert [(a.line, a.column) for a in aside] == [(3, "zide_niveau"), (3, "zmk_niveau"), (3, "zsf_niveau")]  # fmt: skip


# -- QPV ----------------------------------------------------------------------------------
def test_real_qpv_centroid_points(shared):
    df = read_qpv(shared("real/anct_qpv2024_communes/centroide-4326_qpv.geojson")).set_index(
        "qpv_code"
    )
    assert len(df) == 1493
    assert {"QN06224M", "QN06225M", "QN06226M", "QN06227M", "QN06229M"} <= set(
        df[df["insee_codes"].apply(lambda c: "62498" in c)].index
    )
    geom = df.loc["QN00103M", "geometry"]
    assert geom.geom_type == "Point" and 5.3 < geom.x < 5.4
    assert df.loc["QN00101M", "name"] == "Grande Reyssouze Terre Des Fleurs"


def test_geojson_in_lambert93_is_reprojected(tmp_path):
    square = Polygon([(686000, 7033000), (687000, 7033000), (687000, 7034000), (686000, 7034000)])
    doc = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::2154"}},
        "features": [
            {"type": "Feature", "properties": {"code_qp": "QN06224M", "lib_qp": "Quartier",
             "insee_com": "62498"}, "geometry": json.loads(json.dumps(square.__geo_interface__))},
        ],
    }  # fmt: skip
    path = tmp_path / "qpv.geojson"
    path.write_text(json.dumps(doc), encoding="utf-8")
    row = read_qpv(path).iloc[0]
    c = row["geometry"].centroid
    assert row["insee_codes"] == ("62498",)
    assert 2.8 < c.x < 2.82 and 50.39 < c.y < 50.41


def _write_gpkg(path, geom, srs=2154):
    con = sqlite3.connect(path)
    con.executescript(
        "CREATE TABLE gpkg_contents (table_name TEXT, data_type TEXT, identifier TEXT);"
        "CREATE TABLE gpkg_geometry_columns (table_name TEXT, column_name TEXT, "
        "geometry_type_name TEXT, srs_id INTEGER, z INTEGER, m INTEGER);"
        "CREATE TABLE qpv (fid INTEGER PRIMARY KEY, geom BLOB, code_qp TEXT, lib_qp TEXT, "
        "insee_com TEXT);"
        "INSERT INTO gpkg_contents VALUES ('qpv', 'features', 'qpv');"
    )
    con.execute(
        "INSERT INTO gpkg_geometry_columns VALUES ('qpv', 'geom', 'POLYGON', ?, 0, 0)", (srs,)
    )
    minx, miny, maxx, maxy = geom.bounds
    import struct

    header = b"GP" + bytes([0, 0b00000011]) + struct.pack("<i", srs)
    header += struct.pack("<4d", minx, maxx, miny, maxy)
    con.execute("INSERT INTO qpv (geom, code_qp, lib_qp, insee_com) VALUES (?, ?, ?, ?)",
                (header + geom.wkb, "QN06224M", "Quartier", "62498"))  # fmt: skip
    con.commit()
    con.close()


def test_geopackage_read_without_gdal(tmp_path):
    path = tmp_path / "qpv.gpkg"
    square = Polygon([(686000, 7033000), (687000, 7033000), (687000, 7034000), (686000, 7034000)])
    _write_gpkg(path, square)
    row = read_qpv(path).iloc[0]
    assert row["qpv_code"] == "QN06224M" and row["geometry"].geom_type == "Polygon"
    # Lambert-93 → WGS84, longitude first: the corners land where pyproj puts them (near Lens)
    to_wgs84 = Transformer.from_crs(2154, 4326, always_xy=True)
    expected = [to_wgs84.transform(x, y) for x, y in square.exterior.coords]
    np.testing.assert_allclose(np.asarray(row["geometry"].exterior.coords), expected, atol=1e-7)
    assert row["geometry"].contains(Point(2.81, 50.40))


def test_empty_qpv_file_is_fatal(tmp_path):
    path = tmp_path / "qpv.geojson"
    path.write_text("")
    with pytest.raises(SourceError, match="fichier qpv.geojson : le fichier est vide"):
        read_qpv(path)
