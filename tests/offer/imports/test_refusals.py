"""The bad files of issue 15, one test each: what the user reads, and the data they keep."""

import json
import math
import random

import pytest
import shapely

from sante_locale.cli import main
from sante_locale.core.formats import plain
from sante_locale.core.sources.rpps import RPPS_COLUMNS
from sante_locale.offer.factories import ProfessionalFactory
from sante_locale.offer.models import SupplyImport
from sante_locale.territories.models import QPV, PopulationByAge

pytestmark = pytest.mark.django_db

HEADER = "CODGEO;LIBGEO;P21_POP;P21_POP0014;P21_POP1529;P21_POP3044;P21_POP4559;P21_POP6074;P21_POP75P"
LENS = "62498;Lens;32618;6600;6400;6000;6000;5218;2400"
LIEVIN = "62510;Liévin;30785;6000;6000;6000;6000;4785;2000"
QPV_FILE = "real/anct_qpv2024_communes/centroide-4326_qpv.geojson"


def _write(tmp_path, name, text, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _run(argv, capsys) -> tuple[int, str]:
    capsys.readouterr()
    code = main(argv)
    err = plain(capsys.readouterr().err)
    assert "Erreur inattendue" not in err and "Traceback" not in err
    return code, err


@pytest.fixture
def population(tmp_path, capsys):
    """A good INSEE file imported first: Lens 32 618 inhabitants, Liévin 30 785."""
    path = _write(tmp_path, "base-cc-evol-struct-pop-2021.csv", f"{HEADER}\n{LENS}\n{LIEVIN}\n")
    assert _run(["import", "insee", str(path)], capsys)[0] == 0
    return path


def _lens():
    return PopulationByAge.objects.get(commune__insee_code="62498")


def test_insee_truncated_last_line_keeps_lens_population(population, tmp_path, capsys):
    # the download stopped in Lens's line: its partial values used to replace the good ones
    bad = _write(tmp_path, "base-cc-evol-struct-pop-2022.csv", f"{HEADER}\n{LIEVIN}\n62498;Lens;200")
    code, err = _run(["import", "insee", str(bad)], capsys)
    assert code == 2
    assert err.splitlines()[-1] == (
        "Erreur : fichier base-cc-evol-struct-pop-2022.csv, ligne 3, colonne « P21_POP » : 3 champs au lieu de 9 "
        "(ligne tronquée). Le téléchargement a probablement été interrompu ou le fichier modifié : téléchargez à "
        "nouveau le fichier complet de l'INSEE. Rien n'a été modifié dans la base.")
    assert (_lens().population, _lens().vintage) == (32618, "2021")
    assert SupplyImport.objects.filter(kind="population").count() == 1


def test_insee_missing_age_band_is_named(population, tmp_path, capsys):
    header = HEADER.replace(";P21_POP0014", "")
    bad = _write(tmp_path, "base-cc-evol-struct-pop-2022.csv",
                 f"{header}\n{LENS.replace(';6600', '')}\n{LIEVIN.replace(';6000', '', 1)}\n")
    code, err = _run(["import", "insee", str(bad)], capsys)
    assert code == 2
    assert ("ligne 1, colonne « P21_POP0014 » : colonne absente de l'en-tête. Le fichier de l'INSEE contient la "
            "population totale et six tranches d'âge (P21_POP, P21_POP0014, P21_POP1529") in err
    assert "données précédentes remplacées" not in err
    assert _lens().bands["pop_0014"] == 6600


def test_insee_negative_count_is_refused(population, tmp_path, capsys):
    bad = _write(tmp_path, "base-cc-evol-struct-pop-2022.csv",
                 f"{HEADER}\n{LENS}\n{LIEVIN.replace(';4785;', ';-4785;')}\n")
    code, err = _run(["import", "insee", str(bad)], capsys)
    assert code == 2
    assert "ligne 3, colonne « P21_POP6074 » : effectif négatif « -4785 »" in err
    assert PopulationByAge.objects.count() == 2


def test_insee_non_finite_and_empty_counts_are_refused(population, tmp_path, capsys):
    for value, message in (("inf", "valeur non finie « inf »"), ("", "valeur manquante (case vide)"),
                           ("n/a", "valeur non numérique « n/a »")):
        bad = _write(tmp_path, "base-cc-evol-struct-pop-2022.csv", f"{HEADER}\n{LENS.replace('32618', value)}\n")
        code, err = _run(["import", "insee", str(bad)], capsys)
        assert code == 2 and f"ligne 2, colonne « P21_POP » : {message}" in err
    assert _lens().population == 32618


@pytest.mark.parametrize(("kind", "header"), [("insee", HEADER), ("ages", "rpps_id;annee_naissance")])
def test_header_only_file_records_no_import(kind, header, tmp_path, capsys):
    ProfessionalFactory(rpps_id="10100271385")
    bad = _write(tmp_path, "entete-seul.csv", header + "\n")
    code, err = _run(["import", kind, str(bad)], capsys)
    assert code == 2
    assert "fichier entete-seul.csv : le fichier ne contient que l'en-tête, aucune ligne de données." in err
    assert not SupplyImport.objects.exists()


def test_insee_random_bytes_named_xlsx(tmp_path, capsys):
    bad = tmp_path / "base-cc-evol-struct-pop-2021.xlsx"
    bad.write_bytes(random.Random(1).randbytes(3000))
    code, err = _run(["import", "insee", str(bad)], capsys)
    assert code == 2
    assert ("Erreur : fichier base-cc-evol-struct-pop-2021.xlsx : classeur Excel illisible (BadZipFile). Importez "
            "le fichier « base-cc-evol-struct-pop » de l'INSEE tel que téléchargé") in err


@pytest.fixture
def qpv_imported(shared, capsys):
    assert _run(["import", "qpv", str(shared(QPV_FILE))], capsys)[0] == 0
    return QPV.objects.count()


@pytest.mark.parametrize(("coordinates", "message"), [
    ("NaN, -999", "coordonnée non finie : (NaN ; -999)"),
    ("2.83, -999", "coordonnée hors des bornes du WGS84 (longitude entre -180 et 180, latitude entre -90 et 90) : "
                   "(2.83 ; -999)"),
    ("Infinity, 50.4", "coordonnée non finie : (infini ; 50.4)"),
])
def test_qpv_with_a_non_finite_or_out_of_range_coordinate(qpv_imported, shared, tmp_path, capsys, coordinates,
                                                          message):
    lines = shared(QPV_FILE).read_text(encoding="utf-8-sig").splitlines()
    feature = json.loads(lines[7].rstrip(","))
    assert feature["properties"]["code_qp"] == "QN00106M"
    start = lines[7].index('"coordinates": [') + len('"coordinates": [')
    lines[7] = lines[7][:start] + f" {coordinates} " + lines[7][lines[7].index("]", start):]
    bad = _write(tmp_path, "qpv.geojson", "\n".join(lines))
    code, err = _run(["import", "qpv", str(bad)], capsys)
    assert code == 2
    assert (f"Erreur : fichier qpv.geojson, ligne 8, colonne « geometry » : {message} dans la géométrie de "
            "l'entité n° 3 (QPV QN00106M). Corrigez la géométrie") in err
    assert QPV.objects.count() == qpv_imported
    geometries = [shapely.from_wkb(bytes(g)) for g in QPV.objects.values_list("geometry", flat=True)]
    assert all(math.isfinite(v) for g in geometries for v in shapely.get_coordinates(g).ravel())


def test_qpv_in_lambert93_outside_its_area_is_refused(tmp_path, capsys):
    doc = {"type": "FeatureCollection", "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::2154"}},
           "features": [{"type": "Feature", "properties": {"code_qp": "QN06224M", "insee_com": "62498"},
                         "geometry": {"type": "Point", "coordinates": [686000, -999]}}]}
    bad = _write(tmp_path, "qpv-l93.geojson", json.dumps(doc))
    code, err = _run(["import", "qpv", str(bad)], capsys)
    assert code == 2
    assert ("coordonnée hors de la zone de validité de la projection EPSG:2154 (longitude -10.86 à 11.38, "
            "latitude 40.15 à 52.56 une fois en WGS84) : (686000 ; -999)") in err
    assert not QPV.objects.exists()


def test_qpv_random_bytes_and_utf16(qpv_imported, shared, tmp_path, capsys):
    noise = tmp_path / "qpv.geojson"
    noise.write_bytes(random.Random(2).randbytes(3000))
    code, err = _run(["import", "qpv", str(noise)], capsys)
    assert code == 2
    assert "fichier qpv.geojson : le fichier n'est pas un fichier texte (octets binaires" in err
    assert "GeoJSON en UTF-8 ou un GeoPackage (.gpkg)" in err
    utf16 = _write(tmp_path, "qpv16.geojson", shared(QPV_FILE).read_text(encoding="utf-8-sig"), "utf-16")
    code, err = _run(["import", "qpv", str(utf16)], capsys)
    assert code == 2
    assert "fichier qpv16.geojson : le fichier est encodé en UTF-16 (Unicode sur 2 octets)" in err
    assert QPV.objects.count() == qpv_imported


def test_qpv_whose_communes_are_all_outside_the_reference_keeps_the_previous_layer(qpv_imported, tmp_path,
                                                                                   capsys):
    doc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code_qp": "QN01301M", "insee_com": "13055"},
         "geometry": {"type": "Point", "coordinates": [5.37, 43.3]}}]}
    bad = _write(tmp_path, "qpv-marseille.geojson", json.dumps(doc))
    code, err = _run(["import", "qpv", str(bad)], capsys)
    assert code == 2
    assert ("fichier qpv-marseille.geojson : aucun(e) QPV à importer : toutes les lignes ont été écartées "
            "(commune absente du référentiel chargé (QPV QN01301M) : 1)") in err
    assert "Les données déjà importées sont gardées." in err
    assert QPV.objects.count() == qpv_imported


@pytest.mark.parametrize("kept", [2, 20, 51])
def test_rpps_header_keeping_the_separator_names_the_missing_columns(tmp_path, capsys, kept):
    columns = list(RPPS_COLUMNS[:kept])
    bad = _write(tmp_path, "PS_LibreAcces_Personne_activite_202611010800.txt",
                 "|".join(columns) + "|\n" + "|".join("x" for _ in columns) + "|\n")
    code, err = _run(["import", "rpps", str(bad)], capsys)
    assert code == 2
    assert "séparateur" not in err
    first = RPPS_COLUMNS[kept]
    if kept == 51:
        assert f"ligne 1, colonne « {first} » : colonne absente ou renommée dans l'en-tête." in err
    else:
        missing = 52 - kept
        listed = ", ".join(f"« {c} »" for c in RPPS_COLUMNS[kept:kept + 5])
        assert (f"ligne 1, colonne « {first} » : {missing} colonnes sur 52 absentes ou renommées dans l'en-tête : "
                f"{listed} et {missing - 5} autre(s).") in err
