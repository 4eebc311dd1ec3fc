"""Search near a place (commune, postcode, place name; filters; distance order) and the
``annuaire`` commands."""

import datetime as dt
import json

import pytest

from sante_locale.cli.main import main
from sante_locale.core.formats import plain
from sante_locale.core.hours import PARIS
from sante_locale.directory.factories import (
    MobileStopFactory,
    ServiceFactory,
    TemporaryClosureFactory,
)
from sante_locale.directory.search import PlaceNotFound, resolve_place, search

THURSDAY_10 = dt.datetime(2026, 12, 3, 10, 0, tzinfo=PARIS)


def test_places_by_name_postcode_and_code(db):
    assert resolve_place("lievin").label.startswith("Liévin")
    assert "Lens" in resolve_place("62300").label
    assert resolve_place("62498").communes[0].name == "Lens"
    with pytest.raises(PlaceNotFound, match="Aucune commune n'a le code postal 99999"):
        resolve_place("99999")
    with pytest.raises(PlaceNotFound, match="Aucune commune ni aucun lieu ne correspond à « zzzqqq »"):
        resolve_place("zzzqqq")


def test_a_place_name_finds_a_mobile_unit_stop(db):
    bus = ServiceFactory(name="Bus", opening_hours="", themes=["sante-locale--unite-mobile"])
    MobileStopFactory(service=bus, place="Résidence Sellier", lon=2.84, lat=50.44, opening_hours="We 09:00-12:00")
    place = resolve_place("Sellier")
    assert place.label == "Résidence Sellier" and (place.lon, place.lat) == (2.84, 50.44)


def test_results_sorted_by_distance_with_filters(db):
    arras = ServiceFactory(in_arras=True, name="Arras", themes=["sante--sante-mentale"])
    lens = ServiceFactory(name="Lens", themes=["sante--sante-mentale"])
    lievin = ServiceFactory(in_lievin=True, name="Liévin", fees="payant")
    hidden = ServiceFactory(name="Caché", unpublished=True)
    place = resolve_place("Lens")
    names = [r.service.name for r in search(place, at=THURSDAY_10)]
    assert names == ["Lens", "Liévin", "Arras"] and hidden.name not in names
    assert [r.service for r in search(place, free_only=True, at=THURSDAY_10)] == [lens, arras]
    lievin.themes = ["sante-locale--pass"]
    lievin.save()
    # a schema theme finds our themes mapped to it
    assert [r.service for r in search(place, theme="sante--acces-aux-soins", at=THURSDAY_10)] == [lievin]
    assert [r.service for r in search(place, theme="sante-locale--pass", at=THURSDAY_10)] == [lievin]


def test_open_now_uses_hours_closures_and_stops(db):
    open_one = ServiceFactory(name="Ouvert")
    closed = ServiceFactory(name="Fermé pour travaux")
    TemporaryClosureFactory(service=closed, starts_on=dt.date(2026, 12, 1), ends_on=dt.date(2026, 12, 10))
    bus = ServiceFactory(name="Bus", opening_hours="", themes=["sante-locale--unite-mobile"])
    MobileStopFactory(service=bus, place="Cité 12", opening_hours="Th 09:00-12:00")
    MobileStopFactory(service=bus, place="Place Jean Jaurès", opening_hours="Fr 09:00-12:00")
    results = search(resolve_place("Lens"), open_now=True, at=THURSDAY_10)
    assert {r.service for r in results} == {open_one, bus}
    (bus_result,) = [r for r in results if r.service == bus]
    assert bus_result.next_stop.stop.place == "Cité 12"
    friday = search(resolve_place("Lens"), at=THURSDAY_10 + dt.timedelta(hours=4))
    (later,) = [r for r in friday if r.service == bus]
    assert later.next_stop.stop.place == "Place Jean Jaurès"
    assert later.status.sentence == "Fermé, prochaine ouverture demain 9 h"


def test_cli_search_json_and_errors(db, capsys):
    ServiceFactory(name="Permanence de Lens")
    assert main(["annuaire", "chercher", "lens", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["services"][0]["nom"] == "Permanence de Lens" and "horaires" in out["services"][0]
    assert main(["annuaire", "chercher", "99999"]) == 2
    assert "Aucune commune n'a le code postal 99999" in plain(capsys.readouterr().err)
    assert main(["annuaire", "chercher", "lens", "--theme", "inconnu"]) == 2


def test_cli_export_then_import(db, tmp_path, capsys):
    from sante_locale.directory.models import Service

    ServiceFactory(name="Permanence de Lens", description="<b>gras</b> et texte")
    path = tmp_path / "annuaire.csv"
    assert main(["annuaire", "exporter", str(path), "--format", "csv"]) == 0
    assert (tmp_path / "annuaire-structures.csv").exists()
    Service.objects.all().delete()
    assert main(["annuaire", "importer", str(path), "--verifier"]) == 0
    assert Service.objects.count() == 0 and "rien n'a été écrit" in plain(capsys.readouterr().out)
    assert main(["annuaire", "importer", str(path)]) == 0
    assert Service.objects.get().description == "<b>gras</b> et texte"
    bad = tmp_path / "pas-di.json"
    bad.write_text('{"type": "FeatureCollection"}')
    assert main(["annuaire", "importer", str(bad)]) == 2
    assert "n'est pas au format data·inclusion" in plain(capsys.readouterr().err)


def test_cli_import_refuses_invalid_and_names_the_record(db, tmp_path, capsys):
    from sante_locale.directory.models import Service

    path = tmp_path / "di.json"
    path.write_text(json.dumps({"structures": [], "services": [{"source": "x", "id": "x--1"}]}))
    assert main(["annuaire", "importer", str(path)]) == 2
    err = plain(capsys.readouterr().err)
    assert "rien n'a été importé" in err and "di.json, service n° 1 (id « x--1 »)" in err
    assert "--ignorer-invalides" in err and Service.objects.count() == 0


def test_reminders_by_frequency(db):
    from sante_locale.directory.reminders import due

    fresh = ServiceFactory(updated_on=dt.date(2026, 11, 1))
    old = ServiceFactory(updated_on=dt.date(2026, 1, 1), update_every_days=180)
    weekly = ServiceFactory(updated_on=dt.date(2026, 11, 20), update_every_days=7)
    assert [r.service for r in due()] == [old, weekly] and fresh not in [r.service for r in due()]


def test_cli_reminders(db, capsys):
    from sante_locale.accounts.factories import UserFactory
    from sante_locale.accounts.models import grant

    old = ServiceFactory(updated_on=dt.date(2026, 1, 1), name="Vieille permanence")
    editor = UserFactory(username="camille")
    grant(editor, "editor", old.structure)
    assert main(["annuaire", "rappels", "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows == [{"id": old.pk, "service": "Vieille permanence", "structure": old.structure.name,
                     "jours_depuis_mise_a_jour": 336, "jours_de_retard": 156, "editeurs": ["camille"]}]
