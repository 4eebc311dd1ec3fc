import numpy as np
import pytest

from sante_locale.core.access.costs import Pairs


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


@pytest.fixture
def problem():
    return random_problem(7)
