import math

import pytest
from openpyxl import load_workbook

from sante_locale.core.formats import rounded
from sante_locale.core.portrait.exports.xlsx import sheet_name, write_xlsx


@pytest.fixture
def workbook(portrait, tmp_path):
    return load_workbook(write_xlsx(portrait, tmp_path / "portrait.xlsx"))


def rows(ws):
    return [list(r) for r in ws.iter_rows(values_only=True)]


def find_row(ws, first):
    return next(i for i, r in enumerate(rows(ws), start=1) if r and r[0] == first)


def test_one_sheet_per_section_then_communes_and_metadata(workbook):
    assert workbook.sheetnames == ["Démographie population 2022", "Offre de soins",
                                   "Communes", "Métadonnées"]


def test_figures_are_numbers_with_their_comparisons_and_sources(workbook, portrait):
    ws = workbook["Démographie population 2022"]
    head = find_row(ws, "Indicateur")
    header = rows(ws)[head - 1]
    assert header[:3] == ["Indicateur", "Valeur", "Unité"]
    assert header[3:] == ["Département", "Région", "France", "Source", "Millésime",
                          "Données fictives", "Note"]
    for offset, figure in enumerate(portrait.section("demographie").figures, start=1):
        values = rows(ws)[head - 1 + offset]
        assert values[0] == figure.label and values[2] == figure.unit
        # a number is stored rounded once, as the page shows it (1009.46 with 1 decimal: 1009.5)
        expected = None if figure.is_missing else rounded(figure.value, figure.decimals)
        assert values[1] == expected
        for col, key in enumerate(["Département", "Région", "France"], start=3):
            want = figure.comparisons.get(key)
            assert values[col] == (None if want is None or math.isnan(want) else rounded(want, figure.decimals))
        assert values[7] == figure.vintage
    population = ws.cell(row=head + 1, column=2)
    assert population.data_type == "n" and population.number_format == "#,##0"
    assert ws.cell(row=head + 2, column=2).number_format == "#,##0.0"
    assert ws.freeze_panes == f"B{head + 1}"
    table_head = find_row(ws, "Tranche d’âge")  # labels in French typography (core.formats.prose)
    assert rows(ws)[table_head - 1][:2] == ["Tranche d’âge", "Effectif (hab.)"]
    assert rows(ws)[table_head][:2] == ["0-14 ans", 15000]


def test_fictive_figures_and_pair_comparison_are_kept(workbook):
    ws = workbook["Offre de soins"]
    head = find_row(ws, "Indicateur")
    header = rows(ws)[head - 1]
    assert header[3:5] == ["Département", "Pair"]
    values = dict(zip(header, rows(ws)[head], strict=True))
    assert values["Valeur"] == 2.4 and values["Pair"] == 2.9  # 2.43 shown with 1 decimal
    assert values["Données fictives"] == "oui"


def test_communes_sheet_has_french_headers_and_numeric_cells(workbook, portrait):
    ws = workbook["Communes"]
    data = rows(ws)
    assert data[0] == ["Code INSEE", "Commune", "Population (hab.)", "Densité (hab./km²)",
                       "APL médecins généralistes (consultations/an/hab.)",
                       "Quartier prioritaire"]
    assert data[1] == ["62498", "Lens", 31415, 2695.3, 2.6, True]
    assert data[2][4] is None and data[3][3] is None and data[4][2] is None
    assert ws["D2"].number_format == "#,##0.0"
    assert ws.freeze_panes == "B2" and ws.auto_filter.ref == "A1:F5"
    assert ws.column_dimensions["B"].width >= len("Éleu-dit-Leauwette")


def test_metadata_sheet_lists_sources_and_parameters(workbook):
    data = rows(workbook["Métadonnées"])
    flat = [v for r in data for v in r if v is not None]
    assert "Lens-Liévin" in flat and "2026-11-23T17:00:00+01:00" in flat
    source = next(r for r in data if r[0] == "Offre de démonstration")
    assert source[:4] == ["Offre de démonstration", "2026-11", "générateur seedé", "oui"]
    params = {r[0]: r[1] for r in data[find_row(workbook["Métadonnées"], "Paramètre"):] if r[0]}
    assert params["apl_threshold"] == 2.5 and params["catchment_minutes"] == 20
    assert params["steps"] == "[5, 10, 20]"


def test_sheet_names_are_valid_and_unique():
    taken = {"communes", "métadonnées"}
    names = [sheet_name(t, taken) for t in
             ["Communes", "A" * 40, "A" * 40, "a/b\\c?d*e[f]g:h", "'quoted'", "  "]]
    assert names[0] == "Communes (2)"
    assert all(len(n) <= 31 for n in names) and len({n.lower() for n in names}) == len(names)
    assert names[3] == "a b c d e f g h" and names[4] == "quoted"


def test_text_that_looks_like_a_formula_stays_text(portrait, tmp_path):
    portrait.territory["name"] = "=HYPERLINK(\"http://x\")"
    portrait.communes.rows[0]["name"] = "=1+1"
    wb = load_workbook(write_xlsx(portrait, tmp_path / "p.xlsx"))
    cell = wb["Communes"]["B2"]
    assert cell.value == "=1+1" and cell.data_type == "s"
