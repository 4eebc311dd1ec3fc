"""Reader of the DREES APL workbooks (one workbook per profession, one sheet per vintage).

Layout (real 2022–2023 GP workbook): sheets ``Paramètres`` (method, not data), ``APL 2022``,
``APL 2023``; in each APL sheet, title lines (title, « Millésime : 2022 », sources, champ,
lecture, note), then the header row (``Code commune INSEE``, ``Commune``, ``APL aux
médecins généralistes``, ``APL aux médecins généralistes de moins de 65 ans``,
``Population standardisée 2020 pour la médecine générale``, ``Population totale 2020``),
then a units row, then data. The header row is found by its ``Code commune`` cell, so
older layouts (``skiprows=8``) work too. Paris, Lyon and Marseille are given per
arrondissement municipal (751xx, 6938x, 132xx): kept as is; :func:`aggregate_plm` builds
whole-commune rows when needed.

Example
-------
>>> p = shared("real/drees_apl_medecins_generalistes_2022_2023/apl_generalistes.xlsx")
>>> apl = read_drees_apl(p)
>>> print([(v.vintage, v.profession, len(v.data)) for v in apl])
[(2022, 'medecin_generaliste', 34964), (2023, 'medecin_generaliste', 34954)]
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import SourceError

__all__ = ["AplVintage", "aggregate_plm", "read_drees_apl"]

_SHEET_RE = re.compile(r"^APL[ _-]*(\d{4})$", re.IGNORECASE)
_PROFESSIONS = (
    ("généralistes", "medecin_generaliste"),
    ("infirmi", "infirmier"),
    ("kinésithérapeute", "masseur_kinesitherapeute"),
    ("sages-femmes", "sage_femme"),
    ("dentistes", "chirurgien_dentiste"),
)
COLUMNS = ("insee_code", "commune", "apl", "apl_under_65", "standardised_population",
           "total_population")  # fmt: skip


@dataclass
class AplVintage:
    """One sheet of a DREES APL workbook.

    Attributes
    ----------
    vintage : int
        Millésime (from the sheet name, e.g. ``APL 2023`` → 2023).
    profession : str
        Code name (``medecin_generaliste``…), from the APL column header.
    data : pandas.DataFrame
        ``insee_code, commune, apl, apl_under_65`` (NaN when absent),
        ``standardised_population, total_population``.
    sheet : str
        Sheet name.
    """

    vintage: int
    profession: str
    data: pd.DataFrame
    sheet: str


def _column_roles(header: list[str]) -> dict[str, int]:
    roles: dict[str, int] = {}
    for i, raw in enumerate(header):
        h = raw.strip()
        low = h.lower()
        if low.startswith("code commune"):
            roles.setdefault("insee_code", i)
        elif low == "commune":
            roles.setdefault("commune", i)
        elif low.startswith("apl aux"):
            if "65 ans" in low:
                roles.setdefault("apl_under_65", i)
            elif " ans" not in low or "sans borne" in low:
                roles.setdefault("apl", i)
        elif low.startswith("population standardisée"):
            roles.setdefault("standardised_population", i)
        elif low.startswith("population totale"):
            roles.setdefault("total_population", i)
    return roles


def _profession(header_cell: str) -> str:
    low = header_cell.lower()
    for needle, code in _PROFESSIONS:
        if needle in low:
            return code
    return "inconnue"


def _insee(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text.zfill(5) if text.isdigit() else text


def read_drees_apl(path: str | Path) -> list[AplVintage]:
    """Read every ``APL <year>`` sheet of a DREES workbook.

    Parameters
    ----------
    path : str or Path
        The ``.xlsx`` as downloaded from data.drees, or its compact CSV form (``.csv`` or
        ``.csv.gz``, read by :func:`~.drees_apl_csv.read_drees_apl_csv`).

    Returns
    -------
    list of AplVintage
        One per vintage sheet, oldest first.

    Raises
    ------
    SourceError
        Not a workbook, no ``APL <year>`` sheet (the message lists the sheets found), no
        header row, a required column missing, an APL column naming no known profession,
        a sheet without data, or a value that is not a finite non-negative number.

    Examples
    --------
    See the module docstring.
    """
    import openpyxl

    path = Path(path)
    if path.name.lower().endswith((".csv", ".csv.gz")):  # the compact form shipped with the package
        from .drees_apl_csv import read_drees_apl_csv

        return read_drees_apl_csv(path)
    try:
        # read from memory: no file handle left open by half-consumed sheet iterators
        wb = openpyxl.load_workbook(io.BytesIO(path.read_bytes()), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types
        raise SourceError(
            path.name, None, None, f"classeur Excel illisible ({type(exc).__name__})",
            "Téléchargez à nouveau le fichier .xlsx sur data.drees.solidarites-sante.gouv.fr.",
        ) from None  # fmt: skip
    try:
        sheets = [(ws, _SHEET_RE.match(ws.title.strip())) for ws in wb.worksheets]
        vintages = [(ws, int(m.group(1))) for ws, m in sheets if m]
        if not vintages:
            raise SourceError(
                path.name,
                None,
                None,
                "aucune feuille « APL <année> » dans le classeur (feuilles trouvées : "
                + ", ".join(f"« {n} »" for n in wb.sheetnames)
                + ")",
                "Importez le classeur APL de la DREES tel que téléchargé, sans renommer ses "
                "feuilles.",
            )
        out = [_read_sheet(path.name, ws, year) for ws, year in vintages]
    finally:
        wb.close()
    return sorted(out, key=lambda v: v.vintage)


def _read_sheet(file: str, ws, year: int) -> AplVintage:
    where = f"{file} › feuille « {ws.title} »"
    rows = ws.iter_rows(values_only=True)
    header: list[str] | None = None
    line = 0
    for row in rows:
        line += 1
        first = row[0] if row else None
        if isinstance(first, str) and first.strip().lower().startswith("code commune"):
            header = ["" if c is None else str(c) for c in row]
            break
        if line > 40:
            break
    if header is None:
        raise SourceError(
            where, None, "Code commune INSEE", "ligne d'en-tête introuvable",
            "La feuille doit contenir une ligne commençant par « Code commune INSEE ».",
        )  # fmt: skip
    roles = _column_roles(header)
    for role, label in (
        ("insee_code", "Code commune INSEE"),
        ("apl", "APL aux …"),
        ("standardised_population", "Population standardisée …"),
    ):
        if role not in roles:
            raise SourceError(
                where, line, label, "colonne absente de l'en-tête",
                "Vérifiez que la feuille est un tableau APL communal de la DREES.",
            )  # fmt: skip
    profession = _profession(header[roles["apl"]])
    if profession == "inconnue":
        raise SourceError(
            where, line, header[roles["apl"]], "profession non reconnue dans l'intitulé de la colonne APL",
            "L'intitulé doit nommer la profession (« APL aux médecins généralistes », « … aux infirmiers »…) "
            "comme dans le classeur de la DREES.",
        )  # fmt: skip
    records: list[tuple] = []
    lines: list[int] = []
    for row in rows:
        line += 1
        code = _insee(row[roles["insee_code"]] if len(row) > roles["insee_code"] else None)
        if not code:
            continue  # units row, blank rows, footnotes
        records.append(
            tuple(
                row[roles[c]] if c in roles and roles[c] < len(row) else None for c in COLUMNS[1:]
            )
        )
        lines.append(line)
        records[-1] = (code, *records[-1])
    if not records:
        raise SourceError(
            where, None, None, "la feuille ne contient que l'en-tête, aucune ligne de commune",
            "Téléchargez à nouveau le classeur APL complet de la DREES.",
        )  # fmt: skip
    data = pd.DataFrame.from_records(records, columns=list(COLUMNS))
    for col in COLUMNS[2:]:
        converted = pd.to_numeric(data[col], errors="coerce")
        bad = converted.isna() & data[col].notna() & (data[col].astype(str).str.strip() != "")
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise SourceError(
                where, lines[i], header[roles[col]] if col in roles else col,
                f"valeur non numérique « {data[col].iloc[i]} »",
                "Corrigez la cellule ou téléchargez à nouveau le classeur.",
            )  # fmt: skip
        data[col] = converted.astype(float)
        values = data[col].to_numpy()
        odd = ~np.isnan(values) & ((values < 0) | ~np.isfinite(values))
        if odd.any():
            i = int(np.flatnonzero(odd)[0])
            raise SourceError(
                where, lines[i], header[roles[col]] if col in roles else col,
                f"valeur « {values[i]:g} » : nombre positif ou nul attendu",
                "Une APL et une population ne sont jamais négatives : corrigez la cellule ou téléchargez à "
                "nouveau le classeur.",
            )  # fmt: skip
    data["commune"] = data["commune"].astype(object).where(data["commune"].notna(), "")
    return AplVintage(vintage=year, profession=profession, data=data, sheet=ws.title)


_PLM = (("75056", "751"), ("69123", "6938"), ("13055", "132"))


def aggregate_plm(data: pd.DataFrame) -> pd.DataFrame:
    """Add whole-commune rows for Paris, Lyon, Marseille from their arrondissements.

    APL is averaged with the standardised population as weight (DREES note); populations
    are summed. Arrondissement rows are kept.

    Examples
    --------
    >>> df = pd.DataFrame({"insee_code": ["75101", "75102"], "commune": ["", ""],
    ...     "apl": [4.0, 2.0], "apl_under_65": [np.nan, np.nan],
    ...     "standardised_population": [1.0, 3.0], "total_population": [1.0, 3.0]})
    >>> last = aggregate_plm(df).iloc[-1]
    >>> last["insee_code"], float(last["apl"])
    ('75056', 2.5)
    """
    extra = []
    for whole, prefix in _PLM:
        part = data[data["insee_code"].str.startswith(prefix) & (data["insee_code"] != whole)]
        if part.empty or (data["insee_code"] == whole).any():
            continue
        w = part["standardised_population"].to_numpy()
        row = {"insee_code": whole, "commune": ""}
        for col in ("apl", "apl_under_65"):
            v = part[col].to_numpy()
            ok = ~np.isnan(v)
            row[col] = float(np.sum(v[ok] * w[ok]) / np.sum(w[ok])) if ok.any() else np.nan
        row["standardised_population"] = float(w.sum())
        row["total_population"] = float(part["total_population"].sum())
        extra.append(row)
    if not extra:
        return data
    return pd.concat([data, pd.DataFrame(extra)], ignore_index=True)
