import pytest


@pytest.fixture
def demo_supply(db):
    from sante_locale.offer.imports.demo_supply import prepare_demo_supply

    prepare_demo_supply()


@pytest.fixture(autouse=True)
def fresh_cache(tmp_path, monkeypatch):
    """Each test gets its own portrait cache folder."""
    from sante_locale.accessibility import engine
    from sante_locale.portraits import service

    monkeypatch.setattr(service, "cache_dir", lambda: tmp_path)
    service._MEMORY.clear()
    engine.forget_computed()
