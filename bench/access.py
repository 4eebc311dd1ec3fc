"""Benchmark of the accessibility engine (``sante_locale.core.access``).

Run alone: ``.venv/bin/python bench/access.py [--quick]``. Prints Markdown tables:

(a) E2SFCA from the same pairs table: our kernel vs pysal ``access`` 1.1.10
    ``enhanced_two_stage_fca`` (35k demand × 10k sites, uniform and clustered towns);
(b) the kernel alone vs two bare scipy sparse mat-vecs on the same CSR matrix;
(c) fine grain: 200 m grid-like demand points over ~30,000 km² of northern France ×
    3,000 sites, pairs built in chunks; time and peak memory at three sizes (each size in
    a fresh subprocess so ``ru_maxrss`` is that size's own peak).

``bench_france(communes_df, sites_df)`` is the hook for the whole-France figure.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
import tracemalloc
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from sante_locale.core.access.apl import DREES_GP_BANDS, APLParameters, compute_apl
from sante_locale.core.access.costs import Pairs, RoadTimeModel, build_pairs
from sante_locale.core.access.fca import enhanced_two_step_fca, step, weight_matrix

BANDS = list(DREES_GP_BANDS)
# about 29,500 km² in Hauts-de-France (Amiens, Lille, Saint-Quentin…)
FINE_BBOX = (1.8, 49.4, 4.2, 50.95)


def _best(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def _points(rng, n, bbox, towns=None, sigma_km=4.0):
    lon0, lat0, lon1, lat1 = bbox
    if towns is None:
        return rng.uniform(lon0, lon1, n), rng.uniform(lat0, lat1, n)
    k = rng.integers(0, len(towns[0]), n)
    dlat = rng.normal(0, sigma_km / 111.2, n)
    dlon = rng.normal(0, sigma_km / (111.2 * np.cos(np.radians(towns[1][k]))), n)
    return towns[0][k] + dlon, towns[1][k] + dlat


def make_problem(kind: str, n_demand: int, n_supply: int, seed: int = 0):
    """Random problem as pairs (catchment 20 min), demand and supply vectors."""
    rng = np.random.default_rng(seed)
    bbox = (0.0, 46.0, 4.3, 48.8)  # ~ 320 × 310 km
    towns = None
    if kind == "clustered":
        towns = _points(rng, 60, bbox)
    dlon, dlat = _points(rng, n_demand, bbox, towns)
    slon, slat = _points(rng, n_supply, bbox, towns)
    pairs = build_pairs(dlon, dlat, slon, slat, 20.0)
    demand = rng.uniform(50, 3000, n_demand)
    supply = rng.choice([3600.0, 4500.0, 5400.0, 6000.0], n_supply)
    return pairs, demand, supply


def _import_pysal_access():
    """This file is also named ``access``: keep it from shadowing pysal's package."""
    here = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != here]
    mod = sys.modules.get("access")
    if mod is not None and Path(getattr(mod, "__file__", "")).resolve() == Path(__file__).resolve():
        del sys.modules["access"]
    import access

    return access


def run_pysal(pairs: Pairs, demand, supply):
    access = _import_pysal_access()
    Access, weights = access.Access, access.weights

    demand_df = pd.DataFrame({"geoid": np.arange(pairs.n_demand), "pop": demand})
    supply_df = pd.DataFrame({"geoid": np.arange(pairs.n_supply), "doc": supply})
    cost_df = pd.DataFrame(
        {"origin": pairs.demand_index, "dest": pairs.supply_index, "cost": pairs.minutes}
    )
    t0 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        a = Access(
            demand_df=demand_df,
            demand_index="geoid",
            demand_value="pop",
            supply_df=supply_df,
            supply_index="geoid",
            supply_value="doc",
            cost_df=cost_df,
            cost_origin="origin",
            cost_dest="dest",
            cost_name="cost",
        )
        out = a.enhanced_two_stage_fca(
            name="e", weight_fn=weights.step_fn(dict(BANDS)), max_cost=20
        )
    elapsed = time.perf_counter() - t0
    return out["e_doc"].reindex(np.arange(pairs.n_demand)).to_numpy(), elapsed


def bench_vs_pysal(kind, n_demand, n_supply):
    pairs, demand, supply = make_problem(kind, n_demand, n_supply)
    ours_t = _best(lambda: enhanced_two_step_fca(pairs, demand, supply, BANDS), repeat=5)
    ours = enhanced_two_step_fca(pairs, demand, supply, BANDS).values
    theirs, pysal_t = run_pysal(pairs, demand, supply)
    ok = np.isfinite(theirs) & (theirs != 0)
    rel = float(np.max(np.abs(ours[ok] - theirs[ok]) / np.abs(theirs[ok]))) if ok.any() else np.nan
    zero_mismatch = int(np.sum(~ok & (ours != 0)))
    return {
        "case": f"{kind} {n_demand:,} × {n_supply:,}",
        "pairs": len(pairs),
        "ours_s": ours_t,
        "pysal_s": pysal_t,
        "ratio": pysal_t / ours_t,
        "max_rel_diff": rel,
        "unreached_points_pysal_nan_or_0": int((~ok).sum()),
        "mismatch_on_those": zero_mismatch,
    }, (pairs, demand, supply)


def bench_kernel(pairs, demand, supply):
    w = weight_matrix(pairs, step(BANDS)(pairs.minutes))
    x = np.ones(pairs.n_supply)

    def bare():
        w.T @ demand
        w @ x

    def kernel():
        site_demand = w.T @ demand
        ratio = np.zeros_like(site_demand)
        np.divide(supply, site_demand, out=ratio, where=site_demand > 0)
        values = w @ ratio
        unreached = values == 0.0
        rows = np.flatnonzero(unreached)
        if rows.size:
            unreached[rows] = (w[rows] @ (supply > 0).astype(float)) == 0.0
        return values

    weights = step(BANDS)(pairs.minutes)

    def build_direct():
        weight_matrix(pairs, weights)

    def build_coo():
        import scipy.sparse as sp

        sp.coo_matrix(
            (weights, (pairs.demand_index, pairs.supply_index)),
            shape=(pairs.n_demand, pairs.n_supply),
        ).tocsr()

    t_bare, t_kernel = _best(bare, 15), _best(kernel, 15)
    return {
        "pairs": len(pairs),
        "bare_2_matvec_ms": 1e3 * t_bare,
        "kernel_ms": 1e3 * t_kernel,
        "kernel_over_bare": t_kernel / t_bare,
        "step_weights_ms": 1e3 * _best(lambda: step(BANDS)(pairs.minutes), 5),
        "csr_direct_ms": 1e3 * _best(build_direct, 5),
        "coo_to_csr_ms": 1e3 * _best(build_coo, 5),
    }


def fine_one(n_points: int, n_sites: int = 3000, seed: int = 1) -> dict:
    """One fine-grain run (called in a fresh subprocess)."""
    rng = np.random.default_rng(seed)
    lon0, lat0, lon1, lat1 = FINE_BBOX
    # 200 m grid over the bbox; keep n_points cells at random (populated cells)
    dy = 0.2 / 111.2
    dx = 0.2 / (111.2 * np.cos(np.radians((lat0 + lat1) / 2)))
    nx, ny = int((lon1 - lon0) / dx), int((lat1 - lat0) / dy)
    cells = rng.choice(nx * ny, size=n_points, replace=False)
    cells.sort()
    dlon = lon0 + (cells % nx + 0.5) * dx
    dlat = lat0 + (cells // nx + 0.5) * dy
    slon, slat = rng.uniform(lon0, lon1, n_sites), rng.uniform(lat0, lat1, n_sites)
    pop = rng.gamma(2.0, 10.0, n_points)
    activity = rng.choice([3600.0, 4500.0, 5400.0, 6000.0], n_sites)
    tracemalloc.start()
    t0 = time.perf_counter()
    pairs = build_pairs(dlon, dlat, slon, slat, 20.0, RoadTimeModel(), chunk_size=20_000)
    t1 = time.perf_counter()
    res = compute_apl(pairs, pop, activity, APLParameters(demand_mode="population"))
    t2 = time.perf_counter()
    _, traced_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "points": n_points,
        "sites": n_sites,
        "cells_in_bbox": nx * ny,
        "pairs": len(pairs),
        "build_pairs_s": t1 - t0,
        "apl_s": t2 - t1,
        "tracemalloc_peak_mb": traced_peak / 2**20,
        "peak_rss_mb": _peak_rss_mb(),
        "unreached": int(res.unreached.sum()),
    }


def _peak_rss_mb() -> float:
    """This process's peak RSS: VmHWM (Linux, reset at exec), else ru_maxrss.

    ru_maxrss is not used first because Linux carries the parent's value over fork+exec.
    """
    try:
        with open("/proc/self/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_fine(sizes) -> list[dict]:
    rows = []
    for n in sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--fine-one", str(n)],
            capture_output=True,
            text=True,
            check=True,
        )
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return rows


def bench_france(communes_df: pd.DataFrame, sites_df: pd.DataFrame, catchment=20.0) -> dict:
    """Whole-France APL figure from the database (to be wired in later).

    Parameters
    ----------
    communes_df : DataFrame
        Columns ``insee_code``, ``lon``, ``lat``, ``area_km2``, ``population``
        (standardised population if available).
    sites_df : DataFrame
        Columns ``lon``, ``lat``, ``activity`` (counted acts per site).
    """
    t0 = time.perf_counter()
    pairs = build_pairs(
        communes_df["lon"],
        communes_df["lat"],
        sites_df["lon"],
        sites_df["lat"],
        catchment,
        RoadTimeModel(),
        demand_area_km2=communes_df["area_km2"],
    )
    t1 = time.perf_counter()
    res = compute_apl(pairs, communes_df["population"], sites_df["activity"])
    t2 = time.perf_counter()
    return {
        "communes": len(communes_df),
        "sites": len(sites_df),
        "pairs": len(pairs),
        "build_pairs_s": t1 - t0,
        "apl_s": t2 - t1,
        "peak_rss_mb": _peak_rss_mb(),
        "unreached_communes": int(res.unreached.sum()),
    }


def _table(rows: list[dict]) -> str:
    cols = list(rows[0])

    def fmt(v):
        if isinstance(v, float):
            return f"{v:.3g}" if abs(v) < 1e-2 or abs(v) >= 1e5 else f"{v:,.3f}"
        return f"{v:,}" if isinstance(v, int) else str(v)

    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    lines += ["| " + " | ".join(fmt(r[c]) for c in cols) + " |" for r in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    parser.add_argument("--fine-one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.fine_one:
        print(json.dumps(fine_one(args.fine_one)))
        return
    scale = 10 if args.quick else 1
    t_start = time.perf_counter()
    print("## (a) E2SFCA from the same pairs table: ours vs pysal access 1.1.10\n")
    rows, problems = [], {}
    for kind in ("uniform", "clustered"):
        row, problems[kind] = bench_vs_pysal(kind, 35_000 // scale, 10_000 // scale)
        rows.append(row)
    print(_table(rows), "\n")
    print("## (b) kernel alone vs two bare scipy sparse mat-vecs (same CSR matrix)\n")
    print(_table([{"case": k, **bench_kernel(*p)} for k, p in problems.items()]), "\n")
    print("## (c) fine grain, 200 m grid points × 3,000 sites, chunks of 20,000 points\n")
    sizes = (10_000, 20_000, 40_000) if args.quick else (150_000, 300_000, 600_000)
    print(_table(bench_fine(sizes)), "\n")
    print(f"total bench time: {time.perf_counter() - t_start:.0f} s")


if __name__ == "__main__":
    main()
