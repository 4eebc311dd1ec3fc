"""`sante-locale import rpps|finess|… FICHIER [--verifier]` in process."""

import pytest

from sante_locale.cli import main
from sante_locale.config import env
from sante_locale.core.formats import plain
from sante_locale.offer.models import Activity, Establishment, Professional, SupplyImport

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("dataset", ["rpps", "finess", "insee", "apl-drees", "zonage", "qpv"])
def test_supply_commands_have_french_help_with_an_example(dataset, capsys):
    with pytest.raises(SystemExit) as done:
        main(["import", dataset, "--help"])
    out = plain(capsys.readouterr().out)  # French typography aside
    assert done.value.code == 0 and "utilisation :" in out and "--verifier" in out
    assert f"sante-locale import {dataset} " in out


def test_import_writes_report_and_summary(rpps_file, capsys):
    assert main(["import", "rpps", str(rpps_file)]) == 0
    out = plain(capsys.readouterr().out)  # French typography aside
    assert "professionnels par profession : 2 (infirmier : 1, medecin_generaliste : 1)" in out
    assert "lignes écartées : 2" in out and "Import terminé." in out
    report = env.home() / f"{rpps_file.name}.rapport.csv"
    assert "code commune inconnu" in report.read_text(encoding="utf-8-sig")
    assert Activity.objects.count() == 2


def test_verifier_writes_nothing(rpps_file, capsys):
    assert main(["import", "rpps", str(rpps_file), "--verifier"]) == 0
    assert "Fichier vérifié, aucune écriture." in capsys.readouterr().out
    assert not Professional.objects.exists() and not SupplyImport.objects.exists()


def test_rpps_missing_column_gives_french_error_and_changes_nothing(make_rpps_file, rpps_file, capsys):
    assert main(["import", "rpps", str(rpps_file)]) == 0
    before = Professional.objects.count(), Activity.objects.count(), SupplyImport.objects.count()
    bad = make_rpps_file(name="PS_LibreAcces_Personne_activite_202611010800.txt", drop_column="Code profession")
    capsys.readouterr()
    assert main(["import", "rpps", str(bad)]) == 2
    err = plain(capsys.readouterr().err)
    assert f"\nErreur : fichier {bad.name}" in err and "Code profession" in err
    assert "Rien n'a été modifié dans la base." in err and "Traceback" not in err
    assert (Professional.objects.count(), Activity.objects.count(), SupplyImport.objects.count()) == before


def test_finess_unknown_epsg_gives_french_error_and_changes_nothing(finess_file, capsys):
    assert main(["import", "finess", str(finess_file)]) == 0
    before = Establishment.objects.count(), SupplyImport.objects.count()
    finess_file.write_text(finess_file.read_text().replace("EPSG:2154", "EPSG:999999"), encoding="utf-8")
    capsys.readouterr()
    assert main(["import", "finess", str(finess_file)]) == 2
    err = plain(capsys.readouterr().err)
    assert f"fichier {finess_file.name}, ligne " in err and "colonne « sourcecoordet » : code EPSG inconnu" in err
    assert (Establishment.objects.count(), SupplyImport.objects.count()) == before


def test_missing_file_is_refused(tmp_path, capsys):
    assert main(["import", "qpv", str(tmp_path / "absent.geojson")]) == 2
    assert "introuvable" in capsys.readouterr().err
