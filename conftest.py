"""Fixtures for every test and doctest: where the shared data lies.

The shared data (``../shared/data`` beside the checkout) holds real official files and a
calibration set that the repository must not copy. Tests find it relative to the checkout;
when it is missing they are skipped on a developer's machine and **fail** in CI
(``CI=true``), so that a CI run without it cannot pass by skipping.
"""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
SHARED_DATA = ROOT.parent / "shared" / "data"


def in_ci() -> bool:
    """True when the ``CI`` environment variable says so (``true``, ``1``, ``yes``)."""
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def shared_data_path(relative: str = "") -> Path:
    """Path of ``relative`` under ``../shared/data``; skip (fail in CI) when it is missing."""
    path = SHARED_DATA / relative
    if not path.exists():
        message = f"fichier partagé absent : {path} (../shared attendu à côté du dépôt)"
        if in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return path


@pytest.fixture
def shared():
    """Callable: ``shared("samples/x.txt")`` → Path (skip, or fail in CI, when absent)."""
    return shared_data_path


@pytest.fixture(autouse=True, scope="session")
def _shared_in_doctests(doctest_namespace):
    """Doctests call ``shared("samples/x.txt")`` the same way."""
    doctest_namespace["shared"] = shared_data_path
