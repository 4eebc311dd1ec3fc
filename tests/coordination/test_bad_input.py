"""Every bad input of issue 9: a French message (the API: JSON with the same text), nothing
changed, the attempt in the journal of refused attempts that administrators read."""

import html

import pytest
from django.test import Client
from permissions_helpers import fingerprint
from world import build_world

from sante_locale.accounts.models import RefusedAttempt
from sante_locale.coordination.models import Dispositif, DispositifKind, Funding, Meeting
from sante_locale.core.formats import plain
from sante_locale.territories.models import Territory

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return build_world()


def _client(user=None, csrf=False):
    client = Client(enforce_csrf_checks=csrf)
    if user is not None:
        client.force_login(user)
    return client


def _dispositif_data(w, **changes):
    data = {"name": w.this.name, "kind": DispositifKind.objects.get(key="cls").pk, "perimeter_mode": "official",
            "perimeter_code": "246200364", "carrier": w.this.carrier_id, "coordinator": "", "coordinator_fte": "1",
            "status": "active", "description": "", "starts_on": "", "ends_on": ""}
    return {**data, **changes}


def _refused(response, status, message, before, journal_before):
    """The response says ``message`` in French, nothing changed, one journal entry more."""
    assert response.status_code == status
    assert message in plain(html.unescape(response.content.decode()))
    assert fingerprint() == before, "nothing may change"
    assert RefusedAttempt.objects.count() == journal_before + 1
    return RefusedAttempt.objects.first()


def test_perimeter_with_unknown_communes(w):
    before, journal = fingerprint(), RefusedAttempt.objects.count()
    territories = Territory.objects.count()
    response = _client(w.users["coordinator"]).post("/dispositifs/nouveau/", _dispositif_data(
        w, name="CLS inconnu", perimeter_mode="communes", perimeter_communes="62498, 99999"))
    attempt = _refused(response, 400, "99999", before, journal)
    assert "Rien n'a été enregistré" in plain(html.unescape(response.content.decode()))
    assert not Dispositif.objects.filter(name="CLS inconnu").exists() and Territory.objects.count() == territories
    assert "Saisie refusée" in attempt.reason and "99999" in attempt.reason and attempt.user == w.users["coordinator"]


def test_unknown_official_code(w):
    before, journal = fingerprint(), RefusedAttempt.objects.count()
    response = _client(w.users["coordinator"]).post("/dispositifs/nouveau/", _dispositif_data(
        w, name="CLS inconnu", perimeter_code="epci:999999999"))
    _refused(response, 400, "Aucun EPCI n'a le code « 999999999 »", before, journal)


def test_end_date_before_start(w):
    before, journal = fingerprint(), RefusedAttempt.objects.count()
    response = _client(w.users["coordinator"]).post(f"/dispositifs/{w.this.pk}/modifier/", _dispositif_data(
        w, name="Renommé", starts_on="2025-01-01", ends_on="2024-12-31"))
    _refused(response, 400, "La date de fin est avant la date de début : corrigez l'une des deux.", before, journal)
    assert Dispositif.objects.get(pk=w.this.pk).name == w.this.name


@pytest.mark.parametrize("amount, message", [
    ("quarante mille", "Le montant doit être un nombre (ex. 45000 ou 45 000,50)."),
    ("-5", "Le montant ne peut pas être négatif : saisissez une somme positive."),
])
def test_funding_amount_not_a_number_or_negative(w, amount, message):
    before, journal = fingerprint(), RefusedAttempt.objects.count()
    count = Funding.objects.count()
    response = _client(w.users["coordinator"]).post(f"/dispositifs/{w.this.pk}/financements/nouveau/", {
        "funder": w.structure.pk, "amount": amount, "year": "2026", "purpose": ""})
    _refused(response, 400, message, before, journal)
    assert Funding.objects.count() == count


def test_meeting_in_a_body_of_another_dispositif(w):
    before, journal = fingerprint(), RefusedAttempt.objects.count()
    response = _client(w.users["coordinator"]).post(f"/dispositifs/{w.this.pk}/reunions/nouvelle/", {
        "body": w.other_body.pk, "title": "Intrusion", "starts_at": "2027-01-12T10:00", "status": "planned"})
    _refused(response, 400, "Cette instance n'appartient pas à ce dispositif", before, journal)
    assert not Meeting.objects.filter(title="Intrusion").exists()


def test_decision_without_owner(w):
    before, journal = fingerprint(), RefusedAttempt.objects.count()
    response = _client(w.users["coordinator"]).post(f"/reunions/{w.this_meeting.pk}/decisions/nouvelle/", {
        "text": "Personne ne s'en charge.", "owner": "", "status": "to_do"})
    _refused(response, 400, "Désignez la personne responsable de cette décision", before, journal)


def test_edit_by_a_partner_and_by_an_anonymous_visitor(w):
    before, journal = fingerprint(), RefusedAttempt.objects.count()
    response = _client(w.users["partner"]).post(f"/dispositifs/{w.this.pk}/modifier/", _dispositif_data(w, name="X"))
    attempt = _refused(response, 403, "Vous n'avez pas le droit de modifier ce dispositif.", before, journal)
    assert attempt.user == w.users["partner"] and str(w.this.pk) in attempt.target
    public = w.public_dispositif
    response = _client().post(f"/dispositifs/{public.pk}/modifier/", _dispositif_data(w, name="X"))
    attempt = _refused(response, 403, "Connectez-vous pour modifier ce dispositif.", before, journal + 1)
    assert attempt.user is None


def test_forged_ids_in_a_url_and_in_an_api_call(w):
    before, journal = fingerprint(), RefusedAttempt.objects.count()
    client = _client(w.users["coordinator"])
    response = client.post(f"/dispositifs/{w.this.pk}/financements/{w.other_funding.pk}/modifier/",
                           {"funder": w.structure.pk, "amount": "1", "year": "2026", "purpose": ""})
    attempt = _refused(response, 404, "Financement introuvable", before, journal)
    assert "autre dispositif" in attempt.reason
    page = client.get(f"/dispositifs/{w.other.pk}/")
    text = "Dispositif introuvable : ce numéro ne correspond à aucun objet que votre compte peut voir."
    assert page.status_code == 404 and text in plain(html.unescape(page.content.decode()))
    from sante_locale.accounts.models import APIToken

    _, key = APIToken.issue(w.users["coordinator"], "essai")
    api = Client().get(f"/api/dispositifs/{w.other.pk}", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.status_code == 404 and api.json()["detail"].startswith(text)  # the same text as the page
    assert RefusedAttempt.objects.filter(channel="api", user=w.users["coordinator"]).exists()


def test_post_without_csrf_token(w):
    before, journal = fingerprint(), RefusedAttempt.objects.count()
    response = _client(w.users["coordinator"], csrf=True).post(f"/dispositifs/{w.this.pk}/modifier/",
                                                               _dispositif_data(w, name="Sans jeton"))
    _refused(response, 403, "jeton de sécurité CSRF absent ou invalide", before, journal)
    assert Dispositif.objects.get(pk=w.this.pk).name == w.this.name


def test_cli_refuses_in_french_with_exit_code_2(w, capsys):
    from sante_locale.cli.main import main

    journal = RefusedAttempt.objects.count()
    code = main(["dispositif", "montrer", str(w.this.pk), "--utilisateur", w.users["other_coordinator"].username])
    err = plain(capsys.readouterr().err)
    assert code == 2 and "Vous n'avez pas le droit de voir ce dispositif." in err
    assert RefusedAttempt.objects.filter(channel="cli").count() == 1 and RefusedAttempt.objects.count() == journal + 1
    assert main(["dispositif", "montrer", "999999"]) == 2
    assert "Aucun dispositif n° 999999" in capsys.readouterr().err
