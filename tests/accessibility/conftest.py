import pytest


@pytest.fixture
def demo_supply(db):
    """The fictive demo supply, generated for the communes of the test slice."""
    from sante_locale.offer.imports.demo_supply import prepare_demo_supply

    prepare_demo_supply()
