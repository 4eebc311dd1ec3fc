"""Run APL computations on the database's inputs; record them only when asked.

A baseline run covers the whole of France (a few seconds) and is reused while its
parameters, inputs and travel-time model are unchanged; territory pages read their
communes from it. Computing and recording are apart: pages and portraits call
:func:`baseline` and :func:`simulate`, which read a stored run or compute in memory and
never write; only commands and jobs call :func:`record_baseline` and :func:`scenario`.
Every run records the travel-time model and its parameters (:func:`travel_record`), whose
fingerprint is part of the run's key: a new model never serves the old model's figures.
Scenarios are computed on the territory plus a margin wide enough for every site and
every population its communes reach (twice the catchment), so their values inside the
territory equal those of a national run.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import math
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from django.db import transaction

from sante_locale.accessibility.inputs import (
    InputError,
    demand_units,
    demand_vector,
    input_stamp,
    supply_table,
)
from sante_locale.accessibility.models import APLRun, APLValue
from sante_locale.core import clock
from sante_locale.core.access import scenarios as what_if
from sante_locale.core.access.apl import aggregate_apl, compute_apl, counted_fte
from sante_locale.core.access.costs import build_pairs
from sante_locale.core.access.nearest import nearest_site_minutes, population_beyond
from sante_locale.core.access.odtable import pairs_from_od_table
from sante_locale.core.access.parameters import APLParameters
from sante_locale.core.access.roadtime import RoadTimeModel
from sante_locale.core.geo import EARTH_RADIUS_KM, haversine_km
from sante_locale.core.map_classes import GP_APL, ClassScheme, apl_scheme
from sante_locale.core.professions import PROFESSIONS
from sante_locale.offer.models import Professional

MODEL = RoadTimeModel()  # the travel-time model of every computation (tests may swap it)


def _plain(value):
    """JSON-safe copy (tuples to lists, infinities to strings, numpy scalars to Python)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [_plain(v) for v in value]
    if isinstance(value, (np.floating, float)):
        value = float(value)
        return value if math.isfinite(value) else repr(value)
    if isinstance(value, np.integer):
        return int(value)
    return value


def travel_record(od_table=None, model: RoadTimeModel | None = None) -> dict:
    """What a run records of its travel times: model, parameters and fingerprint.

    The parameters are ``dataclasses.asdict`` of the (frozen) model, whatever its fields;
    with a user-supplied distancier, the file's name and SHA-256 instead.
    """
    if od_table is not None:
        digest = hashlib.sha256(Path(od_table).read_bytes()).hexdigest()
        return {"model": "distancier", "file": Path(str(od_table)).name, "fingerprint": digest}
    model = MODEL if model is None else model
    parameters = _plain(dataclasses.asdict(model))
    blob = json.dumps([type(model).__name__, parameters], sort_keys=True)
    return {"model": type(model).__name__, "parameters": parameters,
            "fingerprint": hashlib.sha256(blob.encode()).hexdigest()}


@dataclass
class Computation:
    """What one computation produced, before (or without) storage."""

    units: pd.DataFrame  # demand units with apl, unreached, nearest_minutes, demand
    params: APLParameters
    inputs: dict
    supply_counts: dict
    duration_s: float
    travel: dict = dataclasses.field(default_factory=dict)


def _key(params: APLParameters, stamp: dict, scope: str, scenario: dict | None = None,
         travel: dict | None = None) -> str:
    fingerprint = (travel or travel_record())["fingerprint"]
    blob = json.dumps([params.as_dict(), stamp, scope, scenario or {}, fingerprint], sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def compute(params: APLParameters, units: pd.DataFrame | None = None, supply: pd.DataFrame | None = None,
            od_table=None, demand: tuple | None = None) -> Computation:
    """APL and nearest-provider time for every demand unit (all of France by default).

    ``od_table``: a user-supplied origin–destination table (CSV or Parquet: origin,
    destination, minutes, with commune codes, such as INSEE Metric or OSRM output). Supply
    is then located at its commune, and every pair must be in the table. ``demand``: the
    demand of ``units`` and its source, as :func:`demand_vector` gives them (read once when
    several computations share the units).
    """
    start = time.perf_counter()
    model = MODEL
    travel = travel_record(od_table, model)
    units = demand_units() if units is None else units
    supply = supply_table(params.profession, units) if supply is None else supply
    if supply.empty:
        label = PROFESSIONS[params.profession].label if params.profession in PROFESSIONS else params.profession
        raise InputError(f"Offre vide : aucun professionnel « {label} » avec un lieu d'exercice n'est importé. "
                         "Importez l'Annuaire Santé (sante-locale import rpps FICHIER) ou lancez la démonstration.")
    demand, demand_source = demand_vector(units, params) if demand is None else demand
    total = demand.sum() if demand.ndim == 1 else demand.sum()
    if total <= 0:
        raise InputError("Territoire sans population : l'APL n'a pas de sens ici (population nulle ou inconnue).")
    unit_index = {pk: i for i, pk in enumerate(units["pk"])}
    if od_table is not None:
        supply = supply[supply["commune_pk"].isin(unit_index)]
        sites = supply.drop_duplicates("commune_pk")[["commune_pk", "lon", "lat"]].reset_index(drop=True)
        sites["site_id"] = sites["commune_pk"]
        codes = dict(zip(units["pk"], units["insee_code"], strict=True))
        pairs = pairs_from_od_table(od_table, units["insee_code"].tolist(),
                                    [codes[pk] for pk in sites["commune_pk"]], params.catchment_minutes)
        people = supply.assign(supply_index=supply["commune_pk"].map({pk: i for i, pk in
                                                                       enumerate(sites["commune_pk"])}))
    else:
        sites = supply.drop_duplicates("site_id")[["site_id", "lon", "lat", "commune_pk"]].reset_index(drop=True)
        site_index = {s: i for i, s in enumerate(sites["site_id"])}
        same_unit = np.array([unit_index.get(pk, -1) for pk in sites["commune_pk"]], dtype=np.int64)
        pairs = build_pairs(units["lon"], units["lat"], sites["lon"], sites["lat"], params.catchment_minutes,
                            model, demand_area_km2=units["area_km2"], same_unit=same_unit)
        people = supply.assign(supply_index=supply["site_id"].map(site_index))
    inputs = {**input_stamp(), **demand_source,
              "temps_de_trajet": f"distancier fourni ({Path(str(od_table)).name})" if od_table is not None
              else "estimés à vol d'oiseau, modèle calé sur le distancier Metric (Insee)"}
    result = compute_apl(pairs, demand, people, params, inputs=inputs)
    nearest = nearest_site_minutes(units["lon"], units["lat"], sites["lon"], sites["lat"], model=model,
                                   demand_area_km2=units["area_km2"])
    units = units.assign(apl=result.values, unreached=result.unreached, demand=demand if demand.ndim == 1
                         else demand.sum(axis=1), nearest_minutes=_as_minutes(nearest))
    return Computation(units, params, result.inputs, result.supply_counts, time.perf_counter() - start, travel)


NEAREST_LIMIT_MINUTES = 180.0  # beyond this (across a sea, say) the nearest site is "none within reach"


def _as_minutes(nearest) -> np.ndarray:
    minutes = np.asarray(getattr(nearest, "minutes", nearest), dtype=float)
    return np.where(minutes > NEAREST_LIMIT_MINUTES, np.inf, minutes)


def summarize(units: pd.DataFrame, classes: ClassScheme | None = GP_APL) -> dict:
    """Figures of a set of units: aggregated APL, population under the threshold of
    ``classes`` (2.5 for GPs; ``None`` figures when there is no official threshold), beyond
    10/20/30 min."""
    population = units["population"].to_numpy(float)
    demand = units["demand"].to_numpy(float)
    apl = units["apl"].to_numpy(float)
    beyond = population_beyond(units["nearest_minutes"].to_numpy(float), population)
    total = float(population.sum())
    if classes is not None and classes.threshold is not None:
        below = classes.below(apl)
        under, communes_under = float(population[below].sum()), int(below.sum())
    else:
        under = communes_under = None
    return {
        "apl_mean": aggregate_apl(apl, demand) if demand.sum() > 0 else None,
        "population": total,
        "population_under_threshold": under,
        "share_under_threshold": under / total if total and under is not None else None,
        "communes_under_threshold": communes_under,
        "communes": len(units),
        "population_beyond": {str(int(k)): float(v) for k, v in beyond.items()},
    }


def baseline_key(params: APLParameters, od_table=None) -> str:
    """Fingerprint of the national run for ``params``: inputs and travel-time model included."""
    return _key(params, input_stamp(), "france", travel=travel_record(od_table))


def stored_baseline(params: APLParameters, od_table=None) -> APLRun | None:
    """The stored national run for ``params`` and the current inputs and model, if any."""
    return APLRun.objects.filter(key=baseline_key(params, od_table), kind="baseline").first()


_COMPUTED: dict[str, APLRun] = {}  # national runs computed for reading, never stored (per process)
_COMPUTED_LOCK = threading.Lock()
_COMPUTED_MAX = 4


def baseline(params: APLParameters, od_table=None) -> APLRun:
    """The national run for ``params`` to read: the stored one, else computed in memory.

    Never writes: a run computed here is an unsaved :class:`APLRun` (``pk`` is ``None``)
    carrying its values; it is kept in this process under its key (inputs and model
    included) so that the next page does not compute it again.
    """
    key = baseline_key(params, od_table)
    run = APLRun.objects.filter(key=key, kind="baseline").first()
    if run is not None:
        return run
    with _COMPUTED_LOCK:
        if key in _COMPUTED:
            return _COMPUTED[key]
        run = unsaved_run(compute(params, od_table=od_table), "france", key)
        while len(_COMPUTED) >= _COMPUTED_MAX:
            _COMPUTED.pop(next(iter(_COMPUTED)))
        _COMPUTED[key] = run
        return run


def forget_computed() -> None:
    """Drop the national runs computed in memory (tests, or after an import)."""
    with _COMPUTED_LOCK:
        _COMPUTED.clear()


def record_baseline(params: APLParameters, od_table=None) -> APLRun:
    """The stored national run for ``params``, computed and stored if missing (commands, jobs)."""
    key = baseline_key(params, od_table)
    run = APLRun.objects.filter(key=key, kind="baseline").first()
    if run is not None:
        return run
    return store(compute(params, od_table=od_table), "france", key)


def _run_fields(computation: Computation, scope: str, key: str, kind: str, scenario: dict | None) -> dict:
    return dict(kind=kind, profession=computation.params.profession, parameters=computation.params.as_dict(),
                key=key, scope=scope, inputs=computation.inputs, scenario=scenario or {},
                travel_model=computation.travel, fictive=bool(computation.inputs.get("fictive")),
                summary={**summarize(computation.units, apl_scheme(computation.params.profession)),
                         "supply": computation.supply_counts},
                duration_s=computation.duration_s)


def _frame_of(units: pd.DataFrame) -> pd.DataFrame:
    frame = units[["pk", "insee_code", "name", "population", "demand", "apl", "unreached",
                   "nearest_minutes"]].reset_index(drop=True)
    return frame.assign(nearest_minutes=frame["nearest_minutes"].astype(float))


def unsaved_run(computation: Computation, scope: str, key: str, kind: str = "baseline",
                scenario: dict | None = None) -> APLRun:
    """An :class:`APLRun` for reading only (not stored), with its values in ``run.frame``."""
    run = APLRun(**_run_fields(computation, scope, key, kind, scenario), created_at=clock.now())
    run.frame = _frame_of(computation.units)
    return run


def store(computation: Computation, scope: str, key: str, kind: str = "baseline", scenario: dict | None = None,
          ) -> APLRun:
    units = computation.units
    with transaction.atomic():
        run = APLRun.objects.create(**_run_fields(computation, scope, key, kind, scenario))
        APLValue.objects.bulk_create(
            [APLValue(run=run, commune_id=int(pk), apl=float(a), unreached=bool(u),
                      nearest_minutes=None if not np.isfinite(m) else float(m), population=float(p), demand=float(d))
             for pk, a, u, m, p, d in zip(units["pk"], units["apl"], units["unreached"], units["nearest_minutes"],
                                          units["population"], units["demand"], strict=True)],
            batch_size=5000)
    return run


def run_frame(run: APLRun, commune_ids=None) -> pd.DataFrame:
    """Values of ``run`` as a DataFrame (``pk, insee_code, name, population, apl, …``).

    A run computed for reading (see :func:`baseline`) carries its values; a stored one
    reads them from the database.
    """
    if run.pk is None:
        frame = run.frame
        if commune_ids is not None:
            frame = frame[frame["pk"].isin(set(commune_ids))]
        return frame.reset_index(drop=True).copy()
    qs = run.values.all()
    if commune_ids is not None:
        qs = qs.filter(commune_id__in=list(commune_ids))
    rows = list(qs.values_list("commune_id", "commune__insee_code", "commune__name", "population", "demand", "apl",
                               "unreached", "nearest_minutes"))
    frame = pd.DataFrame(rows, columns=["pk", "insee_code", "name", "population", "demand", "apl", "unreached",
                                        "nearest_minutes"])
    frame["nearest_minutes"] = frame["nearest_minutes"].astype(float).fillna(np.inf)
    return frame


# --- scenarios ----------------------------------------------------------------------------


@dataclass
class ScenarioResult:
    run: APLRun  # stored by :func:`scenario`; unsaved (``pk`` None) from :func:`simulate`
    comparison: pd.DataFrame  # per commune of the territory: apl_before, apl_after, difference…
    summary: dict  # before, after, change, and changes: what the scenario did (see :func:`_changes`)
    computation: Computation | None = None


def scenario(params: APLParameters, territory_ids: list[int], description: dict, new_sites=(), retire_age=None,
             close_sites=(), retire_ids=(), new_points=()) -> ScenarioResult:
    """:func:`simulate` the what-if change, then record it as a scenario run (commands)."""
    result = simulate(params, territory_ids, description, new_sites, retire_age, close_sites, retire_ids,
                      new_points)
    run = store(result.computation, description.get("territory", "scénario"), result.run.key, kind="scenario",
                scenario=description)
    run.summary = {**run.summary, "before": result.summary["before"]}
    run.save(update_fields=["summary"])
    result.run = run
    return result


def simulate(params: APLParameters, territory_ids: list[int], description: dict, new_sites=(), retire_age=None,
             close_sites=(), retire_ids=(), new_points=()) -> ScenarioResult:
    """Before/after APL for the communes ``territory_ids`` under a what-if change (never stored).

    ``new_sites``: (commune_pk, fte) pairs, a centre de santé of ``fte`` professionals each
    counted as 5,400 acts; ``new_points``: (lon, lat, fte) for a centre at a point;
    ``retire_age``: professionals older than this leave; ``retire_ids``: these RPPS
    identifiers leave; ``close_sites``: site keys closed.
    """
    start = time.perf_counter()
    inside = demand_units(territory_ids)
    if inside.empty:
        raise InputError("Territoire vide : aucune commune à évaluer.")
    margin_km = 2 * MODEL.max_distance_km(params.catchment_minutes) + 5
    lon0, lat0 = inside["lon"].to_numpy(), inside["lat"].to_numpy()
    units = units_within(lon0, lat0, margin_km)
    supply = supply_table(params.profession, units, communes=units["pk"])
    demand = demand_vector(units, params)  # the same before and after: read once
    before = compute(params, units, supply, demand=demand)
    supply = supply.assign(row=np.arange(len(supply)))  # to tell, after the changes, which rows left
    after_supply = _changed_supply(supply, units, retire_age, retire_ids, close_sites, new_sites, new_points,
                                   margin_km, lon0, lat0)
    after = compute(params, units, after_supply, demand=demand)
    keep = units["pk"].isin(territory_ids).to_numpy()
    after_units = after.units[keep].reset_index(drop=True)
    before_units = before.units[keep].reset_index(drop=True)
    classes = apl_scheme(params.profession)
    compared = what_if.compare(before_units["apl"].to_numpy(), after_units["apl"].to_numpy(),
                               before_units["population"].to_numpy(),
                               threshold=None if classes is None else classes.threshold)
    table = compared.table.assign(pk=before_units["pk"].to_numpy(), insee_code=before_units["insee_code"].to_numpy(),
                                  name=before_units["name"].to_numpy())
    summary = {"before": summarize(before_units, classes), "after": summarize(after_units, classes),
               "change": compared.summary,
               "changes": _changes(params, supply, after_supply, set(territory_ids), retire_age, units)}
    key = _key(params, input_stamp(), "scenario", description, travel=after.travel)
    after.duration_s = time.perf_counter() - start
    computation = Computation(after_units, params, after.inputs, after.supply_counts, after.duration_s, after.travel)
    run = unsaved_run(computation, description.get("territory", "scénario"), key, kind="scenario",
                      scenario=description)
    run.summary = {**run.summary, "before": summary["before"], "changes": summary["changes"]}
    return ScenarioResult(run, table, summary, computation)


def _changes(params: APLParameters, supply: pd.DataFrame, changed: pd.DataFrame, territory: set,
             retire_age, units: pd.DataFrame) -> dict:
    """What a scenario changed in the supply, in the territory and around it (within the
    margin, whose professionals also serve the territory): professionals and counted FTE
    (:func:`~sante_locale.core.access.apl.counted_fte`) that leave, by the age rule
    (:func:`~sante_locale.core.access.scenarios.leaving`) and in all, the new centres, and
    the counted FTE of the territory before and after."""
    fte = counted_fte(supply, params)
    inside = supply["commune_pk"].isin(territory).to_numpy()
    gone = ~supply["row"].isin(changed["row"].dropna()).to_numpy()

    def tally(mask) -> dict:
        ids_in = set(supply.loc[mask & inside, "professional_id"])
        ids_out = set(supply.loc[mask & ~inside, "professional_id"]) - ids_in
        return {"territory": {"professionals": len(ids_in), "fte": float(fte[mask & inside].sum())},
                "around": {"professionals": len(ids_out), "fte": float(fte[mask & ~inside].sum())}}

    out = {"departures": tally(gone), "retire_age": retire_age, "by_age": None}
    if retire_age is not None:
        out["by_age"] = tally(what_if.leaving(supply["age"].to_numpy(), retire_age))
        unknown = supply["age"].isna().to_numpy() & inside
        out["unknown_age_territory"] = int(supply.loc[unknown, "professional_id"].nunique())
    added = changed[changed["row"].isna()]
    names = dict(zip(units["pk"], units["name"], strict=True))
    codes = dict(zip(units["pk"], units["insee_code"], strict=True))
    centres = []
    for r in added.itertuples(index=False):
        commune = None if pd.isna(r.commune_pk) else int(r.commune_pk)
        centres.append({"insee_code": codes.get(commune), "name": names.get(commune), "lon": float(r.lon),
                        "lat": float(r.lat), "fte": float(r.fte)})
    out["new_centres"] = centres
    after_fte = counted_fte(changed, params)
    out["fte_territory"] = {"before": float(fte[inside].sum()),
                            "after": float(after_fte[changed["commune_pk"].isin(territory).to_numpy()].sum())}
    return out


def units_within(lon, lat, margin_km: float) -> pd.DataFrame:
    """The demand units within ``margin_km`` (great circle) of any of the points ``lon, lat``.

    Read from a box around the points (wider than the margin: a degree of longitude is
    shortest at the highest latitude), then kept by their exact distance, so that the units
    are those a national frame filtered by distance would give, in the same order.
    """
    lon, lat = np.asarray(lon, float), np.asarray(lat, float)
    lat_margin = margin_km / KM_PER_DEGREE + 0.01
    top = min(float(np.max(np.abs(lat))) + lat_margin, 89.0)
    lon_margin = margin_km / (KM_PER_DEGREE * math.cos(math.radians(top))) + 0.01
    box = (float(lon.min()) - lon_margin, float(lon.max()) + lon_margin, float(lat.min()) - lat_margin,
           float(lat.max()) + lat_margin)
    near = demand_units(within=box)
    distance = np.full(len(near), np.inf)
    for x, y in zip(lon, lat, strict=True):
        distance = np.minimum(distance, haversine_km(near["lon"].to_numpy(), near["lat"].to_numpy(), x, y))
    return near[distance <= margin_km].reset_index(drop=True)


KM_PER_DEGREE = 2 * math.pi * EARTH_RADIUS_KM / 360  # along a meridian; ~111.2 km


def _changed_supply(supply, units, retire_age, retire_ids, close_sites, new_sites, new_points, margin_km, lon0, lat0):
    """The supply after the what-if changes (French errors name what cannot be applied)."""
    changed = supply
    if retire_age is not None:
        changed = what_if.retire(changed, age_from=retire_age)
    if retire_ids:
        known = dict(Professional.objects.filter(rpps_id__in=list(retire_ids)).values_list("rpps_id", "pk"))
        unknown = sorted(set(retire_ids) - known.keys())
        if unknown:
            raise InputError(f"Départs : identifiant(s) RPPS inconnu(s) {', '.join(unknown[:5])}. Vérifiez-les.")
        present = [known[r] for r in retire_ids if known[r] in set(changed["professional_id"])]
        if not present:
            raise InputError("Départs : aucun de ces professionnels n'exerce cette profession dans le périmètre.")
        changed = what_if.retire(changed, ids=present)
    for key in close_sites:
        ids = changed.loc[changed["site_key"] == key, "site_id"]
        if ids.empty:
            raise InputError(f"Lieu d'exercice « {key} » inconnu dans ce périmètre : rien n'a été fermé.")
        changed = what_if.close_site(changed, ids.iloc[0])
    places = []
    for commune_pk, fte in new_sites:
        row = units.loc[units["pk"] == commune_pk]
        if row.empty:
            raise InputError("La commune du nouveau centre n'est pas dans le périmètre du calcul.")
        places.append((float(row["lon"].iloc[0]), float(row["lat"].iloc[0]), fte, commune_pk))
    for lon, lat, fte in new_points:
        if float(np.min(haversine_km(lon0, lat0, lon, lat))) > margin_km / 2:
            raise InputError(f"Nouveau centre au point {lon}, {lat} : trop loin du territoire pour en changer l'APL "
                             "(plus d'un temps d'accès maximal). Vérifiez l'ordre longitude, latitude.")
        places.append((lon, lat, fte, None))
    for n, (lon, lat, fte, commune_pk) in enumerate(places):
        changed = what_if.open_site(changed, fte, lon=lon, lat=lat, site_id=f"scenario-{n + 1}")
        changed.loc[changed.index[-1], ["commune_pk", "site_key"]] = [commune_pk, f"scenario-{n + 1}"]
    return changed
