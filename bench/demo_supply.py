"""Time the fictive demo supply generator for a France-sized set of communes (no database).

The figure used to be a timed assertion in tests/core/test_demo.py (goal: < 5 s); speed is
measured here instead. 35 000 communes with a French-like size distribution, three runs in
this process, best and median printed.

Usage::

    .venv/bin/python bench/demo_supply.py [--communes 35000] [--runs 3]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import time

import numpy as np
import pandas as pd

from sante_locale.core.demo import generate_supply

GOAL_S = 5.0


def france_like(n: int, seed: int = 1) -> pd.DataFrame:
    """Communes with a French-like size distribution (many villages, a few cities)."""
    rng = np.random.default_rng(seed)
    pop = np.round(np.exp(rng.normal(6.2, 1.3, n))).astype(int)
    pop[:4] = [500_000, 250_000, 120_000, 60_000]
    pop[-100:] = 0
    return pd.DataFrame({
        "insee_code": [f"{i:05d}" for i in range(n)],
        "population": pop,
        "lon": rng.uniform(-4, 8, n),
        "lat": rng.uniform(42, 51, n),
        "area_km2": rng.uniform(2, 40, n),
    })


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communes", type=int, default=35_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    communes = france_like(args.communes)
    times, result = [], None
    for _ in range(args.runs):
        start = time.perf_counter()
        result = generate_supply(communes, seed=1)
        times.append(time.perf_counter() - start)
    print(f"python {platform.python_version()}, {args.communes} communes, {args.runs} runs")
    print(f"professionals: {len(result.professionals)}, sites: {len(result.sites)}, "
          f"activities: {len(result.activities)}")
    print(f"generate_supply: best {min(times):.2f} s, median {statistics.median(times):.2f} s "
          f"(goal < {GOAL_S:.0f} s)")


if __name__ == "__main__":
    main()
