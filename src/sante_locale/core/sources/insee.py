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
>>> _ = p.write_text("CODGEO;P21_POP;P21_POP0014;P21_POP75P\\n62498;32618;6600;2400\\n")
>>> table = read_insee_population(p)
>>> table.vintage, table.data.to_dict("records")
(2021, [{'insee_code': '62498', 'population': 32618.0, 'pop_0014': 6600.0, 'pop_75p': 2400.0}])
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from sante_locale.core.access.parameters import AGE_WEIGHTS

from ._io import detect_encoding, open_text, sniff
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


def _header_row_xlsx(path: Path, name: str) -> tuple[str, int]:
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(path.read_bytes()), read_only=True)
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


def read_insee_population(path: str | Path) -> PopulationTable:
    """Read an INSEE ``base-cc``/``base-ic-evol-struct-pop`` file into populations per commune.

    Parameters
    ----------
    path : str or Path
        CSV (``;``) or XLSX.

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
        sheet, header = _header_row_xlsx(path, name)
        df = pd.read_excel(
            path, sheet_name=sheet, header=header, dtype={"CODGEO": str, "IRIS": str, "COM": str}
        )
        first_data_line = header + 2
    else:
        name, head = sniff(path)
        encoding = detect_encoding(head)
        first = head.decode(encoding, errors="replace").splitlines()[0]
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
        with open_text(path, encoding) as (_, text):
            df = pd.read_csv(text, sep=";", dtype=str, keep_default_na=False)
        first_data_line = 2
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
    keep = [f"P{yy}_POP", *bands]
    values = df[keep].apply(
        lambda s: pd.to_numeric(s.astype(str).str.replace(",", ".").str.strip(), errors="coerce")
    )
    for col in keep:
        bad = values[col].isna() & (df[col].astype(str).str.strip() != "")
        if bad.any():
            row = int(np.flatnonzero(bad.to_numpy())[0])
            raise SourceError(
                name, first_data_line + row, col, f"valeur non numérique « {df[col].iloc[row]} »",
                "Corrigez la valeur ou téléchargez à nouveau le fichier.",
            )  # fmt: skip
    values = values.fillna(0.0).astype(float)
    codes = df[key].astype(str).str.strip().str.zfill(5)
    values.insert(0, "insee_code", codes.to_numpy())
    values = values.rename(columns={f"P{yy}_POP": "population", **bands})
    data = values.groupby("insee_code", as_index=False, sort=True).sum()
    return PopulationTable(vintage=vintage, level=level, data=data)


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
