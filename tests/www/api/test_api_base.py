"""The read API's skeleton: OpenAPI document, authentication, French JSON errors, pagination."""

import pytest
from openapi_spec_validator import validate

from sante_locale.accounts.factories import UserFactory
from sante_locale.accounts.models import APIToken, RefusedAttempt
from sante_locale.territories.factories import TerritoryFactory
from sante_locale.territories.models import Commune

pytestmark = pytest.mark.django_db


def test_the_openapi_document_is_valid_and_served(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    document = response.json()
    validate(document)  # raises on an invalid OpenAPI document
    assert "/api/perimetres/" in document["paths"]
    page = client.get("/api/documentation/").content.decode()
    assert "GET /api/perimetres/" in page and "/api/openapi.json" in page


def test_the_api_applies_the_same_visibility_as_the_pages(client):
    owner, reader = UserFactory(), UserFactory()
    lens = Commune.objects.get(insee_code="62498")
    private = TerritoryFactory(owner=owner, communes=[lens])
    public = TerritoryFactory(owner=owner, communes=[lens], visibility="public")
    anonymous = client.get("/api/perimetres/").json()
    assert [p["slug"] for p in anonymous["items"]] == [public.slug] and anonymous["count"] == 1
    assert client.get(f"/api/perimetres/{private.slug}").status_code == 404
    _, key = APIToken.issue(owner, "essai")
    mine = client.get("/api/perimetres/", HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert {p["slug"] for p in mine["items"]} == {private.slug, public.slug}
    one = client.get(f"/api/perimetres/{private.slug}", HTTP_AUTHORIZATION=f"Bearer {key}").json()
    assert one["communes"] == [{"insee_code": "62498", "name": "Lens", "population": lens.population}]
    client.force_login(reader)  # the browser session works too
    assert client.get(f"/api/perimetres/{private.slug}").status_code == 404


def test_bad_token_and_bad_parameters_get_french_json(client):
    response = client.get("/api/perimetres/", HTTP_AUTHORIZATION="Bearer sl_faux")
    assert response.status_code == 401 and response.json()["detail"].startswith("Jeton d'API inconnu")
    assert RefusedAttempt.objects.filter(channel="api").count() == 1
    response = client.get("/api/perimetres/?page=deux")
    assert response.status_code == 422
    assert response.json() == {"detail": "Paramètre invalide : « page » : un nombre entier est attendu."}


def test_pagination(client):
    owner = UserFactory()
    for _ in range(3):
        TerritoryFactory(owner=owner, visibility="public")
    page = client.get("/api/perimetres/?page=2&page_size=2").json()
    assert page["count"] == 3 and len(page["items"]) == 1
