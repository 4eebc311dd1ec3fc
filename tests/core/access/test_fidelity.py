"""Computed against published APL: the comparison on small data worked by hand."""

import math

import numpy as np
import pytest

from sante_locale.core.access.fidelity import compare_values


def test_only_communes_with_both_values_are_compared():
    f = compare_values([1.0, None, 3.0, float("nan"), 2.0], [1.5, 2.0, None, 4.0, 2.0])
    assert f.compared == 2
    assert f.both.tolist() == [True, False, False, False, True]
    assert f.difference[0] == -0.5 and f.difference[4] == 0.0
    assert np.isnan(f.difference[[1, 2, 3]]).all()
    assert f.median_abs_difference == 0.25  # median of 0.5 and 0


def test_share_within_ten_percent_counts_the_bound_and_zeros():
    # published 10: 11 is exactly +10 % (within), 8.9 is -11 % (outside); 0 against 0 is within
    f = compare_values([11.0, 8.9, 0.0, 0.5], [10.0, 10.0, 0.0, 0.0])
    assert f.share_within == 0.5
    assert math.isclose(f.relative_difference[0], 0.1) and math.isclose(f.relative_difference[1], -0.11)
    assert np.isnan(f.relative_difference[2:]).all()  # no relative gap to a published 0
    assert compare_values([11.0, 8.9, 0.0, 0.5], [10.0, 10.0, 0.0, 0.0], tolerance=0.2).share_within == 0.75


def test_spearman_rank_correlation_by_hand():
    # ranks differ by ±1 on four communes: rho = 1 - 6 × 4 / (5 × 24) = 0.8
    f = compare_values([1.0, 2.0, 3.0, 4.0, 5.0], [2.0, 1.0, 4.0, 3.0, 5.0])
    assert math.isclose(f.spearman, 0.8)
    assert math.isclose(compare_values([10.0, 20.0, 30.0], [3.0, 2.0, 1.0]).spearman, -1.0)
    # a monotone but non-linear relation still ranks the same
    assert math.isclose(compare_values([1.0, 2.0, 3.0, 4.0], [1.0, 4.0, 9.0, 100.0]).spearman, 1.0)


def test_undefined_figures_are_none_not_nan():
    assert compare_values([1.0, 2.0, 3.0], [2.0, 2.0, 2.0]).spearman is None  # constant side
    empty = compare_values([1.0, None], [None, 2.0])
    assert (empty.compared, empty.median_abs_difference, empty.share_within, empty.spearman) == (0, None, None, None)


def test_bad_input_is_refused_in_french():
    with pytest.raises(ValueError, match="3 valeurs calculées pour 2 valeurs publiées"):
        compare_values([1.0, 2.0, 3.0], [1.0, 2.0])
    with pytest.raises(ValueError, match="Tolérance négative"):
        compare_values([1.0], [1.0], tolerance=-0.1)
