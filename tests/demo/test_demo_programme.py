"""The demo programme of the CLS of Lens-Liévin: found by the shared demo names, whether
the coordination part of the demo ran first or not; a second run changes nothing."""

import pytest

from sante_locale.coordination.factories import DispositifFactory
from sante_locale.demo import names
from sante_locale.demo.programme import prepare_programme
from sante_locale.programme.models import (
    Action,
    Indicator,
    IndicatorValue,
    Programme,
    SelfAssessment,
)
from sante_locale.structures.factories import StructureFactory

pytestmark = pytest.mark.django_db


def test_seeds_once_with_shared_actions_and_three_years_of_values(user):
    lines = prepare_programme(user.username)
    assert lines == [f"Programme de démonstration du « {names.CLS_LENS_LIEVIN} » créé (10 fiches actions, "
                     "12 indicateurs, grilles 2024 et 2025, données fictives)."]
    programme = Programme.objects.get(dispositif__name=names.CLS_LENS_LIEVIN)
    assert programme.dispositif.is_demo and programme.axes.count() == 4
    assert Action.objects.filter(objective__axis__programme=programme).count() == 10
    shared = Action.objects.filter(objective__axis__programme=programme, shared_in__isnull=False).distinct()
    assert {o.axis.programme.dispositif.name for a in shared for o in a.shared_in.all()} == {
        names.CLSM, names.ASV_LENS_LIEVIN}
    years = set(IndicatorValue.objects.filter(indicator__programme=programme).values_list("measured_on__year",
                                                                                            flat=True))
    assert {2023, 2024, 2025} <= years
    assert set(SelfAssessment.objects.filter(dispositif=programme.dispositif).values_list("year", flat=True)) == {
        2024, 2025}
    assert all(v.source.startswith("Données fictives") for v in IndicatorValue.objects.all())
    assert user.has_perm("programme.change_programme", programme)
    counts = (Action.objects.count(), Indicator.objects.count(), IndicatorValue.objects.count())
    assert prepare_programme(user.username) == [
        f"Programme de démonstration du « {names.CLS_LENS_LIEVIN} » déjà présent."]
    assert (Action.objects.count(), Indicator.objects.count(), IndicatorValue.objects.count()) == counts


def test_uses_the_dispositifs_of_the_coordination_demo_when_they_exist():
    carrier = StructureFactory(name=names.CA_LENS_LIEVIN, kind="epci")
    cls = DispositifFactory(name=names.CLS_LENS_LIEVIN, carrier=carrier, is_demo=True)
    prepare_programme()
    assert Programme.objects.get(dispositif__name=names.CLS_LENS_LIEVIN).dispositif == cls
    from sante_locale.coordination.models import Dispositif
    from sante_locale.structures.models import Structure

    assert Dispositif.objects.filter(name=names.CLS_LENS_LIEVIN).count() == 1
    assert Structure.objects.filter(name=names.CA_LENS_LIEVIN).count() == 1
