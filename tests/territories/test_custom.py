import pytest

from sante_locale.territories.custom import InvalidMembers, parse_members, save_territory
from sante_locale.territories.describe import describe, outline
from sante_locale.territories.models import Commune, Territory

pytestmark = pytest.mark.django_db


def test_codes_names_and_epci_make_a_territory(user):
    communes = parse_members("62498\nLiévin, 62065 Avion", ["246200299"])
    codes = [c.insee_code for c in communes]
    assert codes[:3] == ["62498", "62510", "62065"]
    assert len(codes) == 3 + 14  # CA d'Hénin-Carvin has 14 communes
    territory = save_territory(user, "CLS test", "", communes)
    d = describe(territory)
    assert d.population == sum(c.population for c in communes)
    assert d.area_km2 == pytest.approx(sum(c.area_km2 for c in communes))
    assert d.commune_count == 17
    assert outline(territory).area > 0
    assert {p.code for p in d.parents} == {"62", "32"}


def test_unknown_codes_are_listed_and_nothing_is_saved(user):
    with pytest.raises(InvalidMembers) as caught:
        parse_members("62498, 99999, 00000, Atlantide")
    message = str(caught.value)
    assert "Codes ou noms inconnus du référentiel : Atlantide, 99999, 00000" in message
    assert not Territory.objects.exists()


def test_duplicates_are_refused_with_their_names():
    with pytest.raises(InvalidMembers, match=r"Communes données plusieurs fois : Lens \(62498\)"):
        parse_members("62498\n62498")


def test_commune_already_in_the_chosen_epci_is_a_duplicate():
    with pytest.raises(InvalidMembers, match=r"Liévin \(62510\).*un EPCI choisi inclut déjà ses communes"):
        parse_members("62510", ["246200364"])


def test_merged_commune_code_names_the_current_commune():
    with pytest.raises(InvalidMembers, match=r"01039 \(Béon\) est une commune déléguée.*Culoz-Béon, code 01138"):
        parse_members("01039")


def test_ambiguous_name_asks_for_the_code():
    homonyms = Commune.objects.filter(search_name="maisnil")
    assert homonyms.count() >= 2  # the test slice must hold homonyms, or this test tests nothing
    with pytest.raises(InvalidMembers, match="désigne plusieurs communes"):
        parse_members("Maisnil")


def test_empty_list_is_refused():
    with pytest.raises(InvalidMembers, match="Aucune commune"):
        parse_members("  \n ")


def test_unknown_epci_is_refused():
    with pytest.raises(InvalidMembers, match="EPCI inconnu : « 123456789 »"):
        parse_members("", ["123456789"])


def test_editing_replaces_the_communes(user):
    territory = save_territory(user, "CLS test", "", parse_members("62498, 62510"))
    save_territory(user, "CLS test", "modifié", parse_members("62065"), instance=territory)
    territory.refresh_from_db()
    assert list(territory.communes.values_list("insee_code", flat=True)) == ["62065"]
    assert territory.description == "modifié"
