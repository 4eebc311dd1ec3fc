"""`sante-locale apl …` and the APL pages."""

import json

import pytest

from sante_locale.accessibility.models import APLRun
from sante_locale.cli import main
from sante_locale.core.formats import prose

pytestmark = pytest.mark.django_db


def test_apl_calculer_json(demo_supply, capsys):
    assert main(["apl", "calculer", "--territoire", "epci:246200364", "--age-max", "65", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["fictif"] is True and data["parametres"]["age_cutoff"] == 65
    assert len(data["communes"]) == 36
    assert {"insee_code", "apl", "classe", "minutes_plus_proche", "apl_drees"} <= set(data["communes"][0])


def test_apl_calculer_table_says_fictive(demo_supply, capsys):
    assert main(["apl", "calculer", "--territoire", "62498"]) == 0
    out = capsys.readouterr().out
    assert "DONNÉES FICTIVES" in out and "Lens" in out


def test_apl_calculer_geojson_file(demo_supply, tmp_path, capsys):
    target = tmp_path / "apl.geojson"
    assert main(["apl", "calculer", "--territoire", "epci:246200364", "--format", "geojson", "-o", str(target)]) == 0
    data = json.loads(target.read_text())
    assert len(data["features"]) == 36
    assert data["features"][0]["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert data["features"][0]["properties"]["fictif"] is True


def test_apl_scenario_cli(demo_supply, capsys):
    assert main(["apl", "scenario", "--territoire", "epci:246200364", "--nouveau-centre", "62854:3",
                 "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "insee_code;nom;apl_avant;apl_apres;difference;seuil"
    rows = {line.split(";")[0]: line.split(";") for line in lines[1:]}
    assert len(rows) == 36
    assert float(rows["62854"][4]) > 0  # the commune of the new centre gains
    differences = [float(r[4]) for r in rows.values()]
    assert [float(line.split(";")[4]) for line in lines[1:]] == sorted(differences, reverse=True)


def test_apl_plus_proche_cli(demo_supply, capsys):
    assert main(["apl", "plus-proche", "--territoire", "62", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data["population_au_dela"]) == {"10", "20", "30"}


@pytest.mark.parametrize(("argv", "message"), [
    (["apl", "calculer", "--territoire", "62498", "--zone", "0"], "Temps d'accès maximal invalide"),
    (["apl", "calculer", "--territoire", "62498", "--zone", "1000"], "au plus 180 minutes"),
    (["apl", "calculer", "--territoire", "62498", "--bandes", "15:1,10:0.5"], "strictement croissantes"),
    (["apl", "calculer", "--territoire", "62498", "--bandes", "dix"], "Bandes illisibles"),
    (["apl", "calculer", "--territoire", "99999"], "Aucune commune n'a le code « 99999 »"),
    (["apl", "scenario", "--territoire", "epci:246200364"], "Scénario vide"),
    (["apl", "scenario", "--territoire", "epci:246200364", "--nouveau-centre", "59350:2"],
     "n'est pas dans le territoire"),
    (["apl", "calculer", "--distancier", "/nulle/part.csv"], "Distancier introuvable"),
])
def test_apl_bad_input_is_french_and_stores_nothing(demo_supply, capsys, argv, message):
    assert main(argv) == 2
    assert prose(message) in capsys.readouterr().err  # French typography: « n’est », « « 99999 » »
    assert not APLRun.objects.exists()


def test_apl_without_supply_says_what_to_import(capsys):
    assert main(["apl", "calculer", "--territoire", "62498"]) == 2
    assert "Offre vide" in capsys.readouterr().err


def test_apl_page_shows_classes_legend_and_fictive_mark(demo_supply, client):
    html = client.get("/territoires/epci/246200364/apl/").content.decode()
    assert "Données fictives" in html
    assert html.count('<path class="apl-') == 36
    assert "sous-dense : moins de 2,5" in html and "de 2,5 à 4" in html
    assert "APL moyenne (pondérée par la population)" in html


def test_nearest_page(demo_supply, client):
    html = client.get("/territoires/departement/62/apl/plus-proche/").content.decode()
    assert "À plus de 20 minutes" in html
    assert html.count('<path class="near-') == 887


def test_apl_page_without_supply_explains(client):
    response = client.get("/territoires/commune/62498/apl/")
    assert response.status_code == 409
    assert "Offre vide" in response.content.decode()


def test_scenario_page_requires_login_and_runs(demo_supply, client, user):
    url = "/territoires/epci/246200364/apl/scenario/"
    assert client.get(url).status_code == 302
    client.force_login(user)
    response = client.post(url, {"profession": "medecin_generaliste", "commune": "62854", "fte": "3"})
    html = response.content.decode()
    assert response.status_code == 200 and "Résultat" in html
    assert html.count('<path class="apl-') == 72  # before and after maps
    run = APLRun.objects.get(kind="scenario")
    # the form hands the engine structured values, stored with English keys
    assert run.scenario["new_centres"] == [{"insee_code": "62854", "fte": 3.0}]
    assert run.scenario["author"] == user.username and run.scope == "epci:246200364"


def test_scenario_form_errors_in_french(demo_supply, client, user):
    client.force_login(user)
    response = client.post("/territoires/epci/246200364/apl/scenario/", {"profession": "medecin_generaliste"})
    assert "Choisissez une commune pour un nouveau centre, ou un âge de départ." in response.content.decode()
    assert not APLRun.objects.exists()


@pytest.mark.parametrize(("argv", "message"), [
    (["--nouveau-centre-point", "2,83;50,43:3"], "LONGITUDE,LATITUDE:ETP"),
    (["--nouveau-centre-point", "200,50:3"], "hors des bornes"),
    (["--depart", "00000000000"], "RPPS inconnu"),
])
def test_apl_scenario_points_and_departures_bad_input(demo_supply, capsys, argv, message):
    assert main(["apl", "scenario", "--territoire", "epci:246200364", *argv]) == 2
    assert prose(message) in capsys.readouterr().err
    assert not APLRun.objects.exists()


def test_apl_scenario_centre_at_a_point(demo_supply, capsys):
    assert main(["apl", "scenario", "--territoire", "epci:246200364", "--nouveau-centre-point", "2.6795,50.3887:2",
                 "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["scenario"]["nouveaux_centres_points"] == [{"lon": 2.6795, "lat": 50.3887, "fte": 2.0}]
    assert max(c["difference"] for c in data["communes"]) > 0


def test_age_cutoff_says_how_many_ages_are_unknown(demo_supply, client, capsys):
    from sante_locale.offer.models import Professional

    Professional.objects.filter(profession="medecin_generaliste", rpps_id__endswith="7").update(
        age_status="missing", birth_year=None)
    html = client.get("/territoires/epci/246200364/apl/?profession=medecin_generaliste&age_max=65").content.decode()
    assert "Âge inconnu (comptés faute de mieux)" in html
    assert main(["apl", "calculer", "--territoire", "62498", "--age-max", "65"]) == 0
    out = capsys.readouterr().out
    assert "plus âgé(s) exclu(s), âge inconnu pour" in out
    unknown = int(out.split("âge inconnu pour ")[1].split(" ")[0].replace("\u202f", ""))
    assert unknown > 0
