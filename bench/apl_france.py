"""Whole of France, commune level: inputs read from the database, pairs built, E2SFCA for GPs.

Run alone: ``.venv/bin/python bench/apl_france.py`` — prepares a temporary database with
``sante-locale demo --no-serve`` (real reference, fictive national supply; about 2
minutes), unless ``SANTE_LOCALE_HOME`` points to a prepared one. Goal: under 3 s and
1.5 GB peak memory. Each measure runs in a fresh process (peak = ``VmHWM``). Also prints
how many communes have no GP within 20 minutes with the old and the calibrated travel-time
model (``--modeles`` alone, on a prepared database).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time


def _peak_mb() -> float:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def child() -> None:
    import django

    django.setup()
    from sante_locale.accessibility import engine
    from sante_locale.accessibility.inputs import demand_units, supply_table
    from sante_locale.core.access.parameters import default_parameters

    params = default_parameters()
    times = {}
    start = time.perf_counter()
    units = demand_units()
    times["read_demand_s"] = time.perf_counter() - start
    t = time.perf_counter()
    supply = supply_table("medecin_generaliste", units)
    times["read_supply_s"] = time.perf_counter() - t
    t = time.perf_counter()
    computation = engine.compute(params, units, supply)
    times["pairs_and_e2sfca_s"] = time.perf_counter() - t
    times["total_s"] = time.perf_counter() - start
    t = time.perf_counter()
    engine.store(computation, "france", "bench")
    times["store_s"] = time.perf_counter() - t
    print(json.dumps({**times, "communes": len(units), "gp_activities": len(supply),
                      "sites": int(supply["site_id"].nunique()), "peak_mb": _peak_mb()}))


def compare_models() -> None:
    """Communes with no GP within 20 minutes, old (30/50/70 km/h) vs calibrated default model."""
    import django

    django.setup()
    import numpy as np

    from sante_locale.accessibility.inputs import demand_units, supply_table
    from sante_locale.core.access.nearest import nearest_site_minutes
    from sante_locale.core.access.roadtime import RoadTimeModel

    units = demand_units()
    sites = supply_table("medecin_generaliste", units).drop_duplicates("site_id")
    old = RoadTimeModel(speed_bands=((5.0, 30.0), (20.0, 50.0), (np.inf, 70.0)), intra_factor=0.5)
    for name, model in (("ancien modèle (30/50/70 km/h)", old), ("modèle calé (défaut)", RoadTimeModel())):
        near = nearest_site_minutes(units["lon"], units["lat"], sites["lon"], sites["lat"], model=model,
                                    demand_area_km2=units["area_km2"])
        beyond = near.minutes > 20
        print(f"  {name:<32} {int(beyond.sum()):6d} communes sans médecin généraliste à 20 min "
              f"({float(units['population'][beyond].sum()):,.0f} habitants)")


def main() -> None:
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="sante_locale.config.dev")
    env.pop("DATABASE_URL", None)
    temporary = None
    if "SANTE_LOCALE_HOME" not in os.environ:
        temporary = tempfile.mkdtemp(prefix="bench-apl-")
        env["SANTE_LOCALE_HOME"] = temporary
        exe = os.path.join(os.path.dirname(sys.executable), "sante-locale")
        print("Préparation de la base (référentiel réel, offre fictive nationale)…", flush=True)
        subprocess.run([exe, "demo", "--no-serve"], env=env, check=True, capture_output=True)
    runs = []
    for _ in range(3):
        out = subprocess.run([sys.executable, __file__, "--child"], env=env, check=True, capture_output=True,
                             text=True)
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    best = min(runs, key=lambda r: r["total_s"])
    print(f"France entière, {best['communes']} communes, {best['sites']} lieux, {best['gp_activities']} activités "
          "de médecins généralistes (offre fictive), 3 processus neufs, meilleur :")
    for key in ("read_demand_s", "read_supply_s", "pairs_and_e2sfca_s", "total_s", "store_s"):
        print(f"  {key:<20} {best[key]:6.2f} s   (tous : {', '.join(f'{r[key]:.2f}' for r in runs)})")
    print(f"  pic mémoire          {max(r['peak_mb'] for r in runs):6.0f} Mo")
    out = subprocess.run([sys.executable, __file__, "--modeles"], env=env, check=True, capture_output=True, text=True)
    print(out.stdout, end="")
    if temporary:
        shutil.rmtree(temporary, ignore_errors=True)


if __name__ == "__main__":
    if sys.argv[1:] == ["--child"]:
        child()
    elif sys.argv[1:] == ["--modeles"]:
        compare_models()
    else:
        main()
