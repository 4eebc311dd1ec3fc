"""Readers of INSEE population-by-age tables and the broad-band → DREES 5-year mapping.

Files: ``base-cc-evol-struct-pop-YYYY`` (communes, key ``CODGEO``) and
``base-ic-evol-struct-pop-YYYY`` (IRIS, keys ``IRIS`` and ``COM``; summed to communes),
``;``-separated CSV or the XLSX INSEE ships (title lines before the header: the header row
is found by its key column). The vintage is parsed from the ``PYY_POP`` column
(``P21_`` → 2021), never hard-coded.

Returned columns: ``insee_code``, ``population`` and one ``pop_<lo><hi>`` column per age
band found (``pop_0014``, ``pop_1529``, … ``pop_75p``; and the finer ``pop_0002``,
``pop_0305``… when present; 5-year bands such as ``pop_0004`` are kept as well).

Example
-------
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "base-cc-evol-struct-pop-2021.csv"
>>> _ = p.write_text("CODGEO;P21_POP;P21_POP0014;P21_POP1529;P21_POP3044;P21_POP4559;P21_POP6074;"
...                  "P21_POP75P\\n62498;32618;6600;6400;6000;6000;5218;2400\\n")
>>> table = read_insee_population(p)
>>> table.vintage, table.data.loc[0, "insee_code"], float(table.data.loc[0, "pop_75p"])
(2021, '62498', 2400.0)
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sante_locale.core.access.parameters import AGE_WEIGHTS

from ._io import decode_error, detect_encoding, open_text, sniff
from .errors import SourceError

__all__ = [
    "BROAD_BANDS",
    "DREES_AGE_BANDS",
    "DREES_WEIGHTS_GP",
    "PopulationTable",
    "five_year_bands",
    "read_insee_population",
    "standardised_population",
]

_POP_RE = re.compile(r"^P(\d{2})_POP$")
_BAND_RE = re.compile(r"^P(\d{2})_POP(\d{2})(\d{2}|P)$")

#: Broad bands present in every vintage of both files.
BROAD_BANDS = ("pop_0014", "pop_1529", "pop_3044", "pop_4559", "pop_6074", "pop_75p")
#: DREES 5-year bands (``00_04`` … ``85_89``, ``90p``).
DREES_AGE_BANDS = tuple(f"{a:02d}_{a + 4:02d}" for a in range(0, 90, 5)) + ("90p",)
#: DREES consumption weights for GPs (workbook « Paramètres » sheet), by vintage: one
#: definition, in the APL parameters.
DREES_WEIGHTS_GP = AGE_WEIGHTS
#: Split of the 75+ population into 75–79, 80–84, 85–89, 90+ (France, INSEE population
#: estimates 2021, rounded): used only when a file has no finer band above 75.
SHARE_75P = (0.37, 0.29, 0.20, 0.14)


@dataclass
class PopulationTable:
    """Population by age per commune.

    Attributes
    ----------
    vintage : int
        Year of the population (``P21_`` → 2021).
    level : str
        ``"commune"`` or ``"iris"`` (the source level; data are per commune either way).
    data : pandas.DataFrame
        ``insee_code, population, pop_…`` (floats: IRIS values are not integers).
    """

    vintage: int
    level: str
    data: pd.DataFrame


_XLSX_HINT = ("Importez le fichier « base-cc-evol-struct-pop » de l'INSEE tel que téléchargé (CSV ou classeur "
              ".xlsx complet) ; s'il est endommagé, téléchargez-le à nouveau.")
#: Inside a ZIP as the INSEE ships it: the data CSV, not its ``meta_…`` companion.
_MEMBER = re.compile(r"^(?!meta).*\.csv$", re.IGNORECASE)


def _workbook(path: Path, name: str):
    import openpyxl

    try:
        return openpyxl.load_workbook(io.BytesIO(path.read_bytes()), read_only=True)
    except Exception as exc:  # noqa: BLE001 - zipfile, openpyxl and lxml raise many types
        raise SourceError(name, None, None, f"classeur Excel illisible ({type(exc).__name__})",
                          _XLSX_HINT) from None


def _header_row_xlsx(path: Path, name: str) -> tuple[str, int]:
    wb = _workbook(path, name)
    try:
        for ws in wb.worksheets:
            for i, row in enumerate(ws.iter_rows(max_row=30, values_only=True)):
                cells = {str(c).strip() for c in row if c is not None}
                if cells & {"CODGEO", "IRIS"}:
                    return ws.title, i
        raise SourceError(
            name,
            None,
            "CODGEO",
            "aucune feuille ne contient d'en-tête avec CODGEO ou IRIS "
            f"(feuilles : {', '.join(wb.sheetnames)})",
            "Importez le fichier « base-cc-evol-struct-pop » ou « base-ic-evol-struct-pop » "
            "de l'INSEE.",
        )
    finally:
        wb.close()


def _read_xlsx(path: Path, name: str) -> tuple[pd.DataFrame, list[int]]:
    """The table of the workbook (text cells) and the line of each row in its sheet."""
    sheet, header = _header_row_xlsx(path, name)
    try:
        df = pd.read_excel(path, sheet_name=sheet, header=header, dtype=str, keep_default_na=False)
    except Exception as exc:  # noqa: BLE001 - as in _workbook
        raise SourceError(name, None, None, f"classeur Excel illisible ({type(exc).__name__})",
                          _XLSX_HINT) from None
    blank = df.apply(lambda s: s.astype(str).str.strip() == "").all(axis=1)
    lines = [header + 2 + i for i in np.flatnonzero(~blank.to_numpy()).tolist()]
    return df[~blank].reset_index(drop=True), lines


def _read_csv(path: Path) -> tuple[str, pd.DataFrame, list[int]]:
    """(display name, table of text cells, line of each row) of the ``;`` CSV.

    Read with :mod:`csv` rather than pandas to check the number of fields of every line: a
    truncated line (interrupted download) has fewer fields, and pandas would silently fill
    them with nothing.
    """
    name, head = sniff(path, _MEMBER, "base-cc-evol-struct-pop-*.csv")
    encoding = detect_encoding(head)
    first = head.decode(encoding, errors="replace").lstrip("\ufeff").splitlines()[0]
    if ";" not in first:
        sep = "," if "," in first else ("\t" if "\t" in first else None)
        raise SourceError(
            name,
            1,
            None,
            "séparateur « ; » absent de l'en-tête"
            + (f" (séparateur « {sep} » trouvé)" if sep else ""),
            "Importez le fichier CSV de l'INSEE tel que téléchargé.",
        )
    rows: list[list[str]] = []
    lines: list[int] = []
    with open_text(path, encoding, _MEMBER, "base-cc-evol-struct-pop-*.csv", newline="") as (_, text):
        reader = csv.reader(text, delimiter=";")
        try:
            header = next(reader)
            for fields in reader:
                if not any(f.strip() for f in fields):
                    continue
                if len(fields) != len(header):
                    column = header[min(len(fields), len(header)) - 1].strip().upper()
                    short = len(fields) < len(header)
                    raise SourceError(
                        name, reader.line_num, column,
                        f"{len(fields)} champs au lieu de {len(header)}"
                        + (" (ligne tronquée)" if short else " (séparateur « ; » en trop)"),
                        "Le téléchargement a probablement été interrompu ou le fichier modifié : "
                        "téléchargez à nouveau le fichier complet de l'INSEE.",
                    )  # fmt: skip
                rows.append(fields)
                lines.append(reader.line_num)
        except UnicodeDecodeError as exc:
            raise decode_error(name, reader.line_num + 1, encoding) from exc
        except csv.Error as exc:
            raise SourceError(name, reader.line_num, None, f"CSV mal formé ({exc})",
                              "Téléchargez à nouveau le fichier de l'INSEE.") from None
    return name, pd.DataFrame(rows, columns=header, dtype=str), lines


def read_insee_population(path: str | Path) -> PopulationTable:
    """Read an INSEE ``base-cc``/``base-ic-evol-struct-pop`` file into populations per commune.

    The file is refused (:class:`SourceError` naming file, line and column) when it has no
    data line, a truncated line, no total population ``PYY_POP`` or one of the six broad
    age bands (``PYY_POP0014`` … ``PYY_POP75P``), or a count that is empty (total and broad
    bands), not a number, not finite or negative.

    Parameters
    ----------
    path : str or Path
        CSV (``;``, or a ZIP holding it) or XLSX.

    Returns
    -------
    PopulationTable

    Examples
    --------
    See the module docstring.
    """
    path = Path(path)
    name = path.name
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        df, lines = _read_xlsx(path, name)
    else:
        name, df, lines = _read_csv(path)
    df.columns = [str(c).strip().upper() for c in df.columns]
    if "CODGEO" in df.columns:
        key, level = "CODGEO", "commune"
    elif "IRIS" in df.columns:
        key, level = "COM", "iris"
        if "COM" not in df.columns:
            raise SourceError(
                name, 1, "COM", "colonne absente de l'en-tête d'un fichier IRIS",
                "Le fichier IRIS doit contenir les colonnes IRIS et COM.",
            )  # fmt: skip
    else:
        raise SourceError(
            name, 1, "CODGEO", "colonne absente de l'en-tête (ni CODGEO ni IRIS)",
            "Importez « base-cc-evol-struct-pop » (communes) ou « base-ic-evol-struct-pop » (IRIS).",
        )  # fmt: skip
    pop_cols = [c for c in df.columns if _POP_RE.match(c)]
    if not pop_cols:
        raise SourceError(
            name, 1, "P??_POP", "aucune colonne de population totale (P21_POP, P20_POP…)",
            "Vérifiez que le fichier est bien un tableau « évolution et structure de la population ».",
        )  # fmt: skip
    yy = _POP_RE.match(pop_cols[0]).group(1)  # type: ignore[union-attr]
    vintage = 2000 + int(yy)
    bands = {}
    for c in df.columns:
        m = _BAND_RE.match(c)
        if m and m.group(1) == yy:
            bands[c] = f"pop_{m.group(2)}{m.group(3).lower()}"
    required = [f"P{yy}_POP"] + [f"P{yy}_POP{b[4:].upper()}" for b in BROAD_BANDS]
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise SourceError(
            name, 1, missing[0],
            "colonne absente de l'en-tête" if len(missing) == 1 else
            f"colonnes absentes de l'en-tête : {', '.join(missing)}",
            f"Le fichier de l'INSEE contient la population totale et six tranches d'âge ({', '.join(required)}) : "
            "importez-le tel que téléchargé, sans supprimer de colonne.",
        )  # fmt: skip
    if df.empty:
        raise SourceError(
            name, None, None, "le fichier ne contient que l'en-tête, aucune ligne de données",
            "Téléchargez à nouveau le fichier complet de l'INSEE.",
        )  # fmt: skip
    keep = [f"P{yy}_POP", *bands]
    values = _counts(name, df, keep, set(required), lines)
    codes = df[key].astype(str).str.strip().str.zfill(5)
    values.insert(0, "insee_code", codes.to_numpy())
    values = values.rename(columns={f"P{yy}_POP": "population", **bands})
    data = values.groupby("insee_code", as_index=False, sort=True).sum()
    return PopulationTable(vintage=vintage, level=level, data=data)


def _counts(name: str, df: pd.DataFrame, columns: list[str], required: set[str],
            lines: list[int]) -> pd.DataFrame:
    """The counts of ``columns`` as floats; an empty optional count is 0, anything else odd is fatal."""
    out = {}
    for col in columns:
        raw = df[col].astype(str).str.strip()
        values = pd.to_numeric(raw.str.replace(",", ".").str.replace("\u00a0", "").str.replace(" ", ""),
                               errors="coerce")
        empty = raw == ""
        problems = (
            (empty if col in required else pd.Series(False, index=raw.index), "valeur manquante",
             "Le fichier de l'INSEE donne une valeur pour chaque commune : téléchargez-le à nouveau."),
            (values.isna() & ~empty, "valeur non numérique",
             "Corrigez la valeur ou téléchargez à nouveau le fichier."),
            (values.notna() & ~np.isfinite(values.fillna(0.0)), "valeur non finie",
             "Un effectif est un nombre : téléchargez à nouveau le fichier."),
            (values < 0, "effectif négatif",
             "Un effectif de population est positif ou nul : corrigez la valeur ou téléchargez à nouveau le "
             "fichier."),
        )
        for mask, what, hint in problems:
            if mask.any():
                row = int(np.flatnonzero(mask.to_numpy())[0])
                detail = f"{what} (case vide)" if what == "valeur manquante" else f"{what} « {df[col].iloc[row]} »"
                raise SourceError(name, lines[row], col, detail, hint)
        out[col] = values.fillna(0.0).astype(float).to_numpy()
    return pd.DataFrame(out, index=df.index)


def five_year_bands(data: pd.DataFrame) -> pd.DataFrame:
    """Spread the broad INSEE bands over the DREES 5-year bands (approximation).

    **Approximation**: within a broad band (0–14, 15–29, 30–44, 45–59, 60–74) every single
    year of age is assumed equally populated, so each 15-year band gives a third to each of
    its three 5-year bands (the bands align exactly). The open band 75+ is split with the
    fixed national shares :data:`SHARE_75P` (75–79: 37 %, 80–84: 29 %, 85–89: 20 %,
    90+: 14 %). This ignores local ageing profiles inside bands (e.g. a commune whose 75+
    are mostly 90+, around a nursing home); it is only used when a file has no 5-year
    bands. Error on a standardised population is typically below 1 %.

    Parameters
    ----------
    data : pandas.DataFrame
        With the :data:`BROAD_BANDS` columns.

    Returns
    -------
    pandas.DataFrame
        Same index, one column per :data:`DREES_AGE_BANDS`.

    Examples
    --------
    >>> df = pd.DataFrame({b: [150.0] for b in BROAD_BANDS[:-1]} | {"pop_75p": [100.0]})
    >>> bands = five_year_bands(df)
    >>> bands.round(6).iloc[0][["00_04", "90p"]].tolist(), float(bands.sum(axis=1).iloc[0])
    ([50.0, 14.0], 850.0)
    """
    missing = [b for b in BROAD_BANDS if b not in data.columns]
    if missing:
        raise KeyError(f"colonnes de tranches d'âge manquantes : {missing}")
    out = {}
    for i, band in enumerate(BROAD_BANDS[:-1]):
        for j in range(3):
            out[DREES_AGE_BANDS[3 * i + j]] = data[band].astype(float) / 3.0
    for label, share in zip(DREES_AGE_BANDS[15:], SHARE_75P, strict=True):
        out[label] = data["pop_75p"].astype(float) * share
    return pd.DataFrame(out, index=data.index)


def standardised_population(bands: pd.DataFrame, weights: tuple[float, ...]) -> pd.Series:
    """Population weighted by the DREES consumption weights (one weight per 5-year band).

    Examples
    --------
    >>> df = pd.DataFrame({b: [1.0] for b in DREES_AGE_BANDS})
    >>> round(float(standardised_population(df, DREES_WEIGHTS_GP[2023]).iloc[0]), 2)
    21.24
    """
    w = np.asarray(weights, dtype=float)
    return pd.Series(bands[list(DREES_AGE_BANDS)].to_numpy(dtype=float) @ w, index=bands.index)
