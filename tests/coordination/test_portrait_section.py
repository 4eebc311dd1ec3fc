"""The portrait's « Dispositifs de coordination » section: public dispositifs only, and the
portrait cache follows the registry."""

import pytest
from world import build_world

from sante_locale.coordination.articulation import public_articulation
from sante_locale.coordination.factories import FundingFactory
from sante_locale.core.portrait.coordination import coordination_section
from sante_locale.portraits.service import cache_key
from sante_locale.territories.lookup import get_unit

pytestmark = pytest.mark.django_db


def test_section_shows_public_dispositifs_only_and_the_cache_follows_the_registry():
    unit = get_unit("epci", "246200364")
    assert public_articulation(unit) is None
    assert coordination_section(None).notes[0].startswith("Aucun dispositif public")
    before = cache_key(unit)
    world = build_world()  # this CLS is private, the CLSM on Lens is public
    art = public_articulation(unit)
    assert list(art.dispositifs["name"]) == ["CLSM public (essai)"]
    section = coordination_section(art)
    figures = {f.key: f.value for f in section.figures}
    assert figures["dispositifs_count"] == 1
    assert figures["communes_without_cls_asv"] == 36  # a CLSM is neither a CLS nor an ASV
    assert figures["population_without_cls_asv"] == 241_934
    assert section.tables[0].rows[0]["communes"] == 1 and section.tables[0].rows[0]["population"] == 31_415
    after = cache_key(unit)
    assert after != before
    FundingFactory(dispositif=world.public_dispositif)
    assert cache_key(unit) != after  # a new funding line changes the means: a new portrait
