"""Pages through Django's test client: status, French content, security."""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from sante_locale.accounts.models import RefusedAttempt
from sante_locale.core.formats import plain
from sante_locale.territories.factories import TerritoryFactory
from sante_locale.territories.models import Commune, Territory

pytestmark = pytest.mark.django_db


def test_home_has_one_labelled_search_box(client):
    html = client.get("/").content.decode()
    assert '<html lang="fr">' in html
    assert 'href="#contenu"' in html and 'id="contenu"' in html
    assert re.search(r'<label for="recherche">.+</label>', html)
    assert 'id="recherche" name="q"' in html
    assert "cdn" not in html.lower() and "https://" not in html  # every asset is served by the app


def test_search_lists_hits_ranked(client):
    html = client.get("/recherche/", {"q": "lens"}).content.decode()
    hits = re.findall(r'<li><a href="/territoires/[^"]+">([^<]+)</a>.*?· ([\d\u202f]+) hab\.</span></li>', html, re.S)
    names = [name for name, _ in hits]
    populations = [int(p.replace("\u202f", "")) for _, p in hits]
    # the exact name first, then names with a word starting with « lens », most populous first
    assert names[0] == "Lens" and populations[0] == 31415
    assert names[1:] == ["Communauté d’agglomération de Lens - Liévin", "Courcelles-lès-Lens",
                         "Noyelles-sous-Lens", "Fouquières-lès-Lens", "Loison-sous-Lens"]
    assert populations[1:] == sorted(populations[1:], reverse=True)
    assert "31\u202f415 hab." in html  # French thousands separator (narrow no-break space)


def test_search_for_an_exact_code_goes_to_the_page(client):
    response = client.get("/recherche/", {"q": "62"})
    assert response.status_code == 302 and response["Location"] == "/territoires/departement/62/"


def test_empty_search_gets_a_french_message(client):
    response = client.get("/recherche/", {"q": ""})
    assert response.status_code == 400
    assert "Recherche vide" in response.content.decode()


def test_epci_page_shows_population_composition_map_and_neighbours(client):
    response = client.get("/territoires/epci/246200364/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "241\u202f934 habitants" in html
    assert "Population municipale 2017 (INSEE), COG 2025" in html  # years a person can cite
    assert "1.1.0" not in html  # never the package version
    assert "Codes postaux</dt><dd>62114, 62143" in html and "62300" in html and "62800" in html
    assert html.count('<path class="commune"') == 36
    assert '<path class="outline"' in html
    assert "Communauté d’agglomération d’Hénin-Carvin" in html  # a neighbour
    assert 'href="/territoires/departement/62/"' in html
    assert "1\u202f009,0 hab./km²" in html  # French decimal comma


def test_departement_page_weight_stays_small(client):
    response = client.get("/territoires/departement/62/")
    assert response.status_code == 200
    assert response.content.decode().count('<path class="commune"') == 887
    assert len(response.content) < 1_500_000


def test_commune_page_with_arrondissements(client):
    html = client.get("/territoires/commune/75056/").content.decode()
    assert "Arrondissements municipaux (20)" in html


def test_overseas_commune_without_population(client):
    html = client.get("/territoires/commune/97611/").content.decode()
    assert "non disponible dans le référentiel" in html
    assert "nan" not in html.lower().replace("nanterre", "")


def test_unknown_territory_is_a_french_404(client):
    response = client.get("/territoires/commune/99999/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def test_writing_pages_require_login(client):
    for url in ("/mes-territoires/", "/mes-territoires/nouveau/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/connexion/")
    response = client.post("/mes-territoires/nouveau/", {"name": "X", "members": "62498"})
    assert response.status_code == 302 and not Territory.objects.exists()


def test_create_a_custom_territory(client, user):
    client.force_login(user)
    response = client.post("/mes-territoires/nouveau/", {"name": "CLS de Lens", "members": "62498\n62510"})
    territory = Territory.objects.get()
    assert response.status_code == 302 and response["Location"] == territory.get_absolute_url()
    page = client.get(territory.get_absolute_url()).content.decode()
    assert "62\u202f200 habitants" in page  # 31 415 + 30 785


def test_bad_codes_keep_the_form_and_save_nothing(client, user):
    client.force_login(user)
    response = client.post("/mes-territoires/nouveau/", {"name": "CLS", "members": "62498\n99999\n01039"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Codes ou noms inconnus du référentiel\u202f: 99999" in html
    assert "Culoz-Béon, code 01138" in html
    assert "Rien n’a été modifié" in html
    assert not Territory.objects.exists()


def test_only_the_owner_edits(client, user):
    territory = TerritoryFactory(communes=list(Commune.objects.filter(insee_code="62498")))
    client.force_login(user)
    # private (the default): someone else's territory is not even visible
    assert client.get(reverse("custom_edit", args=[territory.slug])).status_code == 404
    assert client.get(territory.get_absolute_url()).status_code == 404
    # shared with logged-in users: visible, but only its owner edits or deletes it
    Territory.objects.filter(pk=territory.pk).update(visibility="shared")
    assert client.get(territory.get_absolute_url()).status_code == 200
    response = client.get(reverse("custom_edit", args=[territory.slug]))
    assert response.status_code == 403
    assert "Vous n'avez pas le droit de modifier ce territoire." in plain(html.unescape(response.content.decode()))
    assert client.post(reverse("custom_delete", args=[territory.slug])).status_code == 403
    assert Territory.objects.filter(pk=territory.pk).exists()
    assert RefusedAttempt.objects.filter(user=user, action="supprimer ce territoire").count() == 1


def test_csrf_is_enforced(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post("/mes-territoires/nouveau/", {"name": "CLS", "members": "62498"})
    assert response.status_code == 403
    assert not Territory.objects.exists()


def test_login_page_logs_in_with_the_right_password_only(user):
    client = Client()
    target = "/mes-territoires/nouveau/"
    refused = client.post("/connexion/", {"username": user.username, "password": "mauvais-mot-de-passe",
                                          "next": target})
    assert refused.status_code == 200
    assert "Identifiant ou mot de passe incorrect. Vérifiez-les et réessayez." in refused.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get(target)["Location"].startswith("/connexion/")
    accepted = client.post("/connexion/", {"username": user.username, "password": "mot-de-passe-de-test",
                                           "next": target})
    assert accepted.status_code == 302 and accepted["Location"] == target
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get(target).status_code == 200
    client.post("/deconnexion/")
    assert client.get(target)["Location"].startswith("/connexion/")


def test_login_refuses_an_open_redirect(user):
    response = Client().post("/connexion/", {"username": user.username, "password": "mot-de-passe-de-test",
                                             "next": "https://ailleurs.example.org/"})
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_stored_passwords_are_salted_hashes(user, django_user_model):
    other = django_user_model.objects.create_user("autre-coordinatrice", password="mot-de-passe-de-test")
    for account in (user, other):
        account.refresh_from_db()
        assert "mot-de-passe-de-test" not in account.password
        assert account.check_password("mot-de-passe-de-test") and not account.check_password("autre")
    assert user.password != other.password  # same password, different salts


def test_served_settings_keep_django_strong_password_hashers():
    import sante_locale.config.base as base
    import sante_locale.config.dev as dev

    for settings_module in (base, dev):  # dev: what `sante-locale serve` runs
        assert not hasattr(settings_module, "PASSWORD_HASHERS")  # Django's default: PBKDF2, then others
    validators = [v["NAME"].rsplit(".", 1)[1] for v in base.AUTH_PASSWORD_VALIDATORS]
    assert {"MinimumLengthValidator", "CommonPasswordValidator"} <= set(validators)


def test_maps_are_offline_by_default_and_take_a_configured_tile_layer(client, settings):
    html = client.get("/territoires/epci/246200364/").content.decode()
    assert "<image" not in html  # nothing fetched from outside: vector outlines only
    settings.TILE_URL = "https://tuiles.example.org/{z}/{x}/{y}.png"
    settings.TILE_ATTRIBUTION = "© contributeurs d'exemple"
    html = client.get("/territoires/epci/246200364/").content.decode()
    tiles = re.findall(r'<image href="https://tuiles\.example\.org/(\d+)/(\d+)/(\d+)\.png"', html)
    assert tiles and len({z for z, _, _ in tiles}) == 1
    assert "Fond\u202f: © contributeurs d’exemple" in html
