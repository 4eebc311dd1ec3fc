"""Run the runnable examples of every public docstring of the readers and the demo."""

import doctest
import importlib

import pytest

MODULES = [
    "sante_locale.core.professions",
    "sante_locale.core.demo",
    "sante_locale.core.sources._io",
    "sante_locale.core.sources.errors",
    "sante_locale.core.sources.rpps",
    "sante_locale.core.sources.rpps.format",
    "sante_locale.core.sources.rpps.reader",
    "sante_locale.core.sources.rpps.teleconsultation",
    "sante_locale.core.sources.age",
    "sante_locale.core.sources.finess",
    "sante_locale.core.sources.finess.common",
    "sante_locale.core.sources.finess.etalab",
    "sante_locale.core.sources.finess.json_feed",
    "sante_locale.core.sources.finess_categories",
    "sante_locale.core.sources.insee",
    "sante_locale.core.sources.drees_apl",
    "sante_locale.core.sources.zonage",
    "sante_locale.core.sources.qpv",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0
