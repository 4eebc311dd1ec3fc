"""Supply pages through Django's test client: a professional's year of birth, imports by an administrator."""


import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sante_locale.accounts.factories import UserFactory
from sante_locale.config import env
from sante_locale.core.formats import prose
from sante_locale.offer.factories import ActivityFactory, ProfessionalFactory
from sante_locale.offer.models import Professional, SupplyImport

pytestmark = pytest.mark.django_db

IMPORTS = "/administration/imports/"
AGES = "rpps_id;annee_naissance\n10000000001;1958\n10000000002;1890\n19999999999;1970\n"


@pytest.fixture
def admin_client():
    client = Client()
    client.force_login(UserFactory(username="admin-imports", is_superuser=True, is_staff=True))
    return client


@pytest.fixture
def plain_client():
    client = Client()
    client.force_login(UserFactory(username="coordinatrice-simple"))
    return client


def _upload(name, text):
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="application/octet-stream")


def test_professional_page_requires_login_and_shows_the_form_to_staff_only(plain_client, admin_client):
    person = ActivityFactory(professional__rpps_id="10000000001", site__name="CABINET DU CENTRE").professional
    url = f"/professionnels/{person.rpps_id}/"
    assert Client().get(url)["Location"].startswith("/connexion/")
    html = plain_client.get(url).content.decode()
    assert "CABINET DU CENTRE" in html and "10000000001" in html and "Corriger l’année" not in html
    assert plain_client.post(url, {"birth_year": "1970"}).status_code == 403
    assert admin_client.get(url).content.decode().count('name="birth_year"') == 1
    assert plain_client.get("/professionnels/00000000000/").status_code == 404


def test_staff_sets_a_year_of_birth_with_french_validation(admin_client):
    person = ProfessionalFactory(rpps_id="10000000001")
    url = f"/professionnels/{person.rpps_id}/"
    response = admin_client.post(url, {"birth_year": "1925"})
    assert response.status_code == 200
    assert "L’année de naissance doit être comprise entre 1930 et 2010." in response.content.decode()
    person.refresh_from_db()
    assert person.birth_year is None and person.age_status == "missing"
    response = admin_client.post(url, {"birth_year": "1962"}, follow=True)
    assert "Année de naissance enregistrée\u202f: 1962." in response.content.decode()
    person.refresh_from_db()
    assert (person.birth_year, person.age_status) == (1962, "known")


def test_writes_need_the_csrf_token():
    person = ProfessionalFactory(rpps_id="10000000001")
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(username="admin-csrf", is_superuser=True))
    assert client.post(f"/professionnels/{person.rpps_id}/", {"birth_year": "1962"}).status_code == 403
    assert client.post(IMPORTS, {"kind": "ages", "file": _upload("ages.csv", AGES)}).status_code == 403
    person.refresh_from_db()
    assert person.birth_year is None


def test_import_page_is_for_administrators_only(plain_client, admin_client):
    assert Client().get(IMPORTS)["Location"].startswith("/connexion/")
    response = plain_client.get(IMPORTS)
    assert response.status_code == 403 and "Accès refusé" in response.content.decode()
    assert plain_client.post(IMPORTS, {"kind": "ages", "file": _upload("ages.csv", AGES)}).status_code == 403
    html = admin_client.get(IMPORTS).content.decode()
    assert 'enctype="multipart/form-data"' in html and 'name="check_only"' in html
    assert html.count('<option value="') == 7


def test_import_shows_the_report_and_offers_the_csv(admin_client):
    ProfessionalFactory(rpps_id="10000000001")
    response = admin_client.post(IMPORTS, {"kind": "ages", "file": _upload("ages-20261101.csv", AGES)})
    html = response.content.decode()
    assert response.status_code == 200
    assert prose("identifiants : 2 (inconnus de l'Annuaire Santé importé : 1, reconnus : 1)") in html
    assert "<th scope=\"row\">3</th><td>année de naissance hors de la plage 1930–2010</td>" in html
    assert Professional.objects.get(rpps_id="10000000001").birth_year == 1958
    link = html.split('href="/administration/imports/rapports/')[1].split('"')[0]
    csv = admin_client.get(f"/administration/imports/rapports/{link}")
    assert csv.status_code == 200 and csv["Content-Disposition"].startswith("attachment")
    assert "année de naissance hors de la plage" in b"".join(csv.streaming_content).decode("utf-8-sig")
    assert list((env.home() / "uploads").iterdir()) == []  # the uploaded copy is deleted
    assert admin_client.get("/administration/imports/rapports/..%2Fsecret_key.txt").status_code == 404


def test_check_only_writes_nothing(admin_client):
    ProfessionalFactory(rpps_id="10000000001")
    html = admin_client.post(IMPORTS, {"kind": "ages", "check_only": "on",
                                       "file": _upload("ages.csv", AGES)}).content.decode()
    assert "rien n’a été écrit dans la base" in html
    assert Professional.objects.get(rpps_id="10000000001").birth_year is None
    assert not SupplyImport.objects.exists()


def test_bad_file_shows_the_french_error_and_leaves_the_database_unchanged(admin_client):
    person = ProfessionalFactory(rpps_id="10000000001", birth_year=1970, age_status="known")
    before = list(Professional.objects.values_list("rpps_id", "birth_year", "age_status"))
    bad = "rpps_id;annee_naissance\n10000000001;1958\n10000000002;soixante\n"
    response = admin_client.post(IMPORTS, {"kind": "ages", "file": _upload("ages.csv", bad)})
    html = response.content.decode()
    assert prose("fichier ages.csv, ligne 3, colonne « annee_naissance » : année de naissance illisible") in html
    assert "Rien n’a été modifié dans la base." in html
    assert list(Professional.objects.values_list("rpps_id", "birth_year", "age_status")) == before
    assert not SupplyImport.objects.exists() and person.birth_year == 1970
    rpps = admin_client.post(IMPORTS, {"kind": "rpps", "file": _upload("PS_LibreAcces.txt", "a;b\n1;2\n")})
    assert "Rien n’a été modifié dans la base." in rpps.content.decode()
    assert Professional.objects.count() == 1


def test_upload_type_and_size_are_refused_in_french(admin_client, monkeypatch):
    response = admin_client.post(IMPORTS, {"kind": "rpps", "file": _upload("annuaire.exe", "x")})
    assert response.status_code == 400
    assert prose("Le fichier « annuaire.exe » n'a pas une extension acceptée pour ce type") in response.content.decode()
    response = admin_client.post(IMPORTS, {"kind": "apl-drees", "file": _upload("apl.csv", "x")})
    assert "(.xlsx)" in response.content.decode()
    monkeypatch.setenv("SANTE_LOCALE_UPLOAD_MAX_MB", "0.0001")
    response = admin_client.post(IMPORTS, {"kind": "ages", "file": _upload("ages.csv", AGES * 3)})
    html = response.content.decode()
    assert response.status_code == 400 and "au-delà de la limite de 0,0001 Mo" in html
    assert not SupplyImport.objects.exists()
