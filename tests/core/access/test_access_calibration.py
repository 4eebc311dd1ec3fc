"""The default RoadTimeModel meets the issue-8 goals on Metric pairs the fit did not see."""

import numpy as np
import pandas as pd
import pytest

from sante_locale.core.access.calibration import (
    fit_road_time_model,
    holdout_split,
    model_from_parameters,
    pair_km,
    score,
)
from sante_locale.core.access.nearest import nearest_site_minutes
from sante_locale.core.access.roadtime import RoadTimeModel

CALIBRATION = "calibration/metric_gironde/metric_pairs_calibration.csv"
SEED = 2026  # the split of bench/calibrate_roadtime.py


@pytest.fixture
def metric(shared):
    df = pd.read_csv(shared(CALIBRATION))
    km = pair_km(df.lon1, df.lat1, df.lon2, df.lat2)
    fit, held = holdout_split(len(df), 0.25, seed=SEED)
    return df, km, df.metric_min.to_numpy(float), fit, held


def test_default_model_meets_the_goals_on_held_out_pairs(metric):
    _, km, ref, _, held = metric
    s = score(RoadTimeModel().minutes(km[held]), ref[held])
    assert s.n == 200 and s.n_short >= 15
    assert s.short_median_abs_min <= 1.5
    assert s.median_rel_error <= 0.10
    assert s.band_agreement >= 0.96


def test_defaults_are_the_fit_on_the_fit_pairs_only(metric):
    _, km, ref, fit, _ = metric
    _, params = fit_road_time_model(km[fit], ref[fit])
    (start_km, _), (main_km, main_kmh), (_, long_kmh) = RoadTimeModel().speed_bands
    np.testing.assert_allclose((start_km, main_km, main_kmh, long_kmh), params, rtol=2e-3)
    assert model_from_parameters(*params).intra_factor == RoadTimeModel().intra_factor


def test_the_old_model_missed_the_goals(metric):
    # guards the test above: the same scores do tell a bad model from a good one
    _, km, ref, _, held = metric
    old = RoadTimeModel(speed_bands=((5.0, 30.0), (20.0, 50.0), (np.inf, 70.0)))
    s = score(old.minutes(km[held]), ref[held])
    assert s.short_median_abs_min > 5 and s.median_rel_error > 0.25


def test_nearest_professional_time_follows_the_calibration(metric):
    # each held-out pair as one resident and one site: the nearest-site time is the model's
    df, _, ref, _, held = metric
    d = df.iloc[held]
    times = np.array([
        nearest_site_minutes([a], [b], [c], [e]).minutes[0]
        for a, b, c, e in zip(d.lon1, d.lat1, d.lon2, d.lat2, strict=True)
    ])
    s = score(times, ref[held])
    assert s.short_median_abs_min <= 1.5 and s.median_rel_error <= 0.10 and s.band_agreement >= 0.96


def test_intra_commune_time_uses_the_same_function():
    m = RoadTimeModel()
    area = np.array([0.0, 5.0, 50.0, 400.0])
    expected = m.minutes(2 / 3 * np.sqrt(area / np.pi))
    np.testing.assert_allclose(m.intra_minutes(area), expected)
    assert np.all(np.diff(m.intra_minutes(area)) > 0)


def test_score_counts_band_disagreements():
    s = score([9.0, 21.0, 14.0, 30.0], [11.0, 19.0, 14.0, 30.0])
    assert s.band_agreement == 0.5 and s.n_short == 3
    assert s.short_median_abs_min == 2.0 and s.short_median_bias_min == 0.0
