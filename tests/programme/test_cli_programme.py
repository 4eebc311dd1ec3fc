"""``sante-locale programme exporter|importer``: the file round trip from the command line,
``--verifier``, rights, and problems listed with exit code 2."""

import pytest
from openpyxl import load_workbook

from sante_locale.cli import main
from sante_locale.coordination.factories import DispositifFactory
from sante_locale.core.formats import plain
from sante_locale.programme.models import Action, Programme

pytestmark = pytest.mark.django_db


def test_export_then_import_elsewhere(cls, tmp_path, capsys):
    path = tmp_path / "programme.xlsx"
    assert main(["programme", "exporter", str(cls["dispositif"].pk), str(path)]) == 0
    assert "Programme de CLS de Lens d'essai écrit" in plain(capsys.readouterr().out)
    other = DispositifFactory(name="CLS de destination")
    assert main(["programme", "importer", "CLS de destination", str(path), "--verifier"]) == 0
    out = plain(capsys.readouterr().out)
    assert "Vérification réussie (rien n'a été écrit)" in out and "actions : 7 créé(s)" in out
    assert not Programme.objects.filter(dispositif=other).exists()
    assert main(["programme", "importer", str(other.pk), str(path)]) == 0
    assert Action.objects.filter(objective__axis__programme__dispositif=other).count() == 7


def test_problems_are_listed_and_exit_code_is_2(cls, tmp_path, capsys):
    path = tmp_path / "programme.xlsx"
    main(["programme", "exporter", str(cls["dispositif"].pk), str(path)])
    book = load_workbook(path)
    book["Actions"]["O2"] = "le mois prochain"
    book["Axes"]["E1"] = "Couleur"
    book.save(path)
    capsys.readouterr()
    assert main(["programme", "importer", str(cls["dispositif"].pk), str(path)]) == 2
    err = plain(capsys.readouterr().err)
    assert "programme.xlsx : 2 problème(s), rien n'a été importé." in err
    assert "feuille « Axes », ligne 1, colonne E (Couleur) : colonne inconnue « Couleur »" in err
    assert "feuille « Actions », ligne 2, colonne O (Début) : « le mois prochain » n'est pas une date" in err


def test_rights_and_unknown_names(cls, tmp_path, capsys):
    path = tmp_path / "programme.xlsx"
    pk = str(cls["dispositif"].pk)
    assert main(["programme", "exporter", pk, str(path), "--utilisateur", "partenaire-cls"]) == 0
    capsys.readouterr()
    assert main(["programme", "importer", pk, str(path), "--utilisateur", "partenaire-cls"]) == 2
    assert "Vous n'avez pas le droit de modifier le programme de ce dispositif par un import." in plain(capsys.readouterr().err)
    assert main(["programme", "exporter", pk, str(tmp_path / "b.xlsx"), "--utilisateur", "coordinateur-voisin"]) == 2
    assert "Vous n'avez pas le droit d'exporter ce programme." in plain(capsys.readouterr().err)
    assert not (tmp_path / "b.xlsx").exists()
    assert main(["programme", "importer", pk, str(tmp_path / "absent.xlsx")]) == 2
    assert "introuvable" in plain(capsys.readouterr().err)
    assert main(["programme", "exporter", pk, str(path), "--utilisateur", "personne"]) == 2
    assert "Compte « personne » inconnu" in plain(capsys.readouterr().err)
