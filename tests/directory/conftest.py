import pytest


@pytest.fixture
def service(db):
    from sante_locale.directory.factories import ServiceFactory

    return ServiceFactory()


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    """Kept pages belong to one database state: tests roll back, so start each one empty."""
    from sante_locale.www.directory import cache

    cache.clear()
    yield
    cache.clear()
