"""What-if scenarios and before/after comparison."""

import numpy as np
import pandas as pd
import pytest

from sante_locale.core.access.apl import APLParameters, compute_apl
from sante_locale.core.access.costs import Pairs, build_pairs
from sante_locale.core.access.scenarios import (
    close_site,
    compare,
    locate_new_sites,
    open_site,
    retire,
)

# three communes on a line, 0.15° apart (about 11 km, 13 min by the default model): supply
# located by commune
LON, LAT = np.array([2.0, 2.15, 2.3]), np.array([50.0, 50.0, 50.0])
POP = np.array([3000.0, 1000.0, 2000.0])


def _supply():
    return pd.DataFrame(
        {
            "professional_id": ["p1", "p2", "p3", "p4"],
            "site_id": ["s1", "s1", "s2", "s3"],
            "supply_index": [0, 0, 1, 2],
            "activity": [5000.0, 4000.0, 4500.0, 3000.0],
            "age": [67, 45, 63, np.nan],
            "mode": ["liberal"] * 4,
        }
    )


def _pairs():
    return build_pairs(LON, LAT, LON, LAT, 20)


def test_retire_by_age_keeps_unknown_ages_and_does_not_mutate():
    s = _supply()
    out = retire(s, age_from=63)  # 63 or more: the professional aged exactly 63 leaves too
    assert out["professional_id"].tolist() == ["p2", "p4"]
    assert retire(s, age_from=64)["professional_id"].tolist() == ["p2", "p3", "p4"]
    assert len(s) == 4
    assert retire(s, ids=["p3"])["professional_id"].tolist() == ["p1", "p2", "p4"]
    with pytest.raises(ValueError, match="identifiant\\(s\\) inconnu\\(s\\) zz"):
        retire(s, ids=["zz"])


def test_closure_lowers_apl_and_compare_reports_it():
    pairs, params = _pairs(), APLParameters()
    before = compute_apl(pairs, POP, _supply(), params)
    after = compute_apl(pairs, POP, close_site(_supply(), "s1"), params)
    c = compare(before, after, POP)
    # commune 2 is ~25 min from commune 0 by the default model: out of the catchment
    assert c.table["difference"].tolist()[2] == 0.0
    assert (c.table["difference"].iloc[:2] < 0).all()
    assert c.summary["top_losers"][0] == int(np.argmin(c.table["difference"]))
    assert c.summary["top_gainers"] == []
    assert (
        c.summary["population_moving_below"]
        == POP[c.table["crossing"] == "down"].sum()
    )
    with pytest.raises(ValueError, match="site 'nope' introuvable"):
        close_site(_supply(), "nope")


def test_new_centre_at_a_commune_adds_5400_acts_per_fte():
    pairs, params = _pairs(), APLParameters()
    s = _supply()
    after_supply = open_site(s, fte=2, supply_index=1, site_id="cds")
    before = compute_apl(pairs, POP, s, params)
    after = compute_apl(pairs, POP, after_supply, params)
    # total counted activity grows by exactly 2 × 5,400 (uncapped centre de santé)
    std = POP
    assert np.dot(after.values - before.values, std) == pytest.approx(10800.0, rel=1e-12)
    c = compare(before, after, POP)
    assert (c.table["difference"] > 0).all()
    assert c.summary["top_gainers"][0] == 1


def test_new_site_at_a_point_gets_its_own_pairs():
    pairs = _pairs()
    s = open_site(_supply(), fte=1.5, lon=2.2, lat=50.0, site_id="cds")
    assert s["supply_index"].iloc[-1] == -1
    pairs2, s2 = locate_new_sites(pairs, s, LON, LAT, 20)
    assert pairs2.n_supply == 4 and s2["supply_index"].iloc[-1] == 3
    new = pairs2.supply_index == 3
    expected = build_pairs(LON, LAT, [2.2], [50.0], 20)
    np.testing.assert_allclose(pairs2.minutes[new], expected.minutes)
    r = compute_apl(pairs2, POP, s2, APLParameters())
    assert np.dot(r.values, POP) == pytest.approx(5000 + 4000 + 4500 + 3600 + 8100, rel=1e-12)


def test_compare_crossings_in_both_directions():
    c = compare(np.array([2.6, 2.4, 2.5, 1.0]), np.array([2.4, 2.6, 2.5, 1.1]), [10, 20, 30, 40])
    assert c.table["crossing"].tolist() == ["down", "up", "", ""]
    assert c.summary["population_moving_below"] == 10.0
    assert c.summary["population_moving_above"] == 20.0
    assert c.summary["population_below_before"] == 60.0
    assert c.summary["population_below_after"] == 50.0
    assert (c.summary["communes_below_before"], c.summary["communes_below_after"]) == (2, 2)
    none = compare(np.array([2.6, 2.4]), np.array([2.4, 2.6]), [10, 20], threshold=None)
    assert none.table["crossing"].tolist() == ["", ""] and none.summary["population_below_before"] is None
    with pytest.raises(ValueError, match="même longueur"):
        compare([1.0], [1.0, 2.0], [1.0])


def test_open_site_refuses_ambiguous_location():
    with pytest.raises(ValueError, match="soit supply_index, soit lon et lat"):
        open_site(_supply(), fte=1, supply_index=0, lon=2.0, lat=50.0)
    with pytest.raises(ValueError, match="nombre d'ETP invalide"):
        open_site(_supply(), fte=0, supply_index=0)


def test_pairs_fixture_is_commune_to_commune():
    p = _pairs()
    assert isinstance(p, Pairs) and p.n_demand == p.n_supply == 3
    assert (p.minutes[p.demand_index == p.supply_index] == 0).all()
