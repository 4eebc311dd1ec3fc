"""DREES APL: official parameters, activity capping, age cut-off, demand, classes."""

import csv

import numpy as np
import pandas as pd
import pytest

from sante_locale.core.access.apl import (
    AGE_WEIGHTS,
    APLParameters,
    age_weighted_demand,
    aggregate_apl,
    apl_class,
    cap_activity,
    compute_apl,
    default_parameters,
    site_supply,
)
from sante_locale.core.access.costs import Pairs
from sante_locale.core.map_classes import GP_APL

DREES_DIR = "real/drees_apl_medecins_generalistes_2022_2023"


def test_defaults_equal_the_official_drees_sheet(shared):
    path = shared(f"{DREES_DIR}/apl_mg_parametres.csv")
    with path.open(encoding="utf-8") as fh:
        rows = {int(r[0]): r[1:] for r in csv.reader(fh) if r}
    p = APLParameters()
    # activity capping, rows 8-11
    assert rows[8] == ["Moins de 250", "0"] and p.activity_floor == 250
    assert rows[9] == ["Entre 251 et 3 600", "3600"] and p.activity_min == 3600
    assert rows[11] == ["Plus de 6 000", "6000"] and p.activity_max == 6000
    assert "5 400" in rows[12][0] and p.missing_activity == 5400
    # distance decay, rows 16-19: "Moins de 10 minutes" etc.
    bounds = [10.0, 15.0, 20.0]
    for row, (bound, weight), expected_bound in zip((16, 17, 18), p.bands, bounds, strict=True):
        assert float(rows[row][1]) == pytest.approx(weight, abs=1e-15)
        assert bound == expected_bound and str(int(bound)) in rows[row][0]
    assert rows[19][1] == "0" and p.catchment_minutes == 20
    # age weights, rows 23-41 (2022 and 2023 columns)
    sheet = [(float(rows[r][1]), float(rows[r][2])) for r in range(23, 42)]
    assert [a for a, _ in sheet] == list(AGE_WEIGHTS[2022])
    assert [b for _, b in sheet] == list(AGE_WEIGHTS[2023])


def test_activity_capping_at_every_boundary():
    got = cap_activity([0, 249, 249.9, 250, 251, 3600, 3600.5, 3601, 6000, 6001, np.nan])
    assert got.tolist() == [0, 0, 0, 3600, 3600, 3600, 3600.5, 3601, 6000, 6000, 5400]
    cds = cap_activity([100.0, 9000.0, np.nan], mode=["centre_de_sante"] * 3)
    assert cds.tolist() == [100.0, 9000.0, 5400.0]


def _professionals():
    return pd.DataFrame(
        {
            "supply_index": [0, 0, 1, 1, 1],
            "activity": [4000.0, 7000.0, 100.0, np.nan, 5000.0],
            "age": [66, 65, np.nan, 40, 62],
            "mode": ["liberal", "liberal", "liberal", "liberal", "centre_de_sante"],
        }
    )


@pytest.mark.parametrize(
    ("cutoff", "rule", "expected", "excluded"),
    [
        (None, "<=", [10000.0, 10400.0], 0),
        (65, "<=", [6000.0, 10400.0], 1),
        (65, "<", [0.0, 10400.0], 2),
        (62, "<=", [0.0, 10400.0], 2),
        (60, "<=", [0.0, 5400.0], 3),
    ],
)
def test_age_cutoff_and_unknown_ages(cutoff, rule, expected, excluded):
    params = APLParameters(age_cutoff=cutoff, age_rule=rule)
    supply, counts = site_supply(_professionals(), params, 2)
    assert supply.tolist() == expected
    assert counts["excluded_by_age"] == excluded
    assert counts["unknown_age"] == 1  # kept (the 100-act GP counts 0 acts by the cap)


def test_headcount_mode_counts_5400_acts_per_gp():
    params = APLParameters(supply_mode="headcount")
    supply, _ = site_supply(_professionals(), params, 3)
    assert supply.tolist() == [10800.0, 16200.0, 0.0]


def test_age_weighted_demand_uses_the_vintage_weights():
    pop = np.arange(38, dtype=float).reshape(2, 19)
    np.testing.assert_allclose(age_weighted_demand(pop, 2022), pop @ np.array(AGE_WEIGHTS[2022]))
    assert not np.allclose(age_weighted_demand(pop, 2022), age_weighted_demand(pop, 2023))
    with pytest.raises(ValueError, match="18 tranches reçues, 19 attendues"):
        age_weighted_demand(pop[:, :18], 2023)


def test_compute_apl_age_bands_equals_standardised_and_keeps_metadata():
    pairs = Pairs([0, 0, 1, 2], [0, 1, 1, 1], [0.0, 14.0, 3.0, 19.0], 3, 2)
    rng = np.random.default_rng(0)
    pop = rng.uniform(0, 500, (3, 19))
    std = age_weighted_demand(pop, 2022)
    a = compute_apl(
        pairs, pop, [4000.0, 9000.0], APLParameters(demand_mode="age_bands", vintage=2022)
    )
    b = compute_apl(pairs, std, [4000.0, 9000.0], APLParameters(), inputs={"population": "RP 2020"})
    np.testing.assert_allclose(a.values, b.values, rtol=1e-13)
    assert a.params["vintage"] == 2022 and a.params["bands"][0] == [10.0, 1.0]
    assert b.inputs == {
        "fictive": False,
        "weights_vintage": 2023,
        "unit": "consultations accessibles par an et par habitant",
        "population": "RP 2020",
    }
    # conservation: APL × standardised population sums to the counted activity
    assert np.dot(a.values, std) == pytest.approx(13000.0, rel=1e-12)


def test_compute_apl_from_professionals_applies_caps_and_catchment():
    pairs = Pairs([0, 1], [0, 1], [5.0, 21.0], 2, 2)
    r = compute_apl(pairs, [1000.0, 1000.0], _professionals(), APLParameters(age_cutoff=65))
    assert r.values.tolist() == [6.0, 0.0]
    assert r.unreached.tolist() == [False, True]
    assert r.supply_counts["excluded_by_age"] == 1


def test_other_professions_are_documented_as_not_official():
    for prof in ("infirmier", "masseur_kinesitherapeute", "sage_femme", "chirurgien_dentiste"):
        p = default_parameters(prof)
        assert (p.official, p.supply_mode, p.output_scale) == (False, "headcount", 100_000.0)
        assert p.unit == "ETP accessibles pour 100 000 habitants" and "standardis" not in p.unit
    assert default_parameters().official


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"age_cutoff": 70}, "age_cutoff invalide"),
        ({"vintage": 2019}, "vintage invalide"),
        ({"profession": "medecin"}, "Profession inconnue"),
        ({"catchment_minutes": 0}, "Temps d'accès maximal invalide"),
        ({"bands": ((20, 1), (10, 0.5))}, "strictement croissantes"),
    ],
)
def test_bad_parameters_give_french_errors(change, message):
    with pytest.raises(ValueError, match=message):
        APLParameters(**change)


def test_classes_and_aggregation():
    assert apl_class([2.49, 2.5, 4.0, 4.001]).tolist() == ["sous-dense : moins de 2,5", "de 2,5 à 4", "de 2,5 à 4",
                                                          "plus de 4"]
    assert aggregate_apl([6.151, 4.748], [32172.494, 29006.311]) == pytest.approx(
        (6.151 * 32172.494 + 4.748 * 29006.311) / (32172.494 + 29006.311)
    )
    s = aggregate_apl([1.0, 3.0, 5.0], [1.0, 1.0, 2.0], groups=["a", "a", "b"])
    assert s.to_dict() == {"a": 2.0, "b": 5.0}


def test_aggregating_the_real_drees_values(shared):
    path = shared(f"{DREES_DIR}/apl_mg_2022_2023_communes.csv.gz")
    df = pd.read_csv(path, dtype={"code_commune_insee": str})
    df = df[df["millesime"] == 2023]
    lens = df.set_index("code_commune_insee").loc[["62498", "62510"]]
    assert lens["apl_mg"].tolist() == [5.862, 4.453]
    mean = aggregate_apl(df["apl_mg"], df["population_standardisee"])
    assert 3.0 < mean < 4.0  # DREES national means: 3.8 (2015), ~3.4 (2021)
    share_low = df.loc[apl_class(df["apl_mg"]) == GP_APL.get("low").label, "population_totale"].sum()
    assert 0.05 < share_low / df["population_totale"].sum() < 0.5
