"""Fixtures of the programme tests: a dispositif with a full programme, and its people."""

import pytest

from sante_locale.accounts.factories import UserFactory
from sante_locale.accounts.models import grant
from sante_locale.coordination.factories import DispositifFactory


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("SANTE_LOCALE_HOME", str(tmp_path))
    return tmp_path


@pytest.fixture
def cls(db, home):
    """A CLS with a complete programme (7 actions), a grid and its roles."""
    from sante_locale.programme.factories import SelfAssessmentFactory, sample_programme

    dispositif = DispositifFactory(name="CLS de Lens d'essai")
    programme = sample_programme(dispositif, n_actions=7)
    SelfAssessmentFactory(dispositif=dispositif, year=2025, scores={"political": 3, "project": 2})
    coordinator, partner = UserFactory(username="coordinatrice-cls"), UserFactory(username="partenaire-cls")
    grant(coordinator, "coordinator", dispositif)
    grant(partner, "partner", dispositif)
    other = DispositifFactory(name="CLS voisin")
    outsider = UserFactory(username="coordinateur-voisin")
    grant(outsider, "coordinator", other)
    admin = UserFactory(username="administratrice", is_staff=True)
    return {"dispositif": dispositif, "programme": programme, "coordinator": coordinator, "partner": partner,
            "outsider": outsider, "other": other, "admin": admin}
