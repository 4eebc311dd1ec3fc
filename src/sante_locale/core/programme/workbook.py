"""The programme workbook (XLSX): one sheet per level, French headers, real dates and
numbers; reading it back checks every cell and lists every problem by sheet, row and
column, with what to do. Written and read with openpyxl.

This module knows only the file: the references to the database (structures, communes,
QPV, lens questions, bodies) are checked by the programme app, which adds its problems to
the same list, so that nothing is imported while one problem remains.

Examples
--------
>>> import tempfile, pathlib, datetime as dt
>>> path = pathlib.Path(tempfile.mkdtemp()) / "p.xlsx"
>>> write_workbook({"axes": [{"code": "1", "title": "Accès aux soins", "description": "", "order": 1}]}, path)
>>> data, problems = read_workbook(path)
>>> data["axes"][0]["title"], problems
('Accès aux soins', [])
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from sante_locale.core.indicators import INDICATORS
from sante_locale.core.programme.vocab import (
    APPROACHES,
    AUDIENCES,
    DETERMINANTS,
    FREQUENCIES,
    LENS_ANSWERS,
    PARTICIPATION,
    PLANS,
    PRIORITIES,
    SEP,
    STAGES,
    STATUSES,
    key_of,
    keys_of,
    label_of,
)

__all__ = ["SHEETS", "Column", "Problem", "read_workbook", "write_workbook"]

MODES = {"observed": "calculé par l'observatoire", "entered": "saisi à la main"}


@dataclass(frozen=True)
class Column:
    """A column: stored ``key``, French ``header``, value ``kind`` and whether it is required.

    kinds: ``text``, ``list`` (texts separated by « ; »), ``int``, ``year``, ``amount``,
    ``decimal``, ``date``, ``bool``, ``choice`` / ``choices`` (labels of ``choices``).
    ``info`` columns are written for the reader and ignored when read back.
    """

    key: str
    header: str
    kind: str = "text"
    required: bool = False
    choices: dict | None = None
    info: bool = False
    width: int = 18


C = Column
SHEETS: dict[str, tuple[str, list[Column]]] = {
    "programme": ("Programme", [C("field", "Champ", required=True, width=22), C("value", "Valeur", width=70)]),
    "axes": ("Axes", [C("code", "Code", required=True, width=8), C("title", "Intitulé", required=True, width=50),
                      C("description", "Description", width=60), C("order", "Ordre", "int", width=8)]),
    "objectives": ("Objectifs", [
        C("code", "Code", required=True, width=8), C("axis", "Axe", required=True, width=8),
        C("title", "Intitulé", required=True, width=50), C("description", "Description", width=60),
        C("order", "Ordre", "int", width=8)]),
    "actions": ("Actions", [
        C("code", "Code", required=True, width=8), C("objective", "Objectif", required=True, width=9),
        C("title", "Intitulé", required=True, width=45), C("context", "Contexte", width=40),
        C("diagnosis_key", "Chiffre du diagnostic", width=20), C("diagnosis_text", "Lien au diagnostic", width=40),
        C("description", "Description", width=50), C("steps", "Étapes", width=40),
        C("pilots", "Pilotes", "list", width=30), C("partners", "Partenaires", "list", width=40),
        C("audiences", "Publics cibles", "choices", choices=AUDIENCES, width=30),
        C("audiences_detail", "Précision sur les publics", width=30),
        C("communes", "Communes (codes INSEE)", "list", width=24), C("qpvs", "QPV (codes)", "list", width=20),
        C("starts_on", "Début", "date", width=12), C("ends_on", "Fin", "date", width=12),
        C("human_means", "Moyens humains", width=30), C("material_means", "Moyens matériels", width=30),
        C("plans", "Plans", "choices", choices=PLANS, width=30), C("plans_detail", "Précision sur les plans", width=30),
        C("determinants", "Déterminants de santé", "choices", choices=DETERMINANTS, width=30),
        C("approach", "Approche des inégalités", "choice", required=True, choices=APPROACHES, width=24),
        C("participation", "Participation des habitants", "choice", required=True, choices=PARTICIPATION, width=20),
        C("status", "Statut", "choice", required=True, choices=STATUSES, width=12),
        C("priority", "Priorité", "choice", required=True, choices=PRIORITIES, width=10),
        C("risks", "Risques", width=30), C("body", "Instance de suivi", width=30),
        C("shared_in", "Partagée avec (dispositif › objectif)", "list", width=40)]),
    "milestones": ("Jalons", [
        C("action", "Action", required=True, width=8), C("title", "Jalon", required=True, width=50),
        C("due_on", "Échéance", "date", required=True, width=12), C("done_on", "Atteint le", "date", width=12)]),
    "fundings": ("Budget", [
        C("action", "Action", required=True, width=8), C("funder", "Financeur", required=True, width=40),
        C("year", "Année", "year", required=True, width=8),
        C("planned", "Montant prévu (€)", "amount", required=True, width=16),
        C("obtained", "Montant obtenu (€)", "amount", width=16)]),
    "indicators": ("Indicateurs", [
        C("code", "Code", required=True, width=10), C("action", "Action", width=8),
        C("key", "Indicateur (clé du référentiel)", required=True, width=26),
        C("label", "Libellé", info=True, width=45), C("unit", "Unité", info=True, width=14),
        C("detail", "Précision", width=40), C("mode", "Origine des valeurs", "choice", required=True, choices=MODES,
                                              width=24),
        C("frequency", "Périodicité", "choice", required=True, choices=FREQUENCIES, width=14),
        C("baseline_value", "Situation de départ", "decimal", width=12),
        C("baseline_on", "Date de la situation de départ", "date", width=14),
        C("source", "Source habituelle", width=30)]),
    "targets": ("Cibles", [
        C("indicator", "Indicateur", required=True, width=10), C("due_on", "Échéance", "date", required=True, width=12),
        C("value", "Valeur cible", "decimal", required=True, width=12)]),
    "values": ("Valeurs", [
        C("indicator", "Indicateur", required=True, width=10), C("measured_on", "Date", "date", required=True,
                                                                 width=12),
        C("value", "Valeur", "decimal", required=True, width=12), C("source", "Source", required=True, width=30),
        C("vintage", "Millésime", width=10), C("note", "Commentaire", width=40)]),
    "lens": ("Lentille", [
        C("action", "Action", required=True, width=8), C("question", "Question (clé)", required=True, width=24),
        C("stage", "Étape", info=True, width=20), C("text", "Question", info=True, width=60),
        C("answer", "Réponse", "choice", choices=LENS_ANSWERS, width=12),
        C("justification", "Justification", width=50)]),
}
PROGRAMME_FIELDS = {"dispositif": "Dispositif", "title": "Intitulé", "starts_year": "Première année",
                    "ends_year": "Dernière année", "summary": "Présentation", "is_published": "Publié"}
UNIQUE = {"axes": ("code",), "objectives": ("code",), "actions": ("code",), "indicators": ("code",),
          "fundings": ("action", "funder", "year"), "targets": ("indicator", "due_on"),
          "values": ("indicator", "measured_on"), "lens": ("action", "question")}
#: sheet -> (column, sheet it refers to)
REFERENCES = {"objectives": [("axis", "axes")], "actions": [("objective", "objectives")],
              "milestones": [("action", "actions")], "fundings": [("action", "actions")],
              "indicators": [("action", "actions")], "targets": [("indicator", "indicators")],
              "values": [("indicator", "indicators")], "lens": [("action", "actions")]}


@dataclass(frozen=True, order=True)
class Problem:
    """One problem of the file, where it is and what to do."""

    sheet: str
    row: int
    column: str  # letter, "" for the whole row or sheet
    message: str
    header: str = field(default="", compare=False)

    def __str__(self) -> str:
        where = f"feuille « {self.sheet} »"
        if self.row:
            where += f", ligne {self.row}"
        if self.column:
            where += f", colonne {self.column}" + (f" ({self.header})" if self.header else "")
        return f"{where} : {self.message}"


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


# ------------------------------------------------------------------ writing


def _cell(column: Column, value):
    if value is None or value == "" or value == []:
        return None
    if column.kind == "choice":
        return label_of(column.choices, value)
    if column.kind == "choices":
        return label_of(column.choices, value)
    if column.kind == "list":
        return SEP.join(str(v) for v in value)
    if column.kind in ("amount", "decimal"):
        number = Decimal(str(value))
        return int(number) if number == number.to_integral_value() else float(number)
    if column.kind == "bool":
        return "oui" if value else "non"
    return value


def write_workbook(data: dict[str, list[dict]], path: Path, title: str = "") -> None:
    """Write ``data`` (sheet key -> rows of dicts keyed like the columns) to ``path``."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    workbook.remove(workbook.active)
    for key, (name, columns) in SHEETS.items():
        sheet = workbook.create_sheet(name)
        sheet.append([c.header for c in columns])
        for n, column in enumerate(columns):
            cell = sheet.cell(row=1, column=n + 1)
            cell.font = Font(bold=True, color="FFFFFF" if not column.info else "161616")
            cell.fill = PatternFill("solid", fgColor="000091" if not column.info else "E3E3FD")
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            sheet.column_dimensions[_letter(n)].width = column.width
        for row in data.get(key, []):
            sheet.append([_cell(c, row.get(c.key)) for c in columns])
        for n, column in enumerate(columns):
            letter = _letter(n)
            if column.kind == "date":
                for (cell,) in sheet.iter_rows(min_row=2, min_col=n + 1, max_col=n + 1):
                    cell.number_format = "DD/MM/YYYY"
            elif column.kind == "amount":
                for (cell,) in sheet.iter_rows(min_row=2, min_col=n + 1, max_col=n + 1):
                    cell.number_format = "#,##0.00"
            elif column.kind == "choice":
                options = ",".join(v[0] if isinstance(v, tuple) else v for v in column.choices.values())
                if len(options) < 250:
                    check = DataValidation(type="list", formula1=f'"{options}"', allow_blank=not column.required,
                                           error="Choisissez une valeur de la liste.", errorTitle="Valeur non prévue")
                    sheet.add_data_validation(check)
                    check.add(f"{letter}2:{letter}1000")
        sheet.freeze_panes = "A2" if key != "programme" else None
    if title:
        workbook.properties.title = title
    workbook.properties.creator = "Santé Locale"
    workbook.save(path)


# ------------------------------------------------------------------ reading


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _convert(column: Column, value) -> tuple[object, str | None]:
    """The stored value of a cell, or a French problem."""
    text = _text(value)
    if column.kind == "text":
        return text, None
    if column.kind == "list":
        return [p.strip() for p in text.split(";") if p.strip()], None
    if text == "":
        return ([] if column.kind == "choices" else None), None
    if column.kind == "choice":
        key = key_of(column.choices, text)
        if key is None:
            allowed = ", ".join(v[0] if isinstance(v, tuple) else v for v in column.choices.values())
            return None, f"« {text} » n'est pas une valeur prévue : choisissez parmi {allowed}."
        return key, None
    if column.kind == "choices":
        keys, unknown = keys_of(column.choices, text)
        if unknown:
            allowed = ", ".join(v for v in column.choices.values())
            return None, (f"{', '.join('« ' + u + ' »' for u in unknown)} : valeur non prévue ; séparez par « ; » "
                          f"des valeurs parmi {allowed}.")
        return keys, None
    if column.kind == "date":
        if isinstance(value, dt.datetime):
            return value.date(), None
        if isinstance(value, dt.date):
            return value, None
        for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
            try:
                return dt.datetime.strptime(text, fmt).date(), None
            except ValueError:
                pass
        return None, f"« {text} » n'est pas une date : écrivez-la JJ/MM/AAAA (par exemple 31/12/2025)."
    if column.kind in ("int", "year"):
        try:
            number = int(Decimal(text.replace(",", ".").replace(" ", "").replace("\xa0", "")))
        except (InvalidOperation, ValueError):
            return None, f"« {text} » n'est pas un nombre entier."
        if column.kind == "year" and not 1990 <= number <= 2100:
            return None, f"« {text} » n'est pas une année plausible (entre 1990 et 2100)."
        return number, None
    if column.kind in ("amount", "decimal"):
        if isinstance(value, bool):
            return None, f"« {text} » n'est pas un nombre."
        if isinstance(value, int | float):
            number = Decimal(str(value))
        else:
            cleaned = text.replace("€", "").replace(" ", "").replace("\xa0", "").replace("\u202f", "").replace(",", ".")
            try:
                number = Decimal(cleaned)
            except InvalidOperation:
                return None, f"« {text} » n'est pas un nombre : écrivez un montant en chiffres, sans texte (ex. 12500,50)."
        if not number.is_finite():
            return None, f"« {text} » n'est pas un nombre fini."
        if column.kind == "amount" and number < 0:
            return None, f"« {text} » : un montant ne peut pas être négatif."
        return number, None
    if column.kind == "bool":
        low = text.lower()
        if low in ("oui", "o", "vrai", "1", "yes", "true"):
            return True, None
        if low in ("non", "n", "faux", "0", "no", "false"):
            return False, None
        return None, f"« {text} » : écrivez oui ou non."
    raise ValueError(column.kind)


def read_workbook(path: Path) -> tuple[dict[str, list[dict]], list[Problem]]:
    """Rows of every sheet (each with ``_row``, its line number) and every problem found.

    Each data row is a dict keyed like the columns (``info`` columns left out). Problems:
    an unreadable file, a missing sheet or required column, an unknown column, a required
    cell left empty, a cell of the wrong type, a duplicated code, a reference to a code
    absent from its sheet, an unknown indicator key.
    """
    from openpyxl import load_workbook

    name = Path(path).name
    try:
        workbook = load_workbook(path, data_only=True, read_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        return {}, [Problem(name, 0, "", f"le fichier n'est pas un classeur XLSX lisible ({exc.__class__.__name__}) : "
                            "enregistrez-le au format Excel (.xlsx) et recommencez.")]
    data: dict[str, list[dict]] = {}
    problems: list[Problem] = []
    for key, (sheet_name, columns) in SHEETS.items():
        if sheet_name not in workbook.sheetnames:
            if key in ("programme", "axes", "objectives", "actions"):
                problems.append(Problem(sheet_name, 0, "", "feuille absente : gardez les feuilles du modèle exporté "
                                        "(Programme, Axes, Objectifs, Actions…)."))
            data[key] = []
            continue
        rows = list(workbook[sheet_name].iter_rows(values_only=True))
        header = [_text(v) for v in (rows[0] if rows else [])]
        by_header = {c.header.lower(): c for c in columns}
        positions: dict[str, int] = {}
        for index, text in enumerate(header):
            if not text:
                continue
            column = by_header.get(text.lower())
            if column is None:
                known = ", ".join(c.header for c in columns)
                problems.append(Problem(sheet_name, 1, _letter(index), f"colonne inconnue « {text} » : renommez-la "
                                        f"ou supprimez-la (colonnes prévues : {known}).", text))
            elif column.key in positions:
                problems.append(Problem(sheet_name, 1, _letter(index), f"colonne « {text} » en double.", text))
            else:
                positions[column.key] = index
        for column in columns:
            if column.required and column.key not in positions:
                problems.append(Problem(sheet_name, 1, "", f"colonne obligatoire « {column.header} » absente : "
                                        "ajoutez-la en première ligne."))
        parsed = []
        for number, raw in enumerate(rows[1:], start=2):
            if all(_text(v) == "" for v in raw):
                continue
            row: dict = {"_row": number}
            for column in columns:
                if column.info or column.key not in positions:
                    continue
                index = positions[column.key]
                value = raw[index] if index < len(raw) else None
                converted, problem = _convert(column, value)
                if problem is None and column.required and converted in (None, "", []):
                    problem = "cellule vide : cette colonne est obligatoire."
                if problem:
                    problems.append(Problem(sheet_name, number, _letter(index), problem, column.header))
                row[column.key] = converted
            parsed.append(row)
        data[key] = parsed
    problems += _check_keys(data)
    return data, sorted(problems)


def column_letter(sheet_key: str, column_key: str) -> tuple[str, str, str]:
    """(sheet name, column letter in the exported layout, header) of a column."""
    name, columns = SHEETS[sheet_key]
    index = next(n for n, c in enumerate(columns) if c.key == column_key)
    return name, _letter(index), columns[index].header


def problem_at(sheet_key: str, row: dict, column_key: str, message: str) -> Problem:
    name, letter, header = column_letter(sheet_key, column_key)
    return Problem(name, row.get("_row", 0), letter, message, header)


def _check_keys(data: dict[str, list[dict]]) -> list[Problem]:
    problems = []
    for sheet, keys in UNIQUE.items():
        seen: dict[tuple, int] = {}
        for row in data.get(sheet, []):
            value = tuple(row.get(k) for k in keys)
            if any(v in (None, "") for v in value):
                continue
            if value in seen:
                label = " / ".join(str(v) for v in value)
                problems.append(problem_at(sheet, row, keys[0], f"« {label} » en double (déjà ligne {seen[value]}) : "
                                           "chaque code ne peut figurer qu'une fois."))
            else:
                seen[value] = row["_row"]
    for sheet, references in REFERENCES.items():
        for column, target in references:
            codes = {r.get("code") for r in data.get(target, [])}
            for row in data.get(sheet, []):
                value = row.get(column)
                if value and value not in codes:
                    problems.append(problem_at(sheet, row, column, f"« {value} » ne figure pas dans la feuille "
                                               f"« {SHEETS[target][0]} » : ajoutez-le ou corrigez le code."))
    for row in data.get("indicators", []):
        key = row.get("key")
        if key and key not in INDICATORS:
            problems.append(problem_at("indicators", row, "key", f"indicateur « {key} » inconnu du référentiel : "
                                       "reprenez une clé de la liste des indicateurs (page Indicateurs)."))
    fields = {v.lower(): k for k, v in PROGRAMME_FIELDS.items()}
    for row in data.get("programme", []):
        if row.get("field", "").lower() not in fields:
            problems.append(problem_at("programme", row, "field", f"champ « {row.get('field')} » inconnu : champs "
                                       f"prévus : {', '.join(PROGRAMME_FIELDS.values())}."))
        else:
            row["field"] = fields[row["field"].lower()]
    return problems


def stage_label(stage: str) -> str:
    return STAGES.get(stage, stage)
