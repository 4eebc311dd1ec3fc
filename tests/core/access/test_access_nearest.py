"""Nearest site and population beyond time thresholds."""

import numpy as np
import pytest

from sante_locale.core.access.costs import Pairs, RoadTimeModel, build_pairs, haversine_km
from sante_locale.core.access.nearest import (
    nearest_from_pairs,
    nearest_site_minutes,
    population_beyond,
)


def test_nearest_matches_brute_force_and_pairs_minimum():
    rng = np.random.default_rng(8)
    dlon, dlat = rng.uniform(2, 3, 500), rng.uniform(50, 50.6, 500)
    slon, slat = rng.uniform(2, 3, 25), rng.uniform(50, 50.6, 25)
    model = RoadTimeModel()
    n = nearest_site_minutes(dlon, dlat, slon, slat, model)
    km = haversine_km(dlon[:, None], dlat[:, None], slon[None, :], slat[None, :])
    np.testing.assert_array_equal(n.site_index, km.argmin(axis=1))
    np.testing.assert_allclose(n.minutes, model.minutes(km.min(axis=1)), rtol=1e-9)
    from_pairs = nearest_from_pairs(build_pairs(dlon, dlat, slon, slat, 15, model))
    within = n.minutes <= 15
    assert (~within).any() and within.any()
    np.testing.assert_allclose(from_pairs.minutes[within], n.minutes[within], rtol=1e-9)
    assert np.isinf(from_pairs.minutes[~within]).all()
    assert (from_pairs.site_index[~within] == -1).all()


def test_nearest_from_pairs_ties_and_empty():
    n = nearest_from_pairs(Pairs([0, 0, 2], [1, 0, 1], [3.0, 3.0, 8.0], 3, 2))
    assert n.minutes.tolist() == [3.0, np.inf, 8.0]
    assert n.site_index.tolist() == [0, -1, 1]
    empty = nearest_site_minutes([2.0], [50.0], [], [])
    assert np.isinf(empty.minutes).all() and empty.site_index.tolist() == [-1]


def test_population_beyond_is_strict():
    s = population_beyond([10.0, 20.0, 30.0, 31.0], [1, 10, 100, 1000])
    assert s.to_dict() == {10: 1110.0, 20: 1100.0, 30: 1000.0}
    with pytest.raises(ValueError, match="même longueur"):
        population_beyond([1.0], [1.0, 2.0])


def test_area_floor_in_nearest():
    model = RoadTimeModel()
    n = nearest_site_minutes([2.0], [50.0], [2.0], [50.0], model, demand_area_km2=[100.0])
    assert n.minutes[0] == pytest.approx(model.intra_minutes(100.0)) and n.minutes[0] > 0
