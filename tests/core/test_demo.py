"""Demo supply generator: deterministic, plausible, entirely fictive."""

import numpy as np
import pandas as pd
import pytest

from sante_locale.core.demo import DENSITY_TARGETS, generate_supply


def france_like(n: int = 8000, seed: int = 0) -> pd.DataFrame:
    """Communes with a French-like size distribution (many villages, a few cities)."""
    rng = np.random.default_rng(seed)
    pop = np.round(np.exp(rng.normal(6.2, 1.3, n))).astype(int)
    pop[:4] = [500_000, 250_000, 120_000, 60_000]
    pop[-100:] = 0  # uninhabited communes (e.g. villages « morts pour la France »)
    return pd.DataFrame(
        {
            "insee_code": [f"{i:05d}" for i in range(n)],
            "population": pop,
            "lon": rng.uniform(-4, 8, n),
            "lat": rng.uniform(42, 51, n),
            "area_km2": rng.uniform(2, 40, n),
        }
    )


@pytest.fixture(scope="module")
def communes() -> pd.DataFrame:
    return france_like()


@pytest.fixture(scope="module")
def supply(communes):
    return generate_supply(communes, seed=42)


def test_same_seed_same_output_other_seed_differs(communes, supply):
    again = generate_supply(communes, seed=42)
    for a, b in zip(supply, again, strict=True):
        pd.testing.assert_frame_equal(a, b)
    other = generate_supply(communes, seed=43)
    assert not other.sites["lon"].equals(supply.sites["lon"])


def test_national_densities_close_to_targets(communes, supply):
    total = communes["population"].sum()
    density = supply.professionals["profession"].value_counts() / total * 1e5
    for profession, spec in DENSITY_TARGETS.items():
        tolerance = max(0.08 * spec.density, 3.0)
        assert density[profession] == pytest.approx(spec.density, abs=tolerance), profession


def test_gp_density_higher_in_towns_than_in_villages(communes, supply):
    gp = supply.activities[supply.activities["profession"] == "medecin_generaliste"]
    per_commune = gp.merge(supply.sites, on="site_id").groupby("insee_code").size()
    pop = communes.set_index("insee_code")["population"]
    counts = per_commune.reindex(pop.index, fill_value=0)
    towns = pop >= 10_000
    villages = (pop > 0) & (pop < 1_000)
    assert counts[towns].sum() / pop[towns].sum() > counts[villages].sum() / pop[villages].sum()
    assert (counts[pop < 400] == 0).all()  # no GP in tiny communes


def test_share_of_gps_aged_60_and_65_plus(supply):
    gp = supply.professionals[supply.professionals["profession"] == "medecin_generaliste"]
    age = 2026 - gp["birth_year"]
    assert (age >= 60).mean() == pytest.approx(0.30, abs=0.03)
    assert (age >= 65).mean() == pytest.approx(0.11, abs=0.025)
    assert set(supply.professionals["age_status"]) == {"known"}


def test_every_row_is_fictive(supply):
    for frame in supply:
        assert frame["fictive"].all() and len(frame) > 0
    assert supply.professionals["rpps_id"].str.fullmatch(r"DEMO\d{6}").all()
    assert supply.sites["name"].str.contains(r"\((?:fictif|fictive)\)").all()


def test_no_site_in_a_commune_without_population(communes, supply):
    empty = set(communes.loc[communes["population"] == 0, "insee_code"])
    assert not supply.sites["insee_code"].isin(empty).any()


def test_sites_are_jittered_close_to_their_commune_point(communes, supply):
    sites = supply.sites.merge(communes, on="insee_code", suffixes=("", "_c"))
    dy = (sites["lat"] - sites["lat_c"]) * 111.32
    dx = (sites["lon"] - sites["lon_c"]) * 111.32 * np.cos(np.radians(sites["lat_c"]))
    dist = np.hypot(dx, dy)
    assert dist.max() <= 1.51 and dist.mean() > 0.1


def test_msp_sizes_and_site_kinds(supply):
    sizes = supply.activities.groupby("site_id").size()
    kinds = supply.sites.set_index("site_id")["kind"]
    msp = sizes[kinds[kinds == "MSP"].index]
    assert len(msp) > 0 and msp.between(3, 15).all()
    assert set(kinds) == {"cabinet individuel", "cabinet de groupe", "MSP", "centre de santé", "officine"}  # fmt: skip
    assert (sizes[kinds[kinds == "cabinet individuel"].index] == 1).all()


def test_gp_activity_around_4500_acts(supply):
    acts = supply.activities.loc[
        (supply.activities["profession"] == "medecin_generaliste")
        & (supply.activities["mode"] == "L"),
        "acts_per_year",
    ]
    assert acts.median() == pytest.approx(4500, rel=0.05)
    assert 2500 < acts.quantile(0.1) < 3300 and 6300 < acts.quantile(0.9) < 7800
    other = supply.activities.loc[supply.activities["profession"] == "infirmier", "acts_per_year"]
    assert other.isna().all()


def test_all_of_france_at_once():
    """A France-sized set of communes (its speed is measured by bench/demo_supply.py)."""
    communes = france_like(35_000, seed=1)
    result = generate_supply(communes, seed=1)
    assert len(result.professionals) > 100_000
    assert set(result.sites["insee_code"]) <= set(communes["insee_code"])
    inhabited = set(communes.loc[communes["population"] > 0, "insee_code"])
    assert set(result.sites["insee_code"]) <= inhabited
