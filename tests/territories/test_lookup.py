import pytest

from sante_locale.territories.lookup import UnknownTerritory, resolve, search

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("lievin", "Liévin"),
        ("LIÉVIN", "Liévin"),
        ("lens", "Lens"),
        ("hénin", "Hénin-Beaumont"),
        ("henin beaumont", "Hénin-Beaumont"),
        ("62", "Pas-de-Calais"),
        ("62498", "Lens"),
        ("246200364", "Communauté d'agglomération de Lens - Liévin"),
        ("hauts", "Hauts-de-France"),
        ("paris", "Paris"),
    ],
)
def test_search_finds_the_expected_first_hit(query, first):
    assert search(query)[0].name == first


def test_larger_matches_come_first():
    hits = [h for h in search("lens", limit=30) if h.level == "commune"]
    populations = [h.population or 0 for h in hits[1:]]
    assert hits[0].name == "Lens"
    assert populations == sorted(populations, reverse=True)


def test_word_prefix_matches_inside_names():
    names = [h.name for h in search("beaumont", limit=50)]
    assert "Hénin-Beaumont" in names


@pytest.mark.parametrize("query", ["", "   ", "--"])
def test_empty_search_is_refused_in_french(query):
    with pytest.raises(UnknownTerritory, match="Recherche vide"):
        search(query)


def test_resolve_every_kind_of_code():
    assert resolve("62498").name == "Lens"
    assert resolve("epci:246200364").epci_siren == "246200364"
    assert resolve("246200364").epci_siren == "246200364"
    assert resolve("62").departement_code == "62"
    assert resolve("region:32").name == "Hauts-de-France"
    assert resolve("976").name == "Mayotte"
    assert resolve("75101").kind == "ARM"


def test_unknown_code_says_what_to_do():
    with pytest.raises(UnknownTerritory, match=r"Aucune commune n'a le code « 99999 ».*chercher"):
        resolve("99999")


def test_code_of_a_delegated_commune_names_its_replacement():
    with pytest.raises(UnknownTerritory, match=r"Béon, commune déléguée.*Culoz-Béon \(01138\).*code 01138"):
        resolve("01039")


def test_a_postcode_that_is_also_an_insee_code_gives_both_labelled():
    hits = search("62300")
    by_name = {h.name: h.matched for h in hits}
    assert by_name["Lens"] == "code postal 62300"  # Lens's postcode
    assert by_name["Équihen-Plage"] == "code INSEE 62300"  # Équihen-Plage's INSEE code
    assert hits[0].name == "Lens"  # the larger first
    assert all(h.level == "commune" for h in hits)


def test_postcode_62800_finds_lievin_and_souastre():
    hits = search("62800")
    assert {h.name: h.matched for h in hits} == {"Liévin": "code postal 62800", "Souastre": "code INSEE 62800"}


@pytest.mark.parametrize("query", ["Liévin 62800", "liévin 62800", "62800 Liévin", "lievin   62800"])
def test_a_name_with_its_postcode_finds_the_commune(query):
    hits = search(query)
    assert [h.name for h in hits] == ["Liévin"] and hits[0].matched == "code postal 62800"


def test_a_name_with_a_wrong_postcode_falls_back_on_the_name():
    assert search("Liévin 59000")[0].name == "Liévin"


def test_a_postcode_shared_by_several_communes_lists_them_all():
    from sante_locale.territories.models import Postcode

    code = "62160"  # Bully-les-Mines and its neighbours share it
    expected = set(Postcode.objects.filter(code=code).values_list("commune__name", flat=True))
    assert len(expected) >= 2
    assert {h.name for h in search(code) if h.matched == f"code postal {code}"} == expected
