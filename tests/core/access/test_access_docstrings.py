"""Every docstring example of the engine runs and gives the documented output."""

import doctest
import importlib

import pytest

MODULES = ["apl", "calibration", "costs", "fca", "nearest", "odtable", "parameters", "pointpairs", "roadtime",
           "scenarios"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(f"sante_locale.core.access.{name}")
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0


@pytest.mark.parametrize("name", MODULES)
def test_every_public_function_has_an_example(name):
    module = importlib.import_module(f"sante_locale.core.access.{name}")
    missing = []
    for attr in module.__all__:
        obj = getattr(module, attr)
        if callable(obj) and not isinstance(obj, type) and ">>>" not in (obj.__doc__ or ""):
            missing.append(attr)
    assert missing == []
