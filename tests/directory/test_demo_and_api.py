"""The directory demo (Lens-Liévin, « données fictives », idempotent, CH de Lens shared with
the coordination demo) and the directory in the read API."""

import pytest

from sante_locale.demo import names
from sante_locale.demo.directory import prepare_directory
from sante_locale.directory.exchange import export_records
from sante_locale.directory.models import Service
from sante_locale.structures.models import Structure


def test_demo_services_once_fictive_valid_and_on_the_shared_hospital(db):
    hospital = Structure.objects.create(name=names.CH_LENS, kind="hospital")  # as the coordination demo does
    first = prepare_directory()
    assert "6 services fictifs" in first[0]
    assert prepare_directory() == ["Annuaire de démonstration déjà présent : rien à faire."]
    services = Service.objects.all()
    assert services.count() == 6 and all(s.is_demo and "Données fictives" in s.description for s in services)
    pass_ = Service.objects.get(external_id="sante-locale--demo-pass")
    assert pass_.structure == hospital and Structure.objects.filter(name=names.CH_LENS).count() == 1
    assert {s.commune.insee_code for s in services} <= {"62498", "62510", "62065", "62427"}
    bus = Service.objects.get(external_id="sante-locale--demo-bus")
    assert bus.stops.count() == 4 and all(stop.lat is not None for stop in bus.stops.all())
    structures, records = export_records(services)  # every record validated by the schema's models
    assert len(records) == 6 and len(structures) == 5


def test_directory_in_the_api_and_its_openapi_document(client, db):
    from sante_locale.directory.factories import ServiceFactory

    shown = ServiceFactory(name="Permanence publique")
    ServiceFactory(name="Brouillon", unpublished=True)
    page = client.get("/api/annuaire/services").json()
    assert [s["name"] for s in page["items"]] == ["Permanence publique"]
    assert client.get(f"/api/annuaire/services/{shown.pk}").json()["di_id"] == shown.external_id
    hidden = Service.objects.get(name="Brouillon")
    response = client.get(f"/api/annuaire/services/{hidden.pk}")
    assert response.status_code == 403 and "Connectez-vous" in response.json()["detail"]
    found = client.get("/api/annuaire/recherche", {"lieu": "62300"}).json()
    assert found[0]["service"]["name"] == "Permanence publique" and "status" in found[0]
    bad = client.get("/api/annuaire/recherche", {"lieu": "99999"})
    assert bad.status_code == 422 and bad.json()["detail"].startswith("Aucune commune n'a le code postal 99999")
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"/api/annuaire/services", "/api/annuaire/services/{service_id}", "/api/annuaire/recherche"} <= set(paths)


@pytest.mark.parametrize("url", ["/annuaire/integration/", "/annuaire/integration/services/{pk}/"])
def test_only_embed_pages_may_be_framed(client, db, url, settings):
    from sante_locale.directory.factories import ServiceFactory

    pk = ServiceFactory().pk
    settings.EMBED_ALLOWED_ORIGINS = ["https://www.ville-lens.fr", "https://www.lievin.fr"]
    response = client.get(url.format(pk=pk))
    assert "X-Frame-Options" not in response
    policy = dict(d.strip().split(" ", 1) for d in response["Content-Security-Policy"].split(";") if d.strip())
    assert policy["frame-ancestors"] == "https://www.ville-lens.fr https://www.lievin.fr"
    assert policy["script-src"] == "'self'"  # the rest of the policy is kept
    for other in ("/annuaire/", f"/annuaire/services/{pk}/", "/annuaire/integrer/"):
        assert client.get(other)["X-Frame-Options"] == "DENY"
