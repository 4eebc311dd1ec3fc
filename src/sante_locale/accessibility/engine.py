"""Run APL computations on the database's inputs and store them with their parameters.

A baseline run covers the whole of France (a few seconds) and is reused while its
parameters and inputs are unchanged; territory pages read their communes from it.
Scenarios are computed on the territory plus a margin wide enough for every site and
every population its communes reach (twice the catchment), so their values inside the
territory equal those of a national run.
"""

from __future__ import annotations

import hashlib
import json
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
from sante_locale.core.access import scenarios as what_if
from sante_locale.core.access.apl import aggregate_apl, compute_apl
from sante_locale.core.access.costs import build_pairs
from sante_locale.core.access.nearest import nearest_site_minutes, population_beyond
from sante_locale.core.access.odtable import pairs_from_od_table
from sante_locale.core.access.parameters import APLParameters
from sante_locale.core.access.roadtime import RoadTimeModel
from sante_locale.core.geo import haversine_km
from sante_locale.core.professions import PROFESSIONS
from sante_locale.offer.models import Professional

MODEL = RoadTimeModel()


@dataclass
class Computation:
    """What one computation produced, before (or without) storage."""

    units: pd.DataFrame  # demand units with apl, unreached, nearest_minutes, demand
    params: APLParameters
    inputs: dict
    supply_counts: dict
    duration_s: float


def _key(params: APLParameters, stamp: dict, scope: str, scenario: dict | None = None) -> str:
    blob = json.dumps([params.as_dict(), stamp, scope, scenario or {}], sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def compute(params: APLParameters, units: pd.DataFrame | None = None, supply: pd.DataFrame | None = None,
            od_table=None) -> Computation:
    """APL and nearest-provider time for every demand unit (all of France by default).

    ``od_table``: a user-supplied origin–destination table (CSV or Parquet: origin,
    destination, minutes, with commune codes, such as INSEE Metric or OSRM output). Supply
    is then located at its commune, and every pair must be in the table.
    """
    start = time.perf_counter()
    units = demand_units() if units is None else units
    supply = supply_table(params.profession, units) if supply is None else supply
    if supply.empty:
        label = PROFESSIONS[params.profession].label if params.profession in PROFESSIONS else params.profession
        raise InputError(f"Offre vide : aucun professionnel « {label} » avec un lieu d'exercice n'est importé. "
                         "Importez l'Annuaire Santé (sante-locale import rpps FICHIER) ou lancez la démonstration.")
    demand, demand_source = demand_vector(units, params)
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
                            MODEL, demand_area_km2=units["area_km2"], same_unit=same_unit)
        people = supply.assign(supply_index=supply["site_id"].map(site_index))
    inputs = {**input_stamp(), **demand_source,
              "temps_de_trajet": f"distancier fourni ({Path(str(od_table)).name})" if od_table is not None
              else "estimés à vol d'oiseau, modèle calé sur le distancier Metric (Insee)"}
    result = compute_apl(pairs, demand, people, params, inputs=inputs)
    nearest = nearest_site_minutes(units["lon"], units["lat"], sites["lon"], sites["lat"], model=MODEL,
                                   demand_area_km2=units["area_km2"])
    units = units.assign(apl=result.values, unreached=result.unreached, demand=demand if demand.ndim == 1
                         else demand.sum(axis=1), nearest_minutes=_as_minutes(nearest))
    return Computation(units, params, result.inputs, result.supply_counts, time.perf_counter() - start)


NEAREST_LIMIT_MINUTES = 180.0  # beyond this (across a sea, say) the nearest site is "none within reach"


def _as_minutes(nearest) -> np.ndarray:
    minutes = np.asarray(getattr(nearest, "minutes", nearest), dtype=float)
    return np.where(minutes > NEAREST_LIMIT_MINUTES, np.inf, minutes)


def summarize(units: pd.DataFrame) -> dict:
    """Figures of a set of units: aggregated APL, population under 2.5, beyond 10/20/30 min."""
    population = units["population"].to_numpy(float)
    demand = units["demand"].to_numpy(float)
    apl = units["apl"].to_numpy(float)
    beyond = population_beyond(units["nearest_minutes"].to_numpy(float), population)
    total = float(population.sum())
    under = float(population[apl < 2.5].sum())
    return {
        "apl_moyenne": aggregate_apl(apl, demand) if demand.sum() > 0 else None,
        "population": total,
        "population_sous_2_5": under,
        "part_sous_2_5": under / total if total else None,
        "communes_sous_2_5": int((apl < 2.5).sum()),
        "communes": len(units),
        "population_au_dela": {str(int(k)): float(v) for k, v in beyond.items()},
    }


def baseline(params: APLParameters, od_table=None) -> APLRun:
    """The stored national run for ``params`` and the current inputs, computed if needed."""
    stamp = input_stamp()
    if od_table is not None:
        stamp["distancier"] = hashlib.sha256(Path(od_table).read_bytes()).hexdigest()
    key = _key(params, stamp, "france")
    run = APLRun.objects.filter(key=key, kind="baseline").first()
    if run is not None:
        return run
    computation = compute(params, od_table=od_table)
    return store(computation, "france", key)


def store(computation: Computation, scope: str, key: str, kind: str = "baseline", scenario: dict | None = None,
          ) -> APLRun:
    units = computation.units
    with transaction.atomic():
        run = APLRun.objects.create(
            kind=kind, profession=computation.params.profession, parameters=computation.params.as_dict(),
            key=key, scope=scope, inputs=computation.inputs, scenario=scenario or {},
            fictive=bool(computation.inputs.get("fictive")), summary={**summarize(units),
                                                                     "offre": computation.supply_counts},
            duration_s=computation.duration_s)
        APLValue.objects.bulk_create(
            [APLValue(run=run, commune_id=int(pk), apl=float(a), unreached=bool(u),
                      nearest_minutes=None if not np.isfinite(m) else float(m), population=float(p), demand=float(d))
             for pk, a, u, m, p, d in zip(units["pk"], units["apl"], units["unreached"], units["nearest_minutes"],
                                          units["population"], units["demand"], strict=True)],
            batch_size=5000)
    return run


def run_frame(run: APLRun, commune_ids=None) -> pd.DataFrame:
    """Stored values of ``run`` as a DataFrame (``pk, insee_code, name, population, apl, …``)."""
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
    run: APLRun
    comparison: pd.DataFrame  # per commune of the territory: apl_before, apl_after, difference…
    summary: dict


def scenario(params: APLParameters, territory_ids: list[int], description: dict, new_sites=(), retire_age=None,
             close_sites=(), retire_ids=(), new_points=()) -> ScenarioResult:
    """Before/after APL for the communes ``territory_ids`` under a what-if change.

    ``new_sites``: (commune_pk, fte) pairs, a centre de santé of ``fte`` professionals each
    counted as 5,400 acts; ``new_points``: (lon, lat, fte) for a centre at a point;
    ``retire_age``: professionals older than this leave; ``retire_ids``: these RPPS
    identifiers leave; ``close_sites``: site keys closed.
    """
    start = time.perf_counter()
    everything = demand_units()
    inside = everything[everything["pk"].isin(territory_ids)]
    if inside.empty:
        raise InputError("Territoire vide : aucune commune à évaluer.")
    margin_km = 2 * MODEL.max_distance_km(params.catchment_minutes) + 5
    lon0, lat0 = inside["lon"].to_numpy(), inside["lat"].to_numpy()
    distance = np.full(len(everything), np.inf)
    for lon, lat in zip(lon0, lat0, strict=True):
        distance = np.minimum(distance, haversine_km(everything["lon"].to_numpy(), everything["lat"].to_numpy(),
                                                     lon, lat))
    units = everything[distance <= margin_km].reset_index(drop=True)
    supply = supply_table(params.profession, units)
    supply = supply[supply["commune_pk"].isin(set(units["pk"])) | supply["commune_pk"].isna()]
    before = compute(params, units, supply)
    after_supply = _changed_supply(supply, units, retire_age, retire_ids, close_sites, new_sites, new_points,
                                   margin_km, lon0, lat0)
    after = compute(params, units, after_supply)
    keep = units["pk"].isin(territory_ids).to_numpy()
    after_units = after.units[keep].reset_index(drop=True)
    before_units = before.units[keep].reset_index(drop=True)
    compared = what_if.compare(before_units["apl"].to_numpy(), after_units["apl"].to_numpy(),
                               before_units["population"].to_numpy())
    table = compared.table.assign(pk=before_units["pk"].to_numpy(), insee_code=before_units["insee_code"].to_numpy(),
                                  name=before_units["name"].to_numpy())
    summary = {"avant": summarize(before_units), "apres": summarize(after_units), "changement": compared.summary}
    key = _key(params, input_stamp(), "scenario", description)
    after.duration_s = time.perf_counter() - start
    run = store(Computation(after_units, params, after.inputs, after.supply_counts, after.duration_s),
                description.get("territoire", "scénario"), key, kind="scenario", scenario=description)
    run.summary = {**run.summary, "avant": summary["avant"]}
    run.save(update_fields=["summary"])
    return ScenarioResult(run, table, summary)


def _changed_supply(supply, units, retire_age, retire_ids, close_sites, new_sites, new_points, margin_km, lon0, lat0):
    """The supply after the what-if changes (French errors name what cannot be applied)."""
    changed = supply
    if retire_age is not None:
        changed = what_if.retire(changed, age_above=retire_age)
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
