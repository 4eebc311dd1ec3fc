import pytest


@pytest.fixture
def service(db):
    from sante_locale.directory.factories import ServiceFactory

    return ServiceFactory()
