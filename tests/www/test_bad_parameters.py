"""Pages asked with bad parameters answer in French with a 4xx, never a silent default."""

import html as html_lib
import random

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from sante_locale.accessibility.models import APLRun
from sante_locale.accounts.factories import UserFactory
from sante_locale.core.formats import plain

pytestmark = pytest.mark.django_db

APL = "/territoires/epci/246200364/apl/"
NEAREST = "/territoires/epci/246200364/apl/plus-proche/"
SCENARIO = "/territoires/epci/246200364/apl/scenario/"


@pytest.fixture
def demo_supply(db):
    from sante_locale.offer.imports.demo_supply import prepare_demo_supply

    prepare_demo_supply()


@pytest.fixture(autouse=True)
def forget_computed_runs():
    from sante_locale.accessibility import engine

    engine.forget_computed()
    yield
    engine.forget_computed()


@pytest.mark.parametrize("length", [201, 10_000])
def test_a_very_long_search_gets_a_short_french_400(client, length):
    response = client.get("/recherche/", {"q": "é" * length})
    html = _text(response)
    assert response.status_code == 400
    assert f"Recherche trop longue ({length} caractères, au plus 200) : tapez le début du nom" in html
    assert html.count("é") < 200  # the query is not repeated whole in the page
    assert len(response.content) < 20_000


def _text(response) -> str:
    """The page's HTML with entities decoded and its French typography undone (compared as typed)."""
    return plain(html_lib.unescape(response.content.decode()))


def test_a_search_of_200_characters_is_still_a_search(client):
    response = client.get("/recherche/", {"q": "lens" + " " * 196})
    assert response.status_code == 200
    assert '<a href="/territoires/commune/62498/">Lens</a>' in _text(response)


@pytest.mark.parametrize("query", ["lens\x00", "\x00", "62\x1f"])
def test_control_characters_in_a_search_are_refused(client, query):
    response = client.get("/recherche/", {"q": query})
    assert response.status_code == 400
    assert "caractère de contrôle" in _text(response)


@pytest.mark.parametrize("url", [APL, NEAREST])
@pytest.mark.parametrize(("query", "message"), [
    ({"age_max": "-5"}, "Âge maximal « -5 » non proposé : choisissez tous les âges, 65 ans, 62 ans, 60 ans."),
    ({"profession": "nope"}, "Profession « nope » inconnue : choisissez-en une dans la liste."),
    ({"profession": ""}, "Choisissez une profession."),
    ({"nouveau_centre": "99999:3"}, "Paramètre(s) inconnu(s) de cette page : « nouveau_centre ». Paramètres "
                                    "acceptés : profession, age_max."),
])
def test_apl_pages_refuse_bad_parameters_in_french(demo_supply, client, url, query, message):
    response = client.get(url, query)
    html = _text(response)
    assert response.status_code == 400
    assert "<strong>Paramètres invalides :</strong> rien n'a été calculé." in html
    assert message in html
    assert '<form method="get" class="choices">' in html  # the form, to correct the choice
    assert '<path class="apl-' not in html and '<path class="near-' not in html
    assert not APLRun.objects.exists()


def test_apl_page_with_good_parameters_still_answers(demo_supply, client):
    response = client.get(APL, {"profession": "infirmier", "age_max": "65"})
    assert response.status_code == 200
    assert _text(response).count('<path class="quint-') == 36  # nurses: quintile classes


def test_scenario_page_refuses_unknown_and_bad_parameters(demo_supply, client, user):
    client.force_login(user)
    response = client.get(SCENARIO, {"nouveau_centre": "99999:3"})
    assert response.status_code == 400
    assert "Paramètre(s) inconnu(s) de cette page : « nouveau_centre »" in _text(response)
    response = client.get(SCENARIO, {"commune": "99999", "fte": "3"})
    assert response.status_code == 400
    assert ("Commune « 99999 » hors du territoire ou inconnue : choisissez une commune du territoire dans la liste."
            in _text(response))
    response = client.get(SCENARIO, {"commune": "62854", "fte": "3"})  # a link filling the form in
    assert response.status_code == 200
    assert '<option value="62854" selected>' in _text(response)
    assert not APLRun.objects.exists()  # a GET never runs nor stores a scenario


@pytest.mark.parametrize(("data", "message"), [
    ({"commune": "99999", "fte": "3"}, "Commune « 99999 » hors du territoire ou inconnue"),
    ({"commune": "59350", "fte": "3"}, "Commune « 59350 » hors du territoire ou inconnue"),
    ({"commune": "62854", "fte": "-5"}, "Assurez-vous que cette valeur est supérieure ou égale à 0.1."),
    ({"commune": "62854", "fte": "nan"}, "Saisissez un nombre."),
    ({"retire_age": "5"}, "Assurez-vous que cette valeur est supérieure ou égale à 50."),
    ({"profession": "nope", "retire_age": "65"}, "Profession « nope » inconnue"),
])
def test_scenario_form_with_bad_values_is_a_400_and_stores_nothing(demo_supply, client, user, data, message):
    client.force_login(user)
    response = client.post(SCENARIO, {"profession": "medecin_generaliste", **data})
    assert response.status_code == 400
    assert message in _text(response)
    assert not APLRun.objects.exists()


@pytest.mark.parametrize(("kind", "name", "content", "message"), [
    ("insee", "base-cc-evol-struct-pop-2021.csv", "CODGEO;P21_POP\n62498;32618\n".encode("utf-16"),
     "fichier base-cc-evol-struct-pop-2021.csv : le fichier est encodé en UTF-16 (Unicode sur 2 octets)"),
    ("insee", "base-cc-evol-struct-pop-2021.xlsx", random.Random(4).randbytes(3000),
     "fichier base-cc-evol-struct-pop-2021.xlsx : classeur Excel illisible (BadZipFile)"),
    ("qpv", "qpv2024.geojson", random.Random(5).randbytes(3000),
     "fichier qpv2024.geojson : le fichier n'est pas un fichier texte (octets binaires"),
    ("ages", "ages.csv", b"rpps_id;annee_naissance\n", "le fichier ne contient que l'en-tête"),
])
def test_a_refused_upload_is_a_french_400_page(client, db_state, tables_changed, kind, name, content, message):
    client.force_login(UserFactory(username="admin-imports", is_superuser=True, is_staff=True))
    before = db_state()
    response = client.post("/administration/imports/", {"kind": kind, "file": SimpleUploadedFile(name, content)})
    html = _text(response)
    assert response.status_code == 400
    assert message in html and "Rien n'a été modifié dans la base." in html
    assert tables_changed(before, db_state()) == []
