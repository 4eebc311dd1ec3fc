"""Fit the default :class:`RoadTimeModel` on INSEE Metric car times (calibration set).

Run: ``.venv/bin/python bench/calibrate_roadtime.py [CSV]`` (default
``../shared/data/calibration/metric_gironde/metric_pairs_calibration.csv`` beside the
checkout; internal use only: never copy its rows into the repository).

Steps (reproducible, no randomness except the seeded split):

1. seeded 75/25 split of the pairs (``holdout_split``, seed 2026);
2. fit on the 75 % (``fit_road_time_model``: robust least squares on log ratios);
3. score the old and the new model on the 25 % held out (the fit never saw them);
4. 5-fold cross-validation (same seed) as a second, less noisy check: each pair is
   predicted by a model fitted without it;
5. print the parameters to copy into ``RoadTimeModel``'s defaults and a Markdown table.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from sante_locale.core.access.calibration import (
    fit_road_time_model,
    holdout_split,
    pair_km,
    score,
)
from sante_locale.core.access.roadtime import RoadTimeModel

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared/data/calibration/metric_gironde/metric_pairs_calibration.csv"
SEED = 2026
OLD = RoadTimeModel(detour_factor=1.3, speed_bands=((5.0, 30.0), (20.0, 50.0), (np.inf, 70.0)),
                    intra_factor=0.5)


def load(path: Path):
    df = pd.read_csv(path)
    return pair_km(df.lon1, df.lat1, df.lon2, df.lat2), df.metric_min.to_numpy(float)


def cross_validated_minutes(km, ref, k=5, seed=SEED) -> np.ndarray:
    """Each pair's time from a model fitted on the other folds."""
    order = np.random.default_rng(seed).permutation(km.size)
    out = np.empty(km.size)
    for fold in np.array_split(order, k):
        rest = np.setdiff1d(order, fold)
        model, _ = fit_road_time_model(km[rest], ref[rest])
        out[fold] = model.minutes(km[fold])
    return out


def row(name, s) -> str:
    return (f"| {name} | {s.n} ({s.n_short}) | {s.short_median_abs_min:.2f} | {s.short_median_bias_min:+.2f} "
            f"| {100 * s.median_rel_error:.1f} % | {100 * s.band_agreement:.1f} % |")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv", nargs="?", type=Path, default=DEFAULT)
    args = parser.parse_args(argv)
    if not args.csv.exists():
        print(f"calibration set not found: {args.csv}", file=sys.stderr)
        return 2
    km, ref = load(args.csv)
    fit, held = holdout_split(km.size, 0.25, seed=SEED)
    model, params = fit_road_time_model(km[fit], ref[fit])
    start_km, main_km, main_kmh, long_kmh = params
    print(f"pairs: {km.size} (fit {fit.size}, held out {held.size}); seed {SEED}")
    print(f"fitted: start_km={start_km:.4f} main_km={main_km:.4f} main_kmh={main_kmh:.4f} "
          f"long_kmh={long_kmh:.4f}")
    print(f"speed_bands={model.speed_bands}")
    default = RoadTimeModel()
    print(f"current default RoadTimeModel(): {default}")
    print()
    print("| model / pairs | pairs (under 25 min) | median abs. error < 25 min (min) | median bias < 25 min "
          "| median rel. error | DREES band agreement |")
    print("|---|---|---|---|---|---|")
    print(row("old model, held-out 25 %", score(OLD.minutes(km[held]), ref[held])))
    print(row("fitted model, held-out 25 %", score(model.minutes(km[held]), ref[held])))
    print(row("default RoadTimeModel(), held-out 25 %", score(default.minutes(km[held]), ref[held])))
    print(row("old model, all pairs", score(OLD.minutes(km), ref)))
    print(row("fitted, 5-fold cross-validation", score(cross_validated_minutes(km, ref), ref)))
    print(row("fitted model, fit pairs (in-sample)", score(model.minutes(km[fit]), ref[fit])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
