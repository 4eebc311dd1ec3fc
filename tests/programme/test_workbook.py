"""The programme workbook: a lossless round trip, and every problem listed by sheet, row and
column with nothing imported."""

import datetime as dt
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from sante_locale.coordination.factories import DispositifFactory
from sante_locale.core.programme.workbook import read_workbook
from sante_locale.programme.factories import sample_programme
from sante_locale.programme.models import Action, ActionFunding, IndicatorValue, Programme
from sante_locale.programme.workbook import (
    WorkbookInvalid,
    export_data,
    export_programme,
    import_programme,
)

pytestmark = pytest.mark.django_db


def _rows(path):
    data, problems = read_workbook(path)
    assert problems == []
    return {k: [{c: v for c, v in r.items() if c != "_row"} for r in rows] for k, rows in data.items()}


@pytest.fixture
def exported(tmp_path):
    programme = sample_programme(DispositifFactory(name="CLS d'essai"), n_actions=7)
    path = tmp_path / "programme.xlsx"
    export_programme(programme, path)
    return programme, path


def test_export_then_import_into_another_dispositif_is_lossless(exported, tmp_path):
    programme, path = exported
    other = DispositifFactory(name="CLS copie")
    report = import_programme(other, path)
    assert ("actions", "created") in report.counts and report.counts[("actions", "created")] == 7
    again = tmp_path / "copie.xlsx"
    export_programme(Programme.objects.get(dispositif=other), again)
    first, second = _rows(path), _rows(again)
    assert first.pop("programme")[1:] == second.pop("programme")[1:]  # all but the dispositif's name
    assert first == second
    assert sum(len(v) for v in first.values()) > 60


def test_importing_the_exported_file_again_changes_nothing(exported):
    programme, path = exported
    before = Action.history.count() + IndicatorValue.history.count() + ActionFunding.history.count()
    report = import_programme(programme.dispositif, path)
    assert report.lines() == ["aucun changement : la base est déjà conforme au fichier"]
    assert Action.history.count() + IndicatorValue.history.count() + ActionFunding.history.count() == before


def test_dry_run_reports_and_writes_nothing(exported):
    _, path = exported
    other = DispositifFactory(name="CLS vérifié")
    report = import_programme(other, path, dry_run=True)
    assert report.counts[("actions", "created")] == 7
    assert not Programme.objects.filter(dispositif=other).exists()


def test_an_edited_file_updates_and_deletes(exported, tmp_path):
    programme, path = exported
    book = load_workbook(path)
    actions = book["Actions"]
    header = [c.value for c in actions[1]]
    actions.cell(row=2, column=header.index("Statut") + 1, value="réalisée")
    code_removed = actions.cell(row=3, column=1).value
    actions.delete_rows(3)
    for name in ("Jalons", "Budget", "Lentille"):
        sheet = book[name]
        for row in range(sheet.max_row, 1, -1):
            if sheet.cell(row=row, column=1).value == code_removed:
                sheet.delete_rows(row)
    indicators = book["Indicateurs"]
    removed_indicators = [indicators.cell(row=r, column=1).value for r in range(2, indicators.max_row + 1)
                          if indicators.cell(row=r, column=2).value == code_removed]
    for row in range(indicators.max_row, 1, -1):
        if indicators.cell(row=row, column=2).value == code_removed:
            indicators.delete_rows(row)
    for name in ("Cibles", "Valeurs"):
        sheet = book[name]
        for row in range(sheet.max_row, 1, -1):
            if sheet.cell(row=row, column=1).value in removed_indicators:
                sheet.delete_rows(row)
    book.save(tmp_path / "edited.xlsx")
    report = import_programme(programme.dispositif, tmp_path / "edited.xlsx")
    assert report.counts[("actions", "deleted")] == 1 and report.counts[("actions", "changed")] == 1
    assert not Action.objects.filter(objective__axis__programme=programme, code=code_removed).exists()
    first = Action.objects.get(objective__axis__programme=programme, code=actions.cell(row=2, column=1).value)
    assert first.status == "done"


def _broken(path, tmp_path, sheet, edits):
    book = load_workbook(path)
    ws = book[sheet]
    header = [c.value for c in ws[1]]
    for (row, column), value in edits.items():
        col = header.index(column) + 1 if column in header else len(header) + 1
        ws.cell(row=row, column=col, value=value)
    target = tmp_path / "casse.xlsx"
    book.save(target)
    return target


@pytest.mark.parametrize(("sheet", "edits", "expected"), [
    ("Actions", {(1, "Humeur"): "Humeur"}, "feuille « Actions », ligne 1, colonne AC (Humeur) : colonne inconnue « Humeur »"),
    ("Budget", {(2, "Montant prévu (€)"): "douze mille"},
     "feuille « Budget », ligne 2, colonne D (Montant prévu (€)) : « douze mille » n'est pas un nombre"),
    ("Actions", {(2, "Pilotes"): "Association inconnue"},
     "feuille « Actions », ligne 2, colonne I (Pilotes) : structure « Association inconnue » inconnue"),
    ("Actions", {(3, "Code"): "1.1.1"}, "feuille « Actions », ligne 3, colonne A (Code) : « 1.1.1 » en double"),
    ("Jalons", {(2, "Échéance"): "31/02/2025"},
     "feuille « Jalons », ligne 2, colonne C (Échéance) : « 31/02/2025 » n'est pas une date"),
    ("Actions", {(2, "Début"): "bientôt"}, "colonne O (Début) : « bientôt » n'est pas une date"),
    ("Actions", {(2, "Statut"): "terminée"}, "colonne X (Statut) : « terminée » n'est pas une valeur prévue"),
    ("Objectifs", {(2, "Axe"): "9"}, "feuille « Objectifs », ligne 2, colonne B (Axe) : « 9 » ne figure pas"),
    ("Indicateurs", {(2, "Indicateur (clé du référentiel)"): "bonheur"}, "indicateur « bonheur » inconnu"),
    ("Actions", {(2, "Communes (codes INSEE)"): "99999"}, "commune « 99999 » inconnu(e)"),
    ("Lentille", {(2, "Question (clé)"): "question-inventee"}, "question « question-inventee » inconnue"),
    ("Valeurs", {(2, "Valeur"): "beaucoup"}, "feuille « Valeurs », ligne 2, colonne C (Valeur) : « beaucoup »"),
])
def test_each_problem_is_located_and_nothing_is_imported(exported, tmp_path, sheet, edits, expected):
    programme, path = exported
    bad = _broken(path, tmp_path, sheet, edits)
    other = DispositifFactory(name="CLS cible")
    actions_before = Action.objects.count()
    with pytest.raises(WorkbookInvalid) as caught:
        import_programme(other, bad)
    messages = [str(p) for p in caught.value.problems]
    assert any(expected in m for m in messages), messages
    assert Action.objects.count() == actions_before and not Programme.objects.filter(dispositif=other).exists()
    with pytest.raises(WorkbookInvalid):  # the same file over the existing programme changes nothing either
        import_programme(programme.dispositif, bad)
    assert export_data(programme)["actions"] == export_data(Programme.objects.get(pk=programme.pk))["actions"]


def test_several_problems_are_all_listed(exported, tmp_path):
    _, path = exported
    bad = _broken(path, tmp_path, "Budget", {(2, "Montant prévu (€)"): "?", (3, "Année"): "deux mille",
                                             (4, "Financeur"): "Personne"})
    with pytest.raises(WorkbookInvalid) as caught:
        import_programme(DispositifFactory(), bad)
    assert [(p.row, p.column) for p in caught.value.problems if p.sheet == "Budget"] == [(2, "D"), (3, "C"), (4, "B")]
    assert str(caught.value) == "casse.xlsx : 3 problème(s), rien n'a été importé."


def test_a_file_that_is_not_a_workbook(tmp_path):
    path = tmp_path / "pas-un-classeur.xlsx"
    path.write_text("bonjour")
    with pytest.raises(WorkbookInvalid) as caught:
        import_programme(DispositifFactory(), path)
    assert "n'est pas un classeur XLSX lisible" in str(caught.value.problems[0])
    assert caught.value.problems[0].sheet == "pas-un-classeur.xlsx"


def test_values_dates_and_amounts_are_real_cells(exported):
    _, path = exported
    book = load_workbook(path)
    budget = book["Budget"]
    assert isinstance(budget.cell(row=2, column=4).value, float | int)
    assert isinstance(book["Jalons"].cell(row=2, column=3).value, dt.datetime)
    assert Decimal(str(budget.cell(row=2, column=4).value)) == Decimal("10000.5")
