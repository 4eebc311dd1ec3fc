"""Fixtures for every test and doctest: where the shared data lies, and what day it is.

The shared data (``../shared/data`` beside the checkout) holds real official files and a
calibration set that the repository must not copy. Tests find it relative to the checkout;
when it is missing they are skipped on a developer's machine and **fail** in CI
(``CI=true``), so that a CI run without it cannot pass by skipping.

Time is frozen for the whole session at :data:`FROZEN_NOW` (Paris), with ``time-machine``:
every "today" of the product comes from :mod:`sante_locale.core.clock`, so ages computed
from years of birth, file stamps and date-dependent cache keys are the same on every run.
The clock still ticks from there (servers and timeouts keep working); a test that needs
another day travels with ``time_machine.travel(...)``.
"""

import datetime as dt
import os
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

ROOT = Path(__file__).resolve().parent
SHARED_DATA = ROOT.parent / "shared" / "data"
FROZEN_NOW = dt.datetime(2026, 12, 3, 12, 0, tzinfo=ZoneInfo("Europe/Paris"))


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


@pytest.fixture(autouse=True, scope="session")
def _frozen_time():
    """The whole session starts at :data:`FROZEN_NOW` (Paris) and ticks from there."""
    with time_machine.travel(FROZEN_NOW, tick=True):
        yield FROZEN_NOW


@pytest.fixture
def frozen_now(_frozen_time) -> dt.datetime:
    """The instant the session's clock was frozen at (aware, Europe/Paris)."""
    return _frozen_time
