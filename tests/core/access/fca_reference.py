"""Naive pure-Python FCA reference (dicts and loops), for comparison with the kernels."""

from __future__ import annotations

import numpy as np

from sante_locale.core.access.costs import Pairs


def naive_fca(pairs, demand, supply, weight, three_step=False):
    """Return (values, unreached) computed pair by pair, following the papers literally."""
    rows = list(
        zip(
            pairs.demand_index.tolist(),
            pairs.supply_index.tolist(),
            pairs.minutes.tolist(),
            strict=True,
        )
    )
    w = {(i, j): weight(t) for i, j, t in rows}
    if three_step:
        total = {}
        for (i, _j), v in w.items():
            total[i] = total.get(i, 0.0) + v
        w = {(i, j): (v * v / total[i] if total[i] > 0 else 0.0) for (i, j), v in w.items()}
    reach = {}
    for (i, j), v in w.items():
        reach[j] = reach.get(j, 0.0) + v * demand[i]
    ratio = {j: (supply[j] / d if d > 0 else 0.0) for j, d in reach.items()}
    values = [0.0] * pairs.n_demand
    reached = [False] * pairs.n_demand
    for (i, j), v in w.items():
        values[i] += v * ratio.get(j, 0.0)
        if v > 0 and supply[j] > 0:
            reached[i] = True
    return values, [not r for r in reached]


def random_problem(seed, n_demand=40, n_supply=15, density=0.3, max_minutes=30.0):
    """Random sparse problem: pairs, positive demand, positive supply."""
    rng = np.random.default_rng(seed)
    mask = rng.random((n_demand, n_supply)) < density
    d, s = np.nonzero(mask)
    minutes = np.round(rng.uniform(0, max_minutes, d.size), 1)
    pairs = Pairs(d, s, minutes, n_demand, n_supply)
    demand = rng.uniform(10, 5000, n_demand)
    supply = rng.uniform(1, 10, n_supply)
    return pairs, demand, supply
