import csv
import json
import math

import pyogrio
import shapely

from sante_locale.core.portrait.exports.csv import write_csv
from sante_locale.core.portrait.exports.geojson import write_geojson


def test_geojson_is_an_rfc7946_feature_collection(portrait, tmp_path):
    path = write_geojson(portrait, tmp_path / "communes.geojson")
    text = path.read_text(encoding="utf-8")
    assert "NaN" not in text and "Infinity" not in text
    doc = json.loads(text)
    assert doc["type"] == "FeatureCollection" and "crs" not in doc
    assert doc["metadata"]["fictive"] is True
    assert {"name": "Offre de démonstration", "vintage": "2026-11", "detail": "générateur seedé",
            "fictive": True} in doc["metadata"]["sources"]
    assert doc["field_aliases"]["density"] == "Densité (hab./km²)"
    props = [f["properties"] for f in doc["features"]]
    assert list(props[0]) == [c.key for c in portrait.communes.columns]
    assert props[1]["apl"] is None and props[2]["density"] is None and props[0]["qpv"] is True
    assert doc["features"][3]["geometry"] is None
    for feature in doc["features"][:3]:
        geom = shapely.geometry.shape(feature["geometry"])
        original = portrait.geometries[feature["properties"]["insee_code"]]
        assert shapely.equals_exact(shapely.normalize(geom), shapely.normalize(original), 1e-6)
        for poly in getattr(geom, "geoms", [geom]):
            assert poly.exterior.is_ccw and all(not r.is_ccw for r in poly.interiors)
        coords = shapely.get_coordinates(geom)
        assert (abs(coords * 1e6 - (coords * 1e6).round()) < 1e-6).all()


def test_geojson_is_read_by_gdal(portrait, tmp_path):
    path = write_geojson(portrait, tmp_path / "communes.geojson")
    df = pyogrio.read_dataframe(path)
    assert list(df.columns) == [c.key for c in portrait.communes.columns] + ["geometry"]
    assert list(df["name"]) == ["Lens", "Liévin", "Avion", "Éleu-dit-Leauwette"]
    assert df.crs.to_epsg() == 4326 and math.isnan(df["apl"].iloc[1])
    assert df.geometry.iloc[3] is None


def test_csv_is_french_excel_csv(portrait, tmp_path):
    path = write_csv(portrait, tmp_path / "communes.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    assert rows[0] == ["Code INSEE", "Commune", "Population (hab.)", "Densité (hab./km²)",
                       "APL médecins généralistes (consultations/an/hab.)",
                       "Quartier prioritaire", "Données fictives"]
    assert rows[1] == ["62498", "Lens", "31415", "2695,3", "2,6", "oui", "oui : offre de soins fictive (démonstration)"]
    assert rows[2][4] == "" and rows[3][3] == "" and rows[4][2] == "" and rows[4][5] == ""
    assert len(rows) == 5 and "nan" not in raw.decode("utf-8-sig").lower()


def test_csv_marks_every_line_of_a_fictive_portrait_and_only_then(portrait, tmp_path):
    with open(write_csv(portrait, tmp_path / "fictive.csv"), encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    assert rows[0][-1] == "Données fictives" and all(r[-1].startswith("oui : offre de soins fictive") for r in rows[1:])
    portrait.fictive = False
    with open(write_csv(portrait, tmp_path / "real.csv"), encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    assert "Données fictives" not in rows[0] and not any("fictive" in cell for r in rows for cell in r)


def test_csv_says_unavailable_never_zero(portrait, tmp_path):
    from sante_locale.core.portrait.model import UNAVAILABLE, Column

    portrait.communes.columns.append(Column("qpv_count", "Quartiers prioritaires", "QPV"))
    for row in portrait.communes.rows:
        row["qpv_count"] = UNAVAILABLE
    with open(write_csv(portrait, tmp_path / "c.csv"), encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    column = rows[0].index("Quartiers prioritaires (QPV)")
    assert [r[column] for r in rows[1:]] == ["donnée non disponible"] * 4


def test_csv_neutralises_formulas(portrait, tmp_path):
    portrait.communes.rows[0]["name"] = "=HYPERLINK(\"x\")"
    path = write_csv(portrait, tmp_path / "communes.csv")
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    assert rows[1][1] == "'=HYPERLINK(\"x\")"
