"""Portraits: figures, automatic summary, and every output opened back."""

import io
import json
import re
import sqlite3

import openpyxl
import pytest
from pypdf import PdfReader

from sante_locale.cli import main
from sante_locale.core.formats import fr_number, plain, rounded
from sante_locale.offer.models import Activity
from sante_locale.portraits import service
from sante_locale.territories.models import EPCI, Commune, Departement

pytestmark = pytest.mark.django_db


def _pdf_text(path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def _normal(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]+", " ", plain(text))


@pytest.fixture
def lens_lievin(demo_supply):
    return EPCI.objects.get(epci_siren="246200364")


def test_portrait_figures_and_summary(lens_lievin):
    portrait = service.portrait_of(lens_lievin)
    assert portrait.figure("population").value == 241934
    assert portrait.figure("communes").value == 36
    gp = portrait.figure("density_medecin_generaliste")
    n_gp = sum(row["n_medecin_generaliste"] for row in portrait.communes.rows)
    assert gp.value == pytest.approx(10_000 * n_gp / 241934)
    assert set(gp.comparisons) == {"Pas-de-Calais", "Hauts-de-France", "France"}
    assert 3 <= len(portrait.highlights) <= 6
    assert any("sous-dense" in h and "département (Pas-de-Calais)" in h for h in portrait.highlights)
    assert portrait.highlights[-1].startswith("Attention : l'offre de soins utilisée ici est fictive")
    assert len(portrait.communes.rows) == 36 and portrait.fictive


def test_pdf_xlsx_and_page_show_the_same_figures(lens_lievin, client):
    pdf = service.export(lens_lievin, "pdf")
    xlsx = service.export(lens_lievin, "xlsx")
    portrait = service.portrait_of(lens_lievin)
    text = _normal(_pdf_text(pdf))
    html = _normal(client.get("/territoires/epci/246200364/portrait/").content.decode())
    assert "Communauté d'agglomération de Lens - Liévin" in text
    assert "page 2 sur" in text and "Sommaire" in text and "Sources et paramètres" in text
    assert "Données fictives" in text
    for key in ("population", "density", "density_medecin_generaliste", "apl_mean", "share_under_2_5"):
        figure = portrait.figure(key)
        shown = _normal(fr_number(figure.value, figure.decimals))
        assert shown in text, key
        assert f'data-figure="{key}">{shown}<' in html, key
    book = openpyxl.load_workbook(xlsx)
    assert "Métadonnées" in book.sheetnames and "Communes" in book.sheetnames
    cells = [c for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row
             if isinstance(c, (int, float))]
    for key in ("population", "density_medecin_generaliste", "apl_mean"):
        value = portrait.figure(key).value
        assert any(c == rounded(value, portrait.figure(key).decimals) for c in cells), key  # rounded once
    highlights_in_pdf = [h for h in portrait.highlights if _normal(h)[:60] in text]
    assert len(highlights_in_pdf) == len(portrait.highlights)


def test_geopackage_and_geojson_open_in_a_gis_reader(lens_lievin):
    import pyogrio  # GDAL's reader, as QGIS opens the file: a test dependency, never skipped

    gpkg = service.export(lens_lievin, "gpkg")
    frame = pyogrio.read_dataframe(gpkg)
    assert len(frame) == 36 and set(frame.geometry.geom_type) <= {"Polygon", "MultiPolygon"}
    assert {"insee_code", "population", "apl"} <= set(frame.columns)
    with sqlite3.connect(gpkg) as db:
        aliases = dict(db.execute("SELECT column_name, title FROM gpkg_data_columns").fetchall())
    assert aliases["population"].startswith("Population")
    geojson = service.export(lens_lievin, "geojson")
    assert len(pyogrio.read_dataframe(geojson)) == 36
    assert json.loads(geojson.read_text())["features"][0]["properties"]["insee_code"]


def test_csv_has_one_line_per_commune(lens_lievin):
    text = service.export(lens_lievin, "csv").read_text(encoding="utf-8-sig")
    lines = text.strip().splitlines()
    assert len(lines) == 37 and lines[0].startswith("Code INSEE;Commune;")
    assert "nan" not in text.lower()


def test_outputs_are_cached_until_an_input_changes(lens_lievin):
    first = service.export(lens_lievin, "csv")
    stamp = first.stat().st_mtime_ns
    assert service.export(lens_lievin, "csv") == first and first.stat().st_mtime_ns == stamp
    Activity.objects.filter(profession="infirmier").delete()
    from sante_locale.offer.models import SupplyImport

    SupplyImport.objects.create(kind="finess", file_name="x", vintage="2026")  # a new import
    assert service.export(lens_lievin, "csv") != first


@pytest.mark.parametrize("code", ["62498", "97611", "976"])
def test_single_commune_and_overseas_never_print_nan(demo_supply, code, client):
    from sante_locale.territories.lookup import resolve

    unit = resolve(code)
    text = _pdf_text(service.export(unit, "pdf")).lower()
    assert "nan" not in text.replace("nanterre", "")
    html = client.get(f"/territoires/{unit.level}/{unit.code}/portrait/").content.decode().lower()
    assert "nan" not in re.sub(r"nanterre|nan\w", "", html)
    assert "inf" not in re.findall(r">\s*([a-z]+)\s*<", html)


def test_territory_without_any_professional(db, client):
    dept = Departement.objects.get(departement_code="976")
    portrait = service.portrait_of(dept)
    assert portrait.figure("density_medecin_generaliste").value in (None, 0.0)
    assert portrait.highlights  # says something useful, never crashes
    text = _pdf_text(service.export(dept, "pdf")).lower()
    assert "nan" not in text


def test_peer_comparison(lens_lievin):
    peer = EPCI.objects.get(epci_siren="246200299")
    portrait = service.portrait_of(lens_lievin, peer)
    assert peer.name in portrait.figure("density_medecin_generaliste").comparisons


def test_cli_portrait_writes_the_file(lens_lievin, tmp_path, capsys):
    target = tmp_path / "portrait.xlsx"
    assert main(["portrait", "epci:246200364", "--format", "xlsx", "-o", str(target)]) == 0
    assert openpyxl.load_workbook(io.BytesIO(target.read_bytes())).sheetnames
    assert "écrit" in capsys.readouterr().out


def test_cli_portrait_bad_input(demo_supply, tmp_path, capsys):
    assert main(["portrait", "99999", "-o", str(tmp_path / "x.pdf")]) == 2
    assert "Aucune commune n'a le code « 99999 »" in plain(capsys.readouterr().err)
    assert main(["portrait", "62498", "-o", str(tmp_path / "absent" / "x.pdf")]) == 2
    assert "n'existe pas" in plain(capsys.readouterr().err)


def test_download_buttons(lens_lievin, client):
    html = client.get("/territoires/epci/246200364/portrait/").content.decode()
    for fmt in ("pdf", "xlsx", "gpkg", "geojson", "csv"):
        assert f'href="/territoires/epci/246200364/portrait.{fmt}"' in html
    response = client.get("/territoires/epci/246200364/portrait.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client.get("/territoires/epci/246200364/portrait.exe").status_code == 404


def test_custom_territory_portrait(demo_supply, user):
    from sante_locale.territories.custom import save_territory

    communes = list(Commune.objects.filter(insee_code__in=["62498", "62510"]))
    territory = save_territory(user, "CLS test", "", communes)
    portrait = service.portrait_of(territory)
    assert portrait.figure("population").value == 31415 + 30785


def test_establishments_are_listed_and_mapped(lens_lievin, client):
    from sante_locale.offer.models import Establishment

    lens = Commune.objects.get(insee_code="62498")
    Establishment.objects.create(finess_code="620000001", name="MSP du centre (essai)", category_code="603",
                                 category_label="Maison de santé (L.6223-3)", kind="msp", commune=lens,
                                 lon=2.83, lat=50.43, vintage="2026")
    portrait = service.portrait_of(lens_lievin)
    offer = portrait.section("offre")
    assert [m.key for m in offer.maps] == ["establishments_map"]
    counts = {row["kind"]: row["count"] for row in offer.tables[-2].rows}
    assert counts["Maisons de santé pluriprofessionnelles"] == 1
    html = client.get("/territoires/epci/246200364/portrait/").content.decode()
    assert html.count('r="5" fill="#000091"') == 1 and "MSP du centre (essai)" in html
    assert "MSP du centre (essai)" in _pdf_text(service.export(lens_lievin, "pdf"))
