"""The demo stores a fictive supply for the communes of the database, once."""

import pytest

from sante_locale.offer.imports.demo_supply import prepare_demo_supply
from sante_locale.offer.models import Activity, PracticeSite, Professional, SupplyImport

pytestmark = pytest.mark.django_db


def test_demo_supply_is_fictive_and_a_second_run_changes_nothing(django_assert_max_num_queries):
    lines = prepare_demo_supply()
    assert "FICTIVE" in lines[0]
    n = Professional.objects.count(), PracticeSite.objects.count(), Activity.objects.count()
    assert n[0] > 1000 and n[1] > 100 and n[2] == n[0]
    assert not Professional.objects.filter(fictive=False).exists()
    assert not Activity.objects.filter(fictive=False).exists()
    assert PracticeSite.objects.filter(commune__insee_code="62498", fictive=True).exists()  # Lens
    assert not PracticeSite.objects.filter(commune__insee_code="75056").exists()  # Paris: per arrondissement
    imp = SupplyImport.objects.get(kind="demo")
    assert imp.fictive
    with django_assert_max_num_queries(3):
        again = prepare_demo_supply()
    assert "déjà présente" in again[0]
    assert (Professional.objects.count(), PracticeSite.objects.count(), Activity.objects.count()) == n
    assert SupplyImport.objects.count() == 1


def test_no_fictive_supply_once_real_supply_is_imported():
    SupplyImport.objects.create(kind="rpps", file_name="PS_LibreAcces_Personne_activite_x.txt", vintage="2026-05-12")
    assert "réelle déjà importée" in prepare_demo_supply()[0]
    assert not Professional.objects.exists()
