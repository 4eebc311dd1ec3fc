"""Reading never writes: a portrait build and GETs of the APL, scenario and portrait pages
leave every table's row count unchanged; only commands record runs. The portrait cache is
keyed by format version, travel-time model and date, and safe under threads."""

import dataclasses
import datetime as dt
import json
import pickle
import threading
import time

import pytest
from django.apps import apps

from sante_locale.accessibility import engine
from sante_locale.accessibility.models import APLRun
from sante_locale.accessibility.report import demand_unit_ids, territory_apl
from sante_locale.cli import main
from sante_locale.core import clock
from sante_locale.core.access.parameters import RETIREMENT_AGES, default_parameters
from sante_locale.portraits import gather as gathering
from sante_locale.portraits import service
from sante_locale.territories.models import EPCI

pytestmark = pytest.mark.django_db

LENS_LIEVIN = "246200364"


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.fixture
def lens_lievin(demo_supply):
    return EPCI.objects.get(epci_siren=LENS_LIEVIN)


def test_a_portrait_build_stores_nothing(lens_lievin):
    before = row_counts()
    portrait = service.portrait_of(lens_lievin, EPCI.objects.get(epci_siren="246200299"))
    assert row_counts() == before
    # the retirement scenarios were simulated (not skipped) and the APL computed in memory
    assert not portrait.figure(f"under_if_{RETIREMENT_AGES[0]}_stop").is_missing
    assert not portrait.figure("apl_mean").is_missing


def test_gets_of_the_apl_scenario_and_portrait_pages_store_nothing(lens_lievin, client, user):
    client.force_login(user)
    before = row_counts()
    base = f"/territoires/epci/{LENS_LIEVIN}"
    for url in (f"{base}/apl/", f"{base}/apl/?age_max=65", f"{base}/apl/plus-proche/", f"{base}/apl/scenario/",
                f"{base}/portrait/", f"{base}/portrait/?pair=epci:246200299"):
        response = client.get(url)
        assert response.status_code == 200, url
    assert row_counts() == before


def test_commands_record_the_baseline_and_pages_then_read_it(lens_lievin, capsys):
    assert main(["apl", "calculer", "--territoire", f"epci:{LENS_LIEVIN}", "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)["resume"]
    run = APLRun.objects.get(kind="baseline")
    summary = territory_apl(lens_lievin, default_parameters()).summary  # stored keys in English
    assert shown["apl_moyenne"] == pytest.approx(summary["apl_mean"])  # French at the edge
    assert shown["population_sous_2_5"] == pytest.approx(summary["population_under_threshold"])
    assert shown["communes_sous_2_5"] == summary["communes_under_threshold"]
    assert engine.baseline(default_parameters()).pk == run.pk
    assert engine.stored_baseline(default_parameters()).pk == run.pk


def test_every_stored_run_records_its_travel_time_model(lens_lievin):
    run = engine.record_baseline(default_parameters())
    fields = dataclasses.asdict(engine.MODEL)
    assert run.travel_model["model"] == "RoadTimeModel"
    assert set(run.travel_model["parameters"]) == set(fields)
    assert run.travel_model["parameters"]["detour_factor"] == fields["detour_factor"]
    assert len(run.travel_model["fingerprint"]) == 64
    ids = demand_unit_ids(lens_lievin)
    scenario = engine.scenario(default_parameters(), ids, {"territoire": "x"}, retire_age=60)
    assert scenario.run.travel_model == run.travel_model


def test_a_new_travel_time_model_serves_no_stale_figures(lens_lievin, monkeypatch):
    params = default_parameters()
    old_run = engine.record_baseline(params)
    old_key = service.cache_key(lens_lievin)
    old = service.portrait_of(lens_lievin)
    slower = dataclasses.replace(engine.MODEL, detour_factor=engine.MODEL.detour_factor + 0.4)
    monkeypatch.setattr(engine, "MODEL", slower)
    service._MEMORY.clear()  # a new process: only the disk cache and the database remain
    assert engine.stored_baseline(params) is None  # the stored baseline belongs to the old model
    assert engine.baseline(params).travel_model["fingerprint"] != old_run.travel_model["fingerprint"]
    assert service.cache_key(lens_lievin) != old_key
    new = service.portrait_of(lens_lievin)
    minutes = [(a["nearest_minutes"], b["nearest_minutes"]) for a, b in zip(old.communes.rows, new.communes.rows,
                                                                           strict=True)]
    assert all(b >= a for a, b in minutes if a is not None and b is not None)
    assert any(b > a for a, b in minutes if a is not None and b is not None)
    assert new.figure("beyond_20").value >= old.figure("beyond_20").value
    new_run = engine.record_baseline(params)
    assert new_run.pk != old_run.pk and new_run.travel_model["parameters"]["detour_factor"] == slower.detour_factor
    monkeypatch.setattr(engine, "MODEL", dataclasses.replace(slower, detour_factor=old_run.travel_model[
        "parameters"]["detour_factor"]))
    assert engine.stored_baseline(params).pk == old_run.pk  # the old model finds its own run again
    assert service.cache_key(lens_lievin) == old_key


def test_the_portrait_cache_key_follows_the_date_and_the_format(lens_lievin, monkeypatch):
    key = service.cache_key(lens_lievin)
    monkeypatch.setattr(clock, "today", lambda: dt.date(2031, 1, 2))
    dated = service.cache_key(lens_lievin)
    assert dated != key
    monkeypatch.setattr(service, "FORMAT_VERSION", service.FORMAT_VERSION + 1)
    assert service.cache_key(lens_lievin) not in (key, dated)


def test_the_portrait_cache_is_safe_under_threads(lens_lievin, monkeypatch, tmp_path):
    """Threads asking for the same portrait and file get one build and whole files."""
    key = service.cache_key(lens_lievin)
    inputs = gathering.gather(lens_lievin)
    calls = []

    def slow_gather(unit, peer=None):  # the real inputs, gathered slowly, counted
        calls.append(unit.code)
        time.sleep(0.3)
        return inputs

    monkeypatch.setattr(service, "cache_key", lambda unit, peer=None: key)  # threads have no test DB
    monkeypatch.setattr(service, "gather", slow_gather)
    results, errors = [], []

    def ask(fmt):
        try:
            results.append(service.export(lens_lievin, fmt).read_bytes() if fmt else
                           service.portrait_of(lens_lievin))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=ask, args=(fmt,)) for fmt in (None, "csv", None, "csv", "csv", None)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert calls == [LENS_LIEVIN]
    files = [r for r in results if isinstance(r, bytes)]
    assert len(files) == 3 and len(set(files)) == 1 and files[0]
    assert pickle.loads((tmp_path / f"{key}.pickle").read_bytes()).figure("population").value == 241934
    assert not [p for p in tmp_path.iterdir() if "partiel" in p.name]
