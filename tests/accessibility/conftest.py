import pytest


@pytest.fixture
def demo_supply(db):
    """The fictive demo supply, generated for the communes of the test slice."""
    from sante_locale.offer.imports.demo_supply import prepare_demo_supply

    prepare_demo_supply()


@pytest.fixture(autouse=True)
def forget_computed_runs():
    """National runs computed in memory for reading do not outlive a test."""
    from sante_locale.accessibility import engine

    engine.forget_computed()
    yield
    engine.forget_computed()
