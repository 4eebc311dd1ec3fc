"""Years of birth: `import ages` (local enrichment file of an ARS or URPS)."""

import pytest

from sante_locale.cli import main
from sante_locale.core.formats import plain
from sante_locale.core.sources.errors import SourceError
from sante_locale.offer import imports
from sante_locale.offer.factories import ProfessionalFactory
from sante_locale.offer.models import Professional, SupplyImport

pytestmark = pytest.mark.django_db


@pytest.fixture
def ages_file(tmp_path):
    path = tmp_path / "ages-ars-20261101.csv"
    path.write_text("rpps_id;annee_naissance\n10000000001;1958\n10000000002;1990\n19999999999;1970\n"
                    "10000000003;1890\n10000000001;1960\n", encoding="utf-8")
    return path


@pytest.fixture
def professionals():
    return [ProfessionalFactory(rpps_id=f"1000000000{i}") for i in (1, 2, 3, 4)]


def test_import_ages_sets_known_years_and_counts_unmatched(professionals, ages_file):
    report = imports.read_and_import("ages", ages_file)
    years = dict(Professional.objects.values_list("rpps_id", "birth_year"))
    assert years == {"10000000001": 1958, "10000000002": 1990, "10000000003": None, "10000000004": None}
    assert Professional.objects.get(rpps_id="10000000001").age_status == "known"
    assert Professional.objects.get(rpps_id="10000000003").age_status == "missing"
    assert report.counts["identifiants"] == {"inconnus de l'Annuaire Santé importé": 1, "reconnus": 2}
    assert [s.reason for s in report.set_aside] == ["année de naissance hors de la plage 1930–2010",
                                                    "identifiant en double (déjà vu ligne 2)"]
    assert SupplyImport.objects.get(kind="birth_years").set_aside_count == 2


def test_import_ages_cli_check_only_writes_nothing(professionals, ages_file, capsys):
    assert main(["import", "ages", str(ages_file), "--verifier"]) == 0
    out = plain(capsys.readouterr().out)  # French typography aside
    assert "identifiants : 3 (inconnus de l'Annuaire Santé importé : 1, reconnus : 2)" in out
    assert "Fichier vérifié, aucune écriture." in out
    assert not Professional.objects.filter(age_status="known").exists()
    assert not SupplyImport.objects.exists()


def test_import_ages_bad_year_is_fatal_and_changes_nothing(professionals, tmp_path):
    path = tmp_path / "ages.csv"
    path.write_text("rpps_id;annee_naissance\n10000000001;1958\n10000000002;soixante\n", encoding="utf-8")
    with pytest.raises(SourceError, match="ligne 3.*année de naissance illisible"):
        imports.read_and_import("ages", path)
    assert not Professional.objects.filter(birth_year__isnull=False).exists()
