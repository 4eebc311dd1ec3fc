"""The coordination API (OpenAPI validated, paginated, same permissions), the CLI commands
and the exports opened back (openpyxl, csv, json)."""

import csv
import html
import io
import json

import openpyxl
import pytest
from django.test import Client
from openapi_spec_validator import validate
from world import build_world

from sante_locale.accounts.models import APIToken
from sante_locale.cli.main import main
from sante_locale.coordination.factories import DispositifFactory
from sante_locale.core.formats import plain

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return build_world()


def _api(user=None):
    if user is None:
        return {}
    _, key = APIToken.issue(user, "essai")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_openapi_document_is_valid_and_documents_every_coordination_endpoint(client):
    document = client.get("/api/openapi.json").json()
    validate(document)
    for path in ("/api/dispositifs/", "/api/dispositifs/{dispositif_id}", "/api/structures/", "/api/instances/",
                 "/api/reunions/{meeting_id}", "/api/decisions/", "/api/perimetres/dispositifs/{dispositif_id}"):
        assert path in document["paths"], path
        operation = next(iter(document["paths"][path].values()))
        assert operation["summary"] and operation["description"]
    page = client.get("/api/documentation/").content.decode()
    assert "GET /api/dispositifs/" in page and "GET /api/decisions/" in page


def test_dispositif_detail_and_perimeter(w):
    client = Client()
    detail = client.get(f"/api/dispositifs/{w.this.pk}", **_api(w.users["partner"])).json()
    assert detail["name"] == w.this.name and detail["kind"] == "cls" and detail["perimeter_code"] == "246200364"
    assert [p["role"] for p in detail["partners"]] == ["signatory"] and detail["fundings"][0]["amount"] == 40000.0
    assert detail["body_ids"] == [w.this_body.pk]
    # the link to the other dispositif is hidden from those who cannot see it
    assert detail["links"] == []
    admin = client.get(f"/api/dispositifs/{w.this.pk}", **_api(w.users["admin"])).json()
    assert {(link["source_id"], link["target_id"]) for link in admin["links"]} == {(w.this.pk, w.other.pk),
                                                                                    (w.other.pk, w.this.pk)}
    perimeter = client.get(f"/api/perimetres/dispositifs/{w.this.pk}", **_api(w.users["coordinator"])).json()
    assert perimeter["level"] == "epci" and len(perimeter["communes"]) == 36 and perimeter["population"] == 241934


def test_lists_are_paginated_and_filtered(w):
    client = Client()
    for n in range(3):
        DispositifFactory(name=f"Public {n}", is_public=True, perimeter_level="commune", perimeter_code="62510")
    page = client.get("/api/dispositifs/?page=2&page_size=2").json()
    assert page["count"] == 4 and len(page["items"]) == 2  # 3 + the world's public one; anonymous
    by_territory = client.get("/api/dispositifs/?territoire=62510", **_api(w.users["admin"])).json()
    assert {d["name"] for d in by_territory["items"]} >= {"Public 0", w.this.name} and by_territory["count"] == 4
    unknown = client.get("/api/dispositifs/?territoire=99999")
    assert unknown.status_code == 404 and "99999" in unknown.json()["detail"]
    pending = client.get("/api/decisions/?a_suivre=true", **_api(w.users["coordinator"])).json()
    assert [d["id"] for d in pending["items"]] == [w.this_decision.pk] and pending["items"][0]["late"] is True
    meetings = client.get(f"/api/reunions/?dispositif={w.other.pk}", **_api(w.users["coordinator"])).json()
    assert meetings["count"] == 0  # another dispositif's meetings stay hidden even when asked by id
    assert client.get("/api/reunions/?depuis=hier").json()["detail"].startswith("Paramètre invalide")


def test_cli_list_show_export(w, tmp_path, capsys):
    assert main(["dispositif", "lister", "--territoire", "246200364", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out), delimiter=";"))
    assert {r["nom"] for r in rows} == {w.this.name, "CLSM public (essai)"}
    assert main(["dispositif", "montrer", str(w.this.pk), "--utilisateur", "partenaire"]) == 0
    out = capsys.readouterr().out
    assert w.this.name in out and "Partenaires" in out and "signataire" in out
    target = tmp_path / "cls.xlsx"
    assert main(["dispositif", "exporter", str(w.this.pk), "--format", "xlsx", "-o", str(target),
                 "--utilisateur", "coordinatrice"]) == 0
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["À propos", "Dispositif", "Partenaires", "Financements", "Liens", "Instances"]
    assert book["Financements"]["B2"].value == 40000 and book["Dispositif"]["B2"].value == w.this.name
    target = tmp_path / "cls.json"
    assert main(["dispositif", "exporter", str(w.this.pk), "--format", "json", "-o", str(target)]) == 0
    assert json.loads(target.read_text())["perimeter"]["population"] == 241934
    assert main(["dispositif", "exporter", str(w.this.pk), "--format", "json", "-o", str(tmp_path / "x" / "y.json")]) == 2
    assert "n'existe pas" in plain(capsys.readouterr().err)


def test_cli_articulation(w, capsys):
    assert main(["articulation", "epci:246200364", "--format", "json", "--utilisateur", "coordinatrice"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["territory"]["communes"] == 36 and data["gaps"]["communes_without_cls_asv"] == []
    assert {d["name"] for d in data["dispositifs"]} == {w.this.name, "CLSM public (essai)"}
    assert data["gaps"]["communes_under_apl_threshold_outside_cpts"] is None  # no supply: unknown, not empty
    assert main(["articulation", "epci:246200364", "--format", "csv", "--tableau", "chevauchements"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out.lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == ["Dispositif", "Autre dispositif", "Communes en commun", "Population en commun"]
    assert rows[1][2:] == ["1", str(31415)]  # the public CLSM (Lens) inside the CLS: Lens, 31 415 inhabitants
    assert main(["articulation", "62", "--utilisateur", "personne"]) == 2
    assert "Compte « personne » inconnu" in plain(capsys.readouterr().err)
    assert main(["articulation", "62"]) == 0
    assert "Communes sans CLS ni ASV (837)" in plain(capsys.readouterr().out)  # the operator sees both CLS: 887 - 36 - 14


def test_articulation_exports_opened_back(w, client):
    url = "/articulation/epci/246200364/export"
    book = openpyxl.load_workbook(io.BytesIO(client.get(url + ".xlsx").content))
    assert book.sheetnames[0] == "À propos" and "Moyens des dispositifs" in book.sheetnames
    assert book["Communes et dispositifs"].max_row == 37  # header + 36 communes
    geo = json.loads(client.get(url + ".geojson").content)
    layers = [f for f in geo["features"] if f["properties"]["couche"] == "dispositif"]
    assert [f["properties"]["nom"] for f in layers] == ["CLSM public (essai)"]  # anonymous: the public one only
    assert layers[0]["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert len([f for f in geo["features"] if f["properties"]["couche"] == "commune"]) == 36
    text = client.get(url + ".csv?tableau=lacunes").content.decode("utf-8-sig")
    assert text.splitlines()[0] == "Code INSEE;Commune;Population" and len(text.splitlines()) == 37
    assert client.get(url + ".csv?tableau=inconnu").status_code == 404


def test_articulation_page_draws_layers_and_network_with_text_alternatives(w):
    client = Client()
    client.force_login(w.users["coordinator"])
    page = plain(html.unescape(client.get("/articulation/epci/246200364/").content.decode()))
    assert page.count('<g class="layer') == 2 and 'id="couche-0"' in page  # one layer per dispositif, a checkbox each
    assert '<svg class="network"' in page and "Le réseau en texte" in page
    assert f"{w.this.name}</a> : Association" in page or w.this.carrier.name in page
    assert page.count('<path class="commune') == 36


def test_dispositif_page_writes_years_as_years_and_amounts_the_french_way(w):
    client = Client()
    client.force_login(w.users["coordinator"])
    page = plain(html.unescape(client.get(f"/dispositifs/{w.this.pk}/").content.decode()))
    assert "<td>2025</td>" in page and "2\xa0025" not in page
    assert "40 000" in page and "40000" not in page  # the amount, French thousands separator
