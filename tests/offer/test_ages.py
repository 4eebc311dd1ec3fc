"""The age structure of professionals, for portraits (share aged 60+ on known ages only)."""

import pytest

from sante_locale.offer.ages import age_structure
from sante_locale.offer.factories import ProfessionalFactory
from sante_locale.offer.models import Professional

pytestmark = pytest.mark.django_db


def test_age_structure_share_60_plus_on_known_ages_only():
    for year in (1950, 1966, 1967, 1980):  # in 2026: 76, 60, 59, 46
        ProfessionalFactory(birth_year=year, age_status="known")
    ProfessionalFactory(birth_year=1940, age_status="estimated")  # never counted as 60+
    ProfessionalFactory.create_batch(3, age_status="missing")
    s = age_structure(Professional.objects.all(), 2026)
    assert (s.known, s.estimated, s.missing, s.total, s.aged_60_plus) == (4, 1, 3, 8, 2)
    assert s.share_60_plus == 0.5 and s.share_missing == 3 / 8


def test_age_structure_of_nobody_has_no_shares():
    s = age_structure(Professional.objects.none(), 2026)
    assert (s.total, s.share_60_plus, s.share_missing) == (0, None, None)
    ProfessionalFactory(age_status="missing")
    assert age_structure(Professional.objects.all(), 2026).share_60_plus is None
