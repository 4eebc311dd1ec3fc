"""Paths to the shared samples and real files; tests using them skip when absent."""

from pathlib import Path

import pytest

SHARED = Path("/work/shared/data")


def _shared_file(relative: str) -> Path:
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"fichier partagé absent : {path} (/work/shared non monté)")
    return path


@pytest.fixture
def shared():
    """Callable: ``shared("samples/x.txt")`` → Path, or skip the test with the reason."""
    return _shared_file


@pytest.fixture
def rpps_sample() -> Path:
    return _shared_file("samples/rpps_PS_LibreAcces_Personne_activite_sample.txt")


@pytest.fixture
def finess_sample() -> Path:
    return _shared_file("samples/finess_etalab-cs1100502-stock-20260512_sample.csv")
