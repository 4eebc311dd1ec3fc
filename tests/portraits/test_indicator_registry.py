"""The portrait reads its figures' labels, units and decimals from core/indicators."""

import pytest

from sante_locale.core.indicators import INDICATORS
from sante_locale.portraits import service
from sante_locale.territories.models import EPCI

pytestmark = pytest.mark.django_db


def test_every_figure_and_column_of_the_portrait_comes_from_the_registry(demo_supply):
    portrait = service.portrait_of(EPCI.objects.get(epci_siren="246200364"))
    figures = [f for s in portrait.sections for f in s.figures]
    assert len(figures) > 15
    for figure in figures:
        ind = INDICATORS[figure.key]
        assert (figure.label, figure.unit, figure.decimals) == (ind.label, ind.unit, ind.decimals), figure.key
    registered = [c for c in portrait.communes.columns if c.key in INDICATORS]
    assert {c.key for c in registered} >= {"population", "density", "apl", "nearest_minutes", "gp_per_10k",
                                                "n_medecin_generaliste"}
    for column in registered:
        ind = INDICATORS[column.key]
        assert (column.label, column.unit, column.decimals) == (ind.column_label, ind.unit, ind.decimals), column.key
