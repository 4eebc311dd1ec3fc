"""FCA kernels: analytic invariants, naive reference, pysal ``access`` agreement, errors."""

import warnings

import numpy as np
import pandas as pd
import pytest
from fca_reference import naive_fca, random_problem
from hypothesis import given, settings
from hypothesis import strategies as st

from sante_locale.core.access.costs import Pairs
from sante_locale.core.access.fca import (
    enhanced_two_step_fca,
    floating_catchment,
    gaussian,
    gravity,
    step,
    three_step_fca,
    two_step_fca,
)

BANDS = [(10, 1.0), (15, 2 / 3), (20, 1 / 3)]


def test_conservation_over_sites_with_reachable_demand(problem):
    base, demand, _ = problem
    # one extra site is reachable only beyond the last band: it must not count
    pairs = Pairs(
        np.append(base.demand_index, 0),
        np.append(base.supply_index, base.n_supply),
        np.append(base.minutes, 25.0),
        base.n_demand,
        base.n_supply + 1,
    )
    supply = np.random.default_rng(2).uniform(1, 10, pairs.n_supply)
    r = enhanced_two_step_fca(pairs, demand, supply, BANDS)
    served = r.site_demand > 0
    assert np.dot(demand, r.values) == pytest.approx(supply[served].sum(), rel=1e-12)
    assert served.sum() < pairs.n_supply  # the problem does have unserved sites


def test_catchment_covering_everything_gives_the_global_ratio():
    n_d, n_s = 30, 8
    d, s = np.divmod(np.arange(n_d * n_s), n_s)
    pairs = Pairs(d, s, np.full(d.size, 3.0), n_d, n_s)
    rng = np.random.default_rng(1)
    demand, supply = rng.uniform(1, 100, n_d), rng.uniform(1, 5, n_s)
    r = two_step_fca(pairs, demand, supply, catchment_minutes=60)
    np.testing.assert_allclose(r.values, supply.sum() / demand.sum(), rtol=1e-13)


def test_scaling_supply_scales_values_linearly(problem):
    pairs, demand, supply = problem
    a = enhanced_two_step_fca(pairs, demand, supply, BANDS).values
    b = enhanced_two_step_fca(pairs, demand, 3.5 * supply, BANDS).values
    np.testing.assert_allclose(b, 3.5 * a, rtol=1e-13)
    c = enhanced_two_step_fca(pairs, 2.0 * demand, supply, BANDS).values
    np.testing.assert_allclose(c, a / 2.0, rtol=1e-13)


def test_band_bounds_are_inclusive():
    f = step(BANDS)
    t = np.array([0.0, 10.0, np.nextafter(10.0, 11), 15.0, 20.0, np.nextafter(20.0, 21)])
    np.testing.assert_array_equal(f(t), [1.0, 1.0, 2 / 3, 2 / 3, 1 / 3, 0.0])
    pairs = Pairs([0, 1], [0, 0], [10.0, 20.0], 2, 1)
    r = enhanced_two_step_fca(pairs, [1.0, 3.0], [2.0], BANDS)
    assert r.site_demand[0] == pytest.approx(1.0 + 3.0 / 3)
    assert not r.unreached.any()


def test_unreached_points_get_zero_and_a_flag_and_no_nan_leaks():
    # point 2 has no pair; point 1 only reaches beyond the last band; site 1 has no demand
    pairs = Pairs([0, 1, 3], [0, 0, 1], [5.0, 25.0, 4.0], 4, 2)
    r = enhanced_two_step_fca(pairs, [100.0, 50.0, 10.0, 0.0], [2.0, 7.0], BANDS)
    assert r.values.tolist() == [0.02, 0.0, 0.0, 0.0]
    assert r.unreached.tolist() == [False, True, True, False]
    assert r.site_ratio[1] == 0.0 and np.isfinite(r.site_ratio).all()


def test_sites_with_zero_supply_do_not_count_as_reached():
    pairs = Pairs([0, 1], [0, 1], [1.0, 1.0], 2, 2)
    r = two_step_fca(pairs, [1.0, 1.0], [0.0, 4.0], catchment_minutes=20)
    assert r.unreached.tolist() == [True, False]


def _reference_check(seed, kind):
    pairs, demand, supply = random_problem(seed, n_demand=12, n_supply=6, density=0.4)
    demand[seed % 12] = 0.0  # zero-demand points are allowed
    if kind == "e2sfca":
        got = enhanced_two_step_fca(pairs, demand, supply, BANDS)
        f = step(BANDS)
        ref = naive_fca(pairs, demand, supply, lambda t: float(f(np.array([t]))[0]))
    elif kind == "2sfca":
        got = two_step_fca(pairs, demand, supply, catchment_minutes=15)
        ref = naive_fca(pairs, demand, supply, lambda t: 1.0 if t <= 15 else 0.0)
    else:
        got = three_step_fca(pairs, demand, supply, gaussian(10))
        ref = naive_fca(pairs, demand, supply, lambda t: np.exp(-t * t / 200.0), three_step=True)
    np.testing.assert_allclose(got.values, ref[0], rtol=1e-12, atol=1e-300)
    assert got.unreached.tolist() == ref[1]


@settings(deadline=None, max_examples=40)
@given(seed=st.integers(0, 10_000), kind=st.sampled_from(["e2sfca", "2sfca", "3sfca"]))
def test_matches_naive_reference_on_random_problems(seed, kind):
    _reference_check(seed, kind)


def test_naive_reference_is_sensitive():
    """The comparison above would notice a wrong kernel (e.g. exclusive bounds)."""
    pairs = Pairs([0, 1], [0, 0], [10.0, 5.0], 2, 1)
    exclusive = naive_fca(pairs, [1.0, 1.0], [1.0], lambda t: 1.0 if t < 10 else 0.5)
    got = enhanced_two_step_fca(pairs, [1.0, 1.0], [1.0], BANDS)
    assert not np.allclose(got.values, exclusive[0])


def test_continuous_decays():
    assert gaussian(20)(np.array([20.0]))[0] == pytest.approx(np.exp(-0.5))
    np.testing.assert_allclose(gravity(20, -2, 1)(np.array([0.0, 2.0, 40.0])), [400, 100, 0.25])
    pairs, demand, supply = random_problem(3)
    r = floating_catchment(pairs, demand, supply, gaussian(10), catchment_minutes=20)
    ref = naive_fca(pairs, demand, supply, lambda t: np.exp(-t * t / 200) if t <= 20 else 0.0)
    np.testing.assert_allclose(r.values, ref[0], rtol=1e-12)


@pytest.mark.parametrize(
    ("bands", "message"),
    [
        ([(15, 1.0), (10, 0.5)], "strictement croissantes"),
        ([(10, 1.0), (10, 0.5)], "strictement croissantes"),
        ([(10, 1.5)], "entre 0 et 1"),
        ([(10, -0.1)], "entre 0 et 1"),
        ([], "au moins une tranche"),
    ],
)
def test_bad_bands_give_a_french_error(bands, message):
    pairs, demand, supply = random_problem(0)
    with pytest.raises(ValueError, match=message):
        enhanced_two_step_fca(pairs, demand, supply, bands)


def test_empty_supply_gives_a_french_error():
    pairs = Pairs([], [], [], 3, 0)
    with pytest.raises(ValueError, match="Aucune offre"):
        enhanced_two_step_fca(pairs, [1.0, 2.0, 3.0], [], BANDS)


def test_no_population_gives_a_french_error():
    pairs = Pairs([0], [0], [1.0], 2, 1)
    with pytest.raises(ValueError, match="Aucune population"):
        enhanced_two_step_fca(pairs, [0.0, 0.0], [1.0], BANDS)
    with pytest.raises(ValueError, match="2 attendues"):
        enhanced_two_step_fca(pairs, [], [1.0], BANDS)


@pytest.mark.parametrize("catchment", [0, 1000, -5, float("nan")])
def test_bad_catchment_gives_a_french_error(catchment, problem):
    pairs, demand, supply = problem
    with pytest.raises(ValueError, match="Temps d'accès maximal invalide"):
        two_step_fca(pairs, demand, supply, catchment_minutes=catchment)


# ---------------------------------------------------------------- pysal ``access``


def _pysal_frames(pairs, demand, supply):
    demand_df = pd.DataFrame({"geoid": np.arange(pairs.n_demand), "pop": demand})
    supply_df = pd.DataFrame({"geoid": np.arange(pairs.n_supply), "doc": supply})
    cost_df = pd.DataFrame(
        {"origin": pairs.demand_index, "dest": pairs.supply_index, "cost": pairs.minutes}
    )
    return demand_df, supply_df, cost_df


def _pysal(pairs, demand, supply, method, weight_fn, max_cost):
    import access  # pysal access: a test dependency, never skipped

    demand_df, supply_df, cost_df = _pysal_frames(pairs, demand, supply)
    with warnings.catch_warnings():
        # pysal access 1.1.10 uses pandas APIs deprecated in pandas 3 (not our code)
        warnings.simplefilter("ignore", category=FutureWarning)
        warnings.simplefilter("ignore", category=DeprecationWarning)
        warnings.simplefilter("ignore", category=getattr(pd.errors, "Pandas4Warning", Warning))
        a = access.Access(
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
        out = getattr(a, method)(name="x", weight_fn=weight_fn, max_cost=max_cost)
    return out["x_doc"].reindex(np.arange(pairs.n_demand)).to_numpy()


def _fully_served(seed):
    """Every demand point and every site has at least one pair within 20 minutes."""
    pairs, demand, supply = random_problem(seed, n_demand=300, n_supply=60, density=0.1)
    n_d, n_s = pairs.n_demand, pairs.n_supply
    extra_d = np.arange(n_d)
    extra_s = np.arange(n_d) % n_s
    key = set(zip(pairs.demand_index.tolist(), pairs.supply_index.tolist(), strict=True))
    add = [(i, j) for i, j in zip(extra_d, extra_s, strict=True) if (i, j) not in key]
    d = np.concatenate([pairs.demand_index, [i for i, _ in add]])
    s = np.concatenate([pairs.supply_index, [j for _, j in add]])
    m = np.concatenate([pairs.minutes, np.full(len(add), 2.0)])
    return Pairs(d, s, m, n_d, n_s).within(20.0), demand, supply


@pytest.mark.parametrize("seed", [11, 12])
def test_agrees_with_pysal_access_e2sfca(seed):
    from access import weights

    pairs, demand, supply = _fully_served(seed)
    ours = enhanced_two_step_fca(pairs, demand, supply, BANDS).values
    theirs = _pysal(
        pairs, demand, supply, "enhanced_two_stage_fca", weights.step_fn(dict(BANDS)), 20
    )
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=0)


def test_agrees_with_pysal_access_2sfca_gravity_and_3sfca_gaussian():
    from access import weights

    pairs, demand, supply = _fully_served(5)
    ours = floating_catchment(pairs, demand, supply, gravity(1, -1, 1), 20).values
    theirs = _pysal(pairs, demand, supply, "two_stage_fca", weights.gravity(1, -1, 1), 20)
    np.testing.assert_allclose(ours, theirs, rtol=1e-12, atol=0)
    ours3 = three_step_fca(pairs, demand, supply, gaussian(10)).values
    theirs3 = _pysal(pairs, demand, supply, "three_stage_fca", weights.gaussian(10), 20)
    np.testing.assert_allclose(ours3, theirs3, rtol=1e-12, atol=0)


def test_pysal_hospital_example_from_its_own_test_suite():
    """pysal ``access`` ships its Chicago example data only online (CloudFront URL in
    ``access/datasets.py``), so its documented values cannot be checked offline. Its test
    suite ships a 3-tract "hospital" example (tests/test_hospital_example.py): gravity
    weights 1/t, max cost 61; scenario 0 (gridlock) is reproduced here, with the values
    worked out by hand: tract 1: 100 pop, 15 docs; tract 2: 50, 20; tract 3: 10, 100."""
    ids = {1: 0, 2: 1, 3: 2}
    od = [(1, 1, 1), (2, 2, 1), (3, 3, 1), (1, 3, 40), (2, 3, 40), (3, 1, 40), (3, 2, 40)]
    od += [(1, 2, 80), (2, 1, 80)]
    od61 = [(o, d, c) for o, d, c in od if c <= 61]
    pairs = Pairs([ids[o] for o, _, _ in od61], [ids[d] for _, d, _ in od61],
                  [c for *_, c in od61], 3, 3)  # fmt: skip
    pop, docs = np.array([100.0, 50.0, 10.0]), np.array([15.0, 20.0, 100.0])
    r = floating_catchment(pairs, pop, docs, lambda t: 1.0 / t)
    # R_1 = 15 / (100 + 10/40), R_2 = 20 / (50 + 10/40), R_3 = 100 / (10 + 150/40)
    r1, r2, r3 = 15 / 100.25, 20 / 50.25, 100 / 13.75
    expected = [r1 + r3 / 40, r2 + r3 / 40, r3 + (r1 + r2) / 40]
    np.testing.assert_allclose(r.values, expected, rtol=1e-14)
    theirs = _pysal(pairs, pop, docs, "two_stage_fca", lambda t: 1.0 / t, 61)
    np.testing.assert_allclose(r.values, theirs, rtol=1e-12)
