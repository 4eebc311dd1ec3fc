"""Every reader and the demo carry runnable examples in their docstrings.

The examples themselves run as doctest items (``--doctest-modules`` over ``src/sante_locale/core``,
see pyproject.toml), with ``shared`` in their namespace (repo-root ``conftest.py``): a missing
shared sample skips them locally and fails them in CI.
"""

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
def test_docstring_examples_exist(name):
    module = importlib.import_module(name)
    tests = doctest.DocTestFinder().find(module)
    assert sum(len(t.examples) for t in tests) > 0


def test_the_examples_are_run_by_pytest():
    import tomllib
    from pathlib import Path

    config = tomllib.loads((Path(__file__).resolve().parents[3] / "pyproject.toml").read_text())
    options = config["tool"]["pytest"]["ini_options"]
    assert "--doctest-modules" in options["addopts"].split()
    assert "src/sante_locale/core" in options["testpaths"]
