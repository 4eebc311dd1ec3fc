"""The portrait as an Excel workbook (openpyxl): one sheet per section, a « Communes »
sheet and a « Métadonnées » sheet.

A section's sheet has its title, then its figures as a table (Indicateur, Valeur, Unité,
one column per comparison present — Département, Région, France, Pair… —, Source,
Millésime, Données fictives, Note), then each of its tables under a header row. Numbers
are stored as numbers with a number format (``#,##0.0``) that Excel and LibreOffice show
the French way on a French system (« 1 234,5 »); a missing value is an empty cell.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from sante_locale.core.files import atomic_path
from sante_locale.core.formats import prose, rounded
from sante_locale.core.portrait.exports._common import clean, header, sources_text
from sante_locale.core.portrait.model import UNAVAILABLE

FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="000091")
TITLE_FONT = Font(bold=True, size=14)
SUBTITLE_FONT = Font(bold=True, size=12)
WARNING_FONT = Font(bold=True, color="CE0500")
COMMUNES, METADATA = "Communes", "Métadonnées"
TERRITORY_KEYS = {"name": "nom", "kind": "type", "code": "code", "level": "niveau"}
COMPARISON_ORDER = ("Territoire", "Commune", "EPCI", "Département", "Région", "France", "Pair")


def sheet_name(title: str, taken: set[str]) -> str:
    """An Excel sheet name: no ``[]:*?/\\``, at most 31 characters, unique (case-blind).

    Examples
    --------
    >>> taken = {"communes"}
    >>> sheet_name("Offre de soins : médecins / infirmiers [2024]", taken)
    'Offre de soins médecins infirmi'
    >>> sheet_name("Communes", taken), sheet_name("", taken)
    ('Communes (2)', 'Feuille')
    """
    base = " ".join(FORBIDDEN.sub(" ", str(title)).split()).strip("'")[:31].strip() or "Feuille"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)].rstrip() + suffix, n + 1
    taken.add(name.lower())
    return name


def number_format(decimals: int) -> str:
    """The Excel format of a number with ``decimals`` decimals and thousands grouping.

    Examples
    --------
    >>> number_format(0), number_format(2)
    ('#,##0', '#,##0.00')
    """
    decimals = max(int(decimals or 0), 0)
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def _value(value):
    value = clean(value)
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, dict | list | tuple):
        value = json.dumps(value, ensure_ascii=False, default=str)
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def _put(ws, row: int, col: int, value, decimals: int | None = None, font=None, label: bool = True):
    """Write a cell: a decimal number rounded once with ``decimals`` (as the pages show it);
    a ``label`` text with French typography (:func:`~sante_locale.core.formats.prose`),
    data text (names, codes) as it is."""
    value = _value(value)
    if isinstance(value, float) and decimals is not None:
        value = rounded(value, decimals)
    elif isinstance(value, str) and label:
        value = prose(value)
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"  # text, never a formula
    if isinstance(value, int | float) and not isinstance(value, bool) and decimals is not None:
        cell.number_format = number_format(decimals)
    if font is not None:
        cell.font = font
    return cell


def _header_row(ws, row: int, labels: list[str]) -> None:
    for col, label in enumerate(labels, start=1):
        cell = _put(ws, row, col, label, font=HEADER_FONT)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def _fit_columns(ws, minimum: int = 8, maximum: int = 60) -> None:
    widths: dict[int, int] = {}
    for row in ws.iter_rows():
        for cell in row:
            if cell.value is None or (cell.row <= 2 and cell.column == 1):
                continue  # titles may overflow
            text = cell.value if isinstance(cell.value, str) else f"{cell.value:,}" if isinstance(
                cell.value, int | float) else str(cell.value)
            widths[cell.column] = max(widths.get(cell.column, 0), len(text))
    for col, width in widths.items():
        ws.column_dimensions[get_column_letter(col)].width = min(max(width + 2, minimum), maximum)


def _title(ws, portrait, title: str) -> int:
    _put(ws, 1, 1, title, font=TITLE_FONT)
    name = portrait.territory.get("name", "")
    _put(ws, 2, 1, f"{name} — portrait généré le {portrait.generated_at}" if name
         else f"Portrait généré le {portrait.generated_at}")
    row = 3
    if portrait.fictive:
        _put(ws, row, 1, "Attention : ce portrait contient des données fictives.",
             font=WARNING_FONT)
        row += 1
    return row + 1


def _write_figures(ws, row: int, figures) -> int:
    # the order of the figure that compares with the most areas (département, région, France…)
    widest = max((list(f.comparisons) for f in figures), key=len, default=[])
    comparisons = list(dict.fromkeys(widest + [k for f in figures for k in f.comparisons]))
    if all(k in COMPARISON_ORDER for k in comparisons):
        comparisons.sort(key=COMPARISON_ORDER.index)
    has_note = any(f.note for f in figures)
    labels = ["Indicateur", "Valeur", "Unité", *comparisons, "Source", "Millésime",
              "Données fictives", *(["Note"] if has_note else [])]
    _header_row(ws, row, labels)
    header_row = row
    for figure in figures:
        row += 1
        value = UNAVAILABLE if figure.unavailable else figure.value
        cells = [(figure.label, None), (value, figure.decimals), (figure.unit, None),
                 *[(figure.comparisons.get(k), figure.decimals) for k in comparisons],
                 (figure.source, None), (figure.vintage, None),
                 ("oui" if figure.fictive else "non", None),
                 *([(figure.note, None)] if has_note else [])]
        for col, (value, decimals) in enumerate(cells, start=1):
            _put(ws, row, col, value, decimals)
    ws.freeze_panes = ws.cell(row=header_row + 1, column=2)
    return row + 2


def _write_table(ws, row: int, table, title: bool = True, notes: bool = True) -> int:
    if title:
        _put(ws, row, 1, table.title, font=SUBTITLE_FONT)
        row += 1
    _header_row(ws, row, [header(c.label, c.unit) for c in table.columns])
    for record in table.rows:
        row += 1
        for col, column in enumerate(table.columns, start=1):
            _put(ws, row, col, record.get(column.key), column.decimals if column.unit else None, label=False)
    for text in (table.source and f"Source : {table.source}", table.note) if notes else ():
        if text:
            row += 1
            _put(ws, row, 1, text)
    return row + 2


def _write_metadata(ws, portrait) -> None:
    _put(ws, 1, 1, "Métadonnées du portrait", font=TITLE_FONT)
    row = 3
    _header_row(ws, row, ["Élément", "Valeur"])
    items = [(f"Territoire : {TERRITORY_KEYS.get(k, k)}", v) for k, v in portrait.territory.items()]
    items += [("Généré le", portrait.generated_at),
              ("Données fictives", "oui" if portrait.fictive else "non"),
              ("Valeur manquante", "cellule vide (valeur inconnue pour cette commune ou ce territoire)"),
              ("Donnée non importée", f"« {UNAVAILABLE} » (jamais 0)")]
    items += [(f"Non disponible : {u.what}", u.why) for u in getattr(portrait, "unavailable", [])]
    if package := portrait.parameters.get("reference_package"):
        items.append(("Paquet du référentiel territorial", package))
    communes = portrait.communes
    items += [("Feuille Communes", " — ".join(t for t in (communes.title, communes.source
                                                          and f"source : {communes.source}",
                                                          communes.note) if t))]
    for key, value in items:
        row += 1
        _put(ws, row, 1, key)
        _put(ws, row, 2, value)
    row += 2
    _put(ws, row, 1, "Sources", font=SUBTITLE_FONT)
    row += 1
    _header_row(ws, row, ["Source", "Millésime", "Détail", "Données fictives"])
    for source in portrait.sources:
        row += 1
        for col, value in enumerate([source.name, source.vintage, source.detail,
                                     "oui" if source.fictive else "non"], start=1):
            _put(ws, row, col, value)
    row += 2
    _put(ws, row, 1, "Paramètres techniques (clés du calcul, pour le reproduire)", font=SUBTITLE_FONT)
    row += 1
    _header_row(ws, row, ["Paramètre", "Valeur"])
    for key, value in portrait.parameters.items():
        if key == "reference_package":
            continue  # above, with its French label
        row += 1
        _put(ws, row, 1, key)
        _put(ws, row, 2, value)
    notes = getattr(portrait, "method_notes", [])
    if notes:
        row += 2
        _put(ws, row, 1, "Méthode", font=SUBTITLE_FONT)
        for note in notes:
            row += 1
            _put(ws, row, 1, note)
    if text := sources_text(portrait):
        _put(ws, row + 2, 1, text)
    ws.freeze_panes = "A4"
    _fit_columns(ws)


def write_xlsx(portrait, path) -> Path:
    """Write ``portrait`` to ``path`` as an ``.xlsx`` workbook (see the module).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from openpyxl import load_workbook
    >>> from sante_locale.core.portrait.model import Figure, Portrait, Section, Table
    >>> s = Section("demo", "Démographie", [Figure("pop", "Population", 1200, "hab.", "INSEE",
    ...                                            "2022", comparisons={"France": 68e6})])
    >>> out = write_xlsx(Portrait({"name": "Lens"}, "2026-11-23", [s], [],
    ...                           Table("communes", "Communes", [], [])),
    ...                  pathlib.Path(tempfile.mkdtemp()) / "p.xlsx")
    >>> load_workbook(out).sheetnames
    ['Démographie', 'Communes', 'Métadonnées']
    """
    path = Path(path)
    wb = Workbook()
    wb.remove(wb.active)
    taken = {COMMUNES.lower(), METADATA.lower()}
    for section in portrait.sections:
        ws = wb.create_sheet(sheet_name(section.title, taken))
        row = _title(ws, portrait, section.title)
        if section.figures:
            row = _write_figures(ws, row, section.figures)
        for table in section.tables:
            row = _write_table(ws, row, table)
        for note in section.notes:
            _put(ws, row, 1, note)
            row += 1
        _fit_columns(ws)
    ws = wb.create_sheet(COMMUNES)
    _write_table(ws, 1, portrait.communes, title=False, notes=False)
    ws.freeze_panes = "B2"
    if portrait.communes.columns and portrait.communes.rows:
        ws.auto_filter.ref = (f"A1:{get_column_letter(len(portrait.communes.columns))}"
                              f"{len(portrait.communes.rows) + 1}")
    _fit_columns(ws)
    _write_metadata(wb.create_sheet(METADATA), portrait)
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return path
