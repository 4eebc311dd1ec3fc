"""FINESS readers: the real cs1100502 sample, geolocated lines, JSON feed, bad input."""

import json
import zipfile

import pytest

from sante_locale.core.sources.errors import SourceError
from sante_locale.core.sources.finess import (
    EtalabStockReader,
    FinessJsonReader,
    epsg_from_source,
    insee_from_finess,
    read_finess,
)
from sante_locale.core.sources.finess_categories import FINESS_CATEGORIES

NAME = "etalab-cs1100507-stock-20261123-0339.csv"
CH = (
    "structureet;010000024;010780054;CH DE FLEYRIAT;CENTRE HOSPITALIER DE BOURG-EN-BRESSE "
    "FLEYRIAT;;;900;RTE;DE PARIS;;;451;01;AIN;01440 VIRIAT;0474454647;0474454114;355;"
    "Centre Hospitalier (C.H.);1102;Centres Hospitaliers;26010004500012;8610Z;03;ARS "
    "établissements Publics de santé dotation globale;1;Etablissement public de santé;"
    "1979-02-13;1979-02-13;2020-02-04;"
)
ANTILLES = CH.replace("010000024", "970100012").replace(";451;01;AIN;", ";113;9A;GUADELOUPE;")
GEO_L93 = (
    "geolocalisation;010000024;870262.2;6571540.8;1,ATLASANTE,96,BAN,EPSG:2154 RGF93 / "
    "Lambert-93 (Métropole);2026-05-04"
)
GEO_UTM20 = (
    "geolocalisation;970100012;657242.9;1795384.4;2,ATLASANTE,96,BAN,EPSG:5490 RGAF09/UTM "
    "Zone 20N (Antilles);2026-05-04"
)
FIRST = "finess;etalab;111;2026-11-23"


def write(tmp_path, *lines, name=NAME, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


def test_real_cs1100502_sample(finess_sample):
    reader = EtalabStockReader()
    rows = list(reader.read(finess_sample))
    got = {r.finess_code: (r.insee_code, r.departement_code, r.category_code, r.kind) for r in rows}
    assert got == {
        "010000024": ("01451", "01", "355", "hopital"),
        "970102018": ("97701", "977", "223", "pmi"),  # Saint-Barthélemy: COG code
        "970100400": ("97801", "978", "355", "hopital"),  # Saint-Martin
        "970102059": ("97801", "978", "223", "pmi"),
        "970210126": ("97207", "972", "189", "cmpp"),
        "970300026": ("97302", "973", "355", "hopital"),
        "970400024": ("97411", "974", "101", "hopital"),
        "980600027": ("98613", "986", "355", "hopital"),
    }
    assert all(r.lon is None for r in rows)  # cs1100502: no coordinates
    fleyriat = next(r for r in rows if r.finess_code == "010000024")
    assert (fleyriat.postcode, fleyriat.commune_label, fleyriat.address) == (
        "01440",
        "VIRIAT",
        "900 RTE DE PARIS",
    )
    reasons = [(a.line, a.reason, a.value) for a in reader.set_aside]
    assert reasons == [
        (9, "catégorie non retenue", "241"),
        (10, "catégorie non retenue", "146"),
        (11, "catégorie non retenue", "462"),
        (12, "catégorie non retenue", "699"),
        (14, "catégorie non retenue", "500"),
        (15, "catégorie non retenue", "340"),
    ]
    assert reader.encoding == "utf-8"


def test_quoted_fields_of_the_sample_are_unquoted(finess_sample, tmp_path):
    text = finess_sample.read_text(encoding="utf-8").replace(";462;Lieux", ";124;Lieux")
    path = tmp_path / "etalab-cs1100502-stock-x.csv"
    path.write_text(text, encoding="utf-8")
    rows = {r.finess_code: r for r in EtalabStockReader().read(path)}
    assert rows["980501506"].name == 'LIEU DE VIE "MAVOUNA MEMA 1"'
    assert rows["980501506"].insee_code == "97606"


def test_geolocated_lines_are_converted_to_wgs84(tmp_path):
    path = write(tmp_path, FIRST, CH, ANTILLES, GEO_L93, GEO_UTM20)
    rows = {r.finess_code: r for r in EtalabStockReader().read(path)}
    ch, gp = rows["010000024"], rows["970100012"]
    assert ch.epsg == 2154 and gp.epsg == 5490
    # CH de Fleyriat, Viriat (Ain): about 5.209 E, 46.222 N
    assert ch.lon == pytest.approx(5.2092, abs=1e-3) and ch.lat == pytest.approx(46.2223, abs=1e-3)
    assert -62.0 < gp.lon < -61.0 and 16.0 < gp.lat < 16.6  # Guadeloupe
    assert gp.insee_code == "97113"


def test_older_projection_names_are_understood():
    assert epsg_from_source("1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,LAMBERT_93") == 2154
    assert epsg_from_source("1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,UTM_N20") == 5490
    assert epsg_from_source("x,UTM_N22") == 2972
    assert epsg_from_source("x,UTM_S40") == 2975
    assert epsg_from_source("x,UTM_S38") == 4471


def test_unknown_epsg_is_fatal_with_line_and_column(tmp_path):
    bad = GEO_L93.replace("EPSG:2154 RGF93 / Lambert-93 (Métropole)", "EPSG:999999 Inconnu")
    path = write(tmp_path, FIRST, CH, bad)
    with pytest.raises(SourceError) as err:
        list(EtalabStockReader().read(path))
    assert (err.value.file, err.value.line, err.value.column) == (NAME, 3, "sourcecoordet")
    assert str(err.value).startswith(
        f"fichier {NAME}, ligne 3, colonne « sourcecoordet » : code EPSG inconnu "
        "« EPSG:999999 » (« 1,ATLASANTE,96,BAN,EPSG:999999 Inconnu »). Les projections "
        "attendues sont EPSG:2154"
    )


def test_projection_without_any_code_is_fatal(tmp_path):
    bad = GEO_L93.replace("EPSG:2154 RGF93 / Lambert-93 (Métropole)", "PROJ_INCONNUE")
    with pytest.raises(SourceError) as err:
        list(EtalabStockReader().read(write(tmp_path, FIRST, CH, bad)))
    assert "système de coordonnées inconnu « 1,ATLASANTE,96,BAN,PROJ_INCONNUE »" in str(err.value)


def test_truncated_last_line_is_fatal(tmp_path):
    path = tmp_path / NAME
    path.write_text(FIRST + "\n" + CH + "\n" + GEO_L93[:30], encoding="utf-8")
    with pytest.raises(SourceError) as err:
        list(EtalabStockReader().read(path))
    assert str(err.value) == (
        f"fichier {NAME}, ligne 3, colonne « coordxet » : dernière ligne tronquée (3 champs "
        "au lieu de 6). Téléchargez à nouveau le fichier complet : il est endommagé. Rien "
        "n'a été importé."
    )


def test_wrong_separator_is_fatal(tmp_path):
    path = write(tmp_path, FIRST.replace(";", ","), CH.replace(";", ","))
    with pytest.raises(SourceError) as err:
        list(EtalabStockReader().read(path))
    assert (err.value.line, err.value.column) == (1, None)
    assert str(err.value).startswith(
        f"fichier {NAME}, ligne 1 : séparateur « , » trouvé au lieu de « ; »."
    )


def test_empty_file_is_fatal(tmp_path):
    path = tmp_path / NAME
    path.write_text("")
    with pytest.raises(SourceError, match=r"^fichier etalab-.*\.csv : le fichier est vide\."):
        list(EtalabStockReader().read(path))


def test_latin1_file_is_read(tmp_path):
    path = write(tmp_path, FIRST, CH, GEO_L93, encoding="latin-1")
    reader = EtalabStockReader()
    [row] = list(reader.read(path))
    assert reader.encoding == "latin-1"
    assert row.name == "CH DE FLEYRIAT"


def test_duplicated_establishment_is_set_aside(tmp_path):
    reader = EtalabStockReader()
    rows = list(reader.read(write(tmp_path, FIRST, CH, CH)))
    assert len(rows) == 1
    assert [(a.line, a.reason) for a in reader.set_aside] == [
        (3, "ligne en double (établissement déjà lu ligne 2)")
    ]


def test_zip_without_csv_is_fatal(tmp_path):
    archive = tmp_path / "finess.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("LISEZMOI.txt", "x")
    with pytest.raises(SourceError, match=r"aucun fichier .*\(contenu : LISEZMOI.txt\)"):
        list(EtalabStockReader().read(archive))


def test_json_feed_same_interface(tmp_path):
    records = [
        {"nofinesset": "010000024", "categetab": "355", "departement": "01", "commune": "451",
         "rs": "CH DE FLEYRIAT", "coordxet": "870262.2", "coordyet": "6571540.8",
         "sourcecoordet": "EPSG:2154"},
        {"nofinesset": "620000001", "categetab": "603", "departement": "62", "commune": "498",
         "latitude": 50.43, "longitude": 2.83},
        {"nofinesset": "620000002", "categetab": "500", "departement": "62", "commune": "498"},
    ]  # fmt: skip
    path = tmp_path / "finess.json"
    path.write_text(json.dumps({"data": records}), encoding="utf-8")
    df, aside = read_finess(path)
    assert df[["finess_code", "insee_code", "kind"]].values.tolist() == [
        ["010000024", "01451", "hopital"],
        ["620000001", "62498", "msp"],
    ]
    assert df.loc[0, "lat"] == pytest.approx(46.2223, abs=1e-3)
    assert [(a.line, a.reason) for a in aside] == [(3, "catégorie non retenue")]
    jsonl = tmp_path / "finess.jsonl"
    jsonl.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    assert [e.finess_code for e in FinessJsonReader().read(jsonl)] == ["010000024", "620000001"]


def test_insee_codes_of_corsica_and_overseas():
    assert insee_from_finess("2A", "004") == ("2A004", "2A")
    assert insee_from_finess("2B", "033") == ("2B033", "2B")
    assert insee_from_finess("9F", "611") == ("97611", "976")
    assert insee_from_finess("9C", "302") == ("97302", "973")
    assert insee_from_finess("9Z", "001") is None


def test_category_registry_has_the_product_categories():
    kinds = {c: FINESS_CATEGORIES[c].kind for c in ("124", "603", "604", "156", "189", "223", "620", "355", "101")}  # fmt: skip
    assert kinds == {
        "124": "centre_de_sante", "603": "msp", "604": "cpts", "156": "cmp", "189": "cmpp",
        "223": "pmi", "620": "pharmacie", "355": "hopital", "101": "hopital",
    }  # fmt: skip
