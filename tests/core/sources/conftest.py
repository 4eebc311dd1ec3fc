"""The shared samples most reader tests use (through the repo-root ``shared`` fixture)."""

from pathlib import Path

import pytest


@pytest.fixture
def rpps_sample(shared) -> Path:
    return shared("samples/rpps_PS_LibreAcces_Personne_activite_sample.txt")


@pytest.fixture
def finess_sample(shared) -> Path:
    return shared("samples/finess_etalab-cs1100502-stock-20260512_sample.csv")
