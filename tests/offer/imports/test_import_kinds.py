"""Importing each kind of official file: counts, set-aside rows, replacement, check-only."""

import gzip

import openpyxl
import pytest

from sante_locale.core.sources.errors import SourceError
from sante_locale.offer import imports
from sante_locale.offer.factories import ActivityFactory, EstablishmentFactory
from sante_locale.offer.imports.base import UNKNOWN_COMMUNE
from sante_locale.offer.models import (
    Activity,
    Establishment,
    PracticeSite,
    Professional,
    PublishedAPL,
    SupplyImport,
    ZoningClass,
)
from sante_locale.territories.models import QPV, PopulationByAge

pytestmark = pytest.mark.django_db


def test_rpps_import_resolves_communes_and_sets_aside(rpps_file):
    report = imports.read_and_import("rpps", rpps_file)
    gp = Professional.objects.get(rpps_id="10100271385")
    assert (gp.profession, gp.vintage, gp.fictive, gp.age_status) == ("medecin_generaliste", "2026-05-12", False,
                                                                      "missing")
    assert Professional.objects.count() == 2 and Activity.objects.count() == 2
    nurse_site = Activity.objects.get(professional__rpps_id="10000000002").site
    assert nurse_site.commune.insee_code == "62510"  # empty commune code, postcode 62800
    assert [s.reason for s in report.set_aside] == ["ligne en double (même activité que la ligne 2)",
                                                    "code commune inconnu"]
    assert report.counts["professionnels par profession"] == {"infirmier": 1, "medecin_generaliste": 1}
    imp = SupplyImport.objects.get(kind="rpps")
    assert imp.set_aside_count == 2 and not imp.fictive


def test_reimport_replaces_older_vintage_and_fictive_supply(make_rpps_file, rpps_file):
    ActivityFactory(professional__fictive_demo=True, site__fictive=True, fictive=True)
    imports.read_and_import("rpps", rpps_file)
    assert not Professional.objects.filter(fictive=True).exists()
    newer = make_rpps_file(name="PS_LibreAcces_Personne_activite_202611010800.txt")
    report = imports.read_and_import("rpps", newer)
    assert set(Professional.objects.values_list("vintage", flat=True)) == {"2026-11-01"}
    assert set(PracticeSite.objects.values_list("vintage", flat=True)) == {"2026-11-01"}
    assert Professional.objects.count() == 2 and Activity.objects.count() == 2
    assert report.previous_vintage == "2026-05-12"
    assert any("remplacées (millésime 2026-05-12" in line for line in report.lines())


def test_check_only_writes_nothing(rpps_file):
    report = imports.read_and_import("rpps", rpps_file, check_only=True)
    assert report.counts["activités par profession"] == {"infirmier": 1, "medecin_generaliste": 1}
    assert not Professional.objects.exists() and not SupplyImport.objects.exists()
    assert "rien n'a été écrit" in report.lines()[-1]


def test_finess_import_with_coordinates(finess_file, tmp_path):
    EstablishmentFactory(finess_code="620000001")  # older data, replaced
    report = imports.read_and_import("finess", finess_file)
    ch = Establishment.objects.get()
    assert (ch.finess_code, ch.commune.insee_code, ch.category_code, ch.vintage) == ("010000024", "01451", "355",
                                                                                    "2026-05-12")
    assert 5.2 < ch.lon < 5.3 and 46.2 < ch.lat < 46.3  # Lambert-93 converted to WGS84 (Viriat)
    reasons = {s.reason for s in report.set_aside}
    assert reasons == {"catégorie non retenue", UNKNOWN_COMMUNE}  # overseas outside the test slice
    csv_path = report.write_csv(tmp_path / "rapport.csv")
    text = csv_path.read_text(encoding="utf-8-sig")
    assert text.startswith("rubrique;clé;nombre;ligne;motif;colonne;valeur")
    assert "établissements par catégorie;355 Centre hospitalier (CH);1" in text
    assert "ligne écartée;;;9;catégorie non retenue;categetab;241" in text


def test_population_from_insee_iris_layout(shared, tmp_path):
    header = shared("samples/insee_base-ic-evol-struct-pop-2021_header.csv").read_text().strip()
    cols = header.split(";")
    rows = [";".join([iris, iris[:5], "H", "1"] + [str(v)] * (len(cols) - 4))
            for iris, v in (("624980101", 1.5), ("624980102", 2.0), ("625100000", 10.0), ("999990000", 1.0))]
    path = tmp_path / "base-ic-evol-struct-pop-2021.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    report = imports.read_and_import("insee", path)
    lens = PopulationByAge.objects.get(commune__insee_code="62498")
    assert (lens.vintage, lens.population, lens.bands["pop_0014"]) == ("2021", 3.5, 3.5)
    assert PopulationByAge.objects.count() == 2 and len(report.set_aside) == 1


def _apl_workbook(shared, tmp_path):
    """A small workbook in the DREES layout, with real values copied from the shared CSV."""
    source = shared("real/drees_apl_medecins_generalistes_2022_2023/apl_mg_2022_2023_hauts_de_france.csv")
    wanted = {"62498", "62510", "59350"}
    rows = [line.split(",") for line in source.read_text(encoding="utf-8").splitlines()[1:]]
    wb = openpyxl.Workbook()
    wb.active.title = "Paramètres"
    for year in ("2022", "2023"):
        ws = wb.create_sheet(f"APL {year}")
        ws.append(["Accessibilité potentielle localisée (APL) aux médecins généralistes"])
        ws.append([f"Millésime : {year}"])
        ws.append(["Code commune INSEE", "Commune", "APL aux médecins généralistes",
                   "APL aux médecins généralistes de moins de 65 ans",
                   "Population standardisée 2020 pour la médecine générale", "Population totale 2020"])
        ws.append(["", "", "En nombre de consultations/visites accessibles par an par habitant standardisé"])
        for r in rows:
            if r[0] == year and r[1] in wanted:
                ws.append([r[1], r[2], float(r[3]), float(r[4]), float(r[5]), float(r[6])])
        ws.append(["00000", "Ailleurs", 1.0, 1.0, 1.0, 1.0])
    path = tmp_path / "apl_generalistes.xlsx"
    wb.save(path)
    return path


def test_published_apl_keeps_official_values_per_vintage(shared, tmp_path):
    report = imports.read_and_import("apl-drees", _apl_workbook(shared, tmp_path))
    lens = PublishedAPL.objects.get(commune__insee_code="62498", vintage="2022")
    assert (lens.profession, lens.apl, lens.apl_under_65, lens.total_population) == (
        "medecin_generaliste", 6.151, 5.532, 32458)
    assert PublishedAPL.objects.count() == 6 and len(report.set_aside) == 2
    imports.read_and_import("apl-drees", _apl_workbook(shared, tmp_path))  # same workbook again
    assert PublishedAPL.objects.count() == 6


def test_real_nurse_zoning_for_the_test_slice(shared, tmp_path):
    with gzip.open(shared("real/cartosante_zonage_infirmiers_communes/zonage-raw.csv.gz"), "rt",
                   encoding="utf-8-sig") as f:
        lines = f.read().splitlines()
    path = tmp_path / "zonage-infirmiers.csv"
    path.write_text("\n".join(lines[:3] + [x for x in lines[3:] if x.startswith("62")]) + "\n", encoding="utf-8")
    imports.read_and_import("zonage", path)
    lens = ZoningClass.objects.get(commune__insee_code="62498")
    assert (lens.profession, lens.zoning_class) == ("infirmier", "sur_dotee")
    assert ZoningClass.objects.count() > 800


def test_real_qpv_layer_links_communes(shared):
    report = imports.read_and_import("qpv", shared("real/anct_qpv2024_communes/centroide-4326_qpv.geojson"))
    qpv = QPV.objects.get(qpv_code="QN06229M")
    assert set(qpv.communes.values_list("insee_code", flat=True)) == {"62498", "62510", "62528"}
    assert qpv.geometry and report.counts["QPV"]["total"] == QPV.objects.count()


def test_bad_file_raises_and_leaves_the_database_unchanged(finess_file):
    imports.read_and_import("finess", finess_file)
    before = Establishment.objects.count(), SupplyImport.objects.count()
    bad = finess_file.with_name("etalab-cs1100507-stock-20261101.csv")
    bad.write_text(finess_file.read_text().replace("EPSG:2154", "EPSG:999999"), encoding="utf-8")
    with pytest.raises(SourceError, match="colonne « sourcecoordet » : code EPSG inconnu"):
        imports.read_and_import("finess", bad)
    assert (Establishment.objects.count(), SupplyImport.objects.count()) == before


def test_rpps_import_rebuilds_the_indexes_and_keeps_ids_usable(rpps_file):
    from django.db import connection

    from sante_locale.offer.factories import ProfessionalFactory

    def indexes():
        catalogue = {"sqlite": "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name LIKE 'offer_%%'",
                     "postgresql": "SELECT indexname FROM pg_indexes WHERE tablename LIKE 'offer_%%'"}
        with connection.cursor() as cursor:
            cursor.execute(catalogue[connection.vendor], [])
            return sorted(r[0] for r in cursor.fetchall())

    before = indexes()
    imports.read_and_import("rpps", rpps_file)
    imports.read_and_import("rpps", rpps_file)
    assert indexes() == before and len(before) > 5
    ProfessionalFactory()  # the next automatic key does not collide with the explicit ones
    assert Professional.objects.count() == 3
    assert set(Activity.objects.values_list("professional__rpps_id", flat=True)) == {"10100271385", "10000000002"}
