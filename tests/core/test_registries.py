"""One definition per domain fact: professions, classes, age cut-offs, figures."""

import math

import numpy as np
import pytest

from sante_locale.core.access.apl import apl_class
from sante_locale.core.access.parameters import (
    AGE_CUTOFFS,
    GP_CLASS_BOUNDS,
    PROFESSIONS,
    APLParameters,
)
from sante_locale.core.access.scenarios import THRESHOLD
from sante_locale.core.indicators import INDICATORS, VINTAGE_RULES, indicator
from sante_locale.core.map_classes import APL_SCHEMES, GP_APL, NEAREST, apl_scheme, value_class
from sante_locale.core.portrait.build import PROFESSION_LABELS
from sante_locale.core.professions import APL_PROFESSIONS, PORTRAIT_PROFESSIONS
from sante_locale.core.professions import PROFESSIONS as ALL


def test_gp_classes_keep_the_drees_bounds_both_in_the_middle_class():
    values = [0.0, np.nextafter(2.5, 0), 2.5, 3.2, 4.0, np.nextafter(4.0, 5), 12.0]
    assert [GP_APL.of(v).key for v in values] == ["low", "low", "mid", "mid", "mid", "high", "high"]
    assert apl_class(values).tolist() == [GP_APL.get(k).label for k in ("low", "low", "mid", "mid", "mid", "high",
                                                                        "high")]
    assert GP_APL.of(float("nan")) is None and value_class(None, GP_APL)[0] == "missing"
    assert GP_CLASS_BOUNDS == (GP_APL.get("low").upper, GP_APL.get("mid").upper) and THRESHOLD == GP_APL.threshold
    assert GP_APL.below([2.4, 2.5, float("nan")]).tolist() == [True, False, False]


def test_nearest_classes_put_a_missing_time_in_the_last_class():
    assert NEAREST.of(None) is NEAREST.classes[-1] and NEAREST.of(5).key == "le5" and NEAREST.of(5.01).key == "le10"
    assert NEAREST.of(math.inf) is NEAREST.classes[-1]


def test_classes_are_looked_up_by_profession_and_keys_are_unique():
    assert apl_scheme("medecin_generaliste") is GP_APL
    assert apl_scheme("infirmier") is None  # no official classes (issue 16): pages draw quintiles
    assert set(APL_SCHEMES) <= set(APL_PROFESSIONS)
    for scheme in (*APL_SCHEMES.values(), NEAREST):
        keys = [c.key for c in scheme.classes]
        assert len(set(keys)) == len(keys) and scheme.classes[-1].upper == math.inf
        assert [row[1] for row in scheme] == [c.css for c in scheme.classes]
        assert scheme.unit


def test_professions_have_one_home():
    assert PROFESSIONS == APL_PROFESSIONS and PROFESSIONS[0] == "medecin_generaliste"
    assert list(PROFESSION_LABELS) == list(PORTRAIT_PROFESSIONS)
    assert all(PROFESSION_LABELS[p] == ALL[p].plural for p in PORTRAIT_PROFESSIONS)


def test_age_cutoffs_have_one_home():
    from sante_locale.www.forms_apl import AGE_CHOICES

    assert [c for c, _ in AGE_CHOICES[1:]] == [str(a) for a in AGE_CUTOFFS]
    for age in AGE_CUTOFFS:
        assert APLParameters(age_cutoff=age).age_cutoff == age
    with pytest.raises(ValueError, match="age_cutoff"):
        APLParameters(age_cutoff=max(AGE_CUTOFFS) + 1)


def test_every_indicator_is_complete():
    for key, ind in INDICATORS.items():
        assert key == ind.key and ind.label and ind.unit and ind.source and ind.vintage in VINTAGE_RULES
        assert key.isascii() and key == key.lower()
    for code in PORTRAIT_PROFESSIONS:
        assert indicator(f"density_{code}").label.startswith(ALL[code].plural)
