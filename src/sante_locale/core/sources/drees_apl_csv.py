"""Reader of the compact form of a DREES APL workbook: one CSV (plain or ``.gz``), the
vintage sheets stacked, one ``Millésime`` column added.

This is the form the package ships (``sante_locale/data/``, built by
``scripts/build_package_data.py``): the DREES headers are kept verbatim, with the year
dropped from the population headers (it changes with the vintage), and every value is
copied cell for cell from the workbook. The separator is ``;`` (``,`` and tab are
accepted); decimals use a point (a decimal comma is accepted with ``;``).

Columns (by their header, in any order): ``Millésime``, ``Code commune INSEE``,
``Commune``, ``APL aux …`` (profession named in the header), ``APL aux … de moins de
65 ans`` (optional), ``Population standardisée …``, ``Population totale …``.

Like the workbook reader, it returns one :class:`~.drees_apl.AplVintage` per vintage and
is all-or-nothing: any unreadable line raises :class:`SourceError` naming the line and
the column.

Example
-------
>>> import gzip, tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "apl.csv.gz"
>>> _ = p.write_bytes(gzip.compress(
...     "Millésime;Code commune INSEE;Commune;APL aux médecins généralistes;"
...     "Population standardisée pour la médecine générale\\n"
...     "2023;62498;Lens;5.862;32271.581\\n2022;62498;Lens;6.151;32172.494\\n".encode()))
>>> [(v.vintage, v.profession, float(v.data.loc[0, "apl"])) for v in read_drees_apl_csv(p)]
[(2022, 'medecin_generaliste', 6.151), (2023, 'medecin_generaliste', 5.862)]
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pandas as pd

from ._io import decode_error, detect_encoding, open_text, sniff
from .drees_apl import COLUMNS, AplVintage, _column_roles, _insee, _profession
from .errors import SourceError

__all__ = ["VINTAGE_HEADER", "read_drees_apl_csv"]

VINTAGE_HEADER = "Millésime"
_HINT = ("Utilisez le fichier compact livré avec Santé Locale ou recréez-le avec "
         "scripts/build_package_data.py ; sinon importez le classeur .xlsx de la DREES.")  # fmt: skip


def _number(text: str, decimal_comma: bool) -> float:
    text = text.strip().replace("\u202f", "").replace("\xa0", "")
    if decimal_comma:
        text = text.replace(",", ".")
    return float(text) if text else math.nan


def read_drees_apl_csv(path: str | Path) -> list[AplVintage]:
    """Read the compact CSV form of a DREES APL workbook.

    Parameters
    ----------
    path : str or Path
        ``.csv`` or ``.csv.gz`` with a ``Millésime`` column and the DREES headers.

    Returns
    -------
    list of AplVintage
        One per vintage, oldest first (``sheet`` is ``"APL <année>"``).

    Raises
    ------
    SourceError
        Empty file, a required column missing, a vintage that is not a year, a value that
        is not a non-negative number, a line with the wrong number of fields, or the same
        commune twice in one vintage.

    Examples
    --------
    See the module docstring.
    """
    path = Path(path)
    name, head = sniff(path)
    encoding = detect_encoding(head)
    first = head.decode(encoding, errors="replace").lstrip("\ufeff").splitlines()[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    records: dict[int, list[tuple]] = {}
    lines: dict[int, dict[str, int]] = {}
    line = 1
    try:
        with open_text(path, "utf-8-sig" if encoding == "utf-8" else encoding, newline="") as (_, text):
            reader = csv.reader(text, delimiter=delimiter)
            header = [h.strip() for h in next(reader)]
            roles = _column_roles(header)
            vintage_col = next((i for i, h in enumerate(header) if h.lower() in ("millésime", "millesime")), None)
            for role, label in (("vintage", VINTAGE_HEADER), ("insee_code", "Code commune INSEE"),
                                ("apl", "APL aux …"), ("standardised_population", "Population standardisée …")):
                if (vintage_col if role == "vintage" else roles.get(role)) is None:
                    raise SourceError(name, 1, label, "colonne absente de l'en-tête", _HINT)
            profession = _profession(header[roles["apl"]])
            if profession == "inconnue":
                raise SourceError(name, 1, header[roles["apl"]],
                                  "profession non reconnue dans l'intitulé de la colonne APL", _HINT)
            decimal_comma = delimiter != ","
            for line, row in enumerate(reader, start=2):
                if not any(cell.strip() for cell in row):
                    continue
                if len(row) != len(header):
                    raise SourceError(
                        name, line, None, f"{len(row)} champs au lieu de {len(header)}",
                        "Ligne tronquée ou séparateur parasite : " + _HINT,
                    )  # fmt: skip
                raw_year = row[vintage_col].strip()
                if not (raw_year.isdigit() and len(raw_year) == 4):
                    raise SourceError(name, line, header[vintage_col], f"millésime illisible « {raw_year} »",
                                      "Le millésime est une année sur quatre chiffres (ex. 2023).")
                year = int(raw_year)
                code = _insee(row[roles["insee_code"]])
                if not code:
                    raise SourceError(name, line, header[roles["insee_code"]], "code commune vide", _HINT)
                seen = lines.setdefault(year, {})
                if code in seen:
                    raise SourceError(name, line, header[roles["insee_code"]],
                                      f"commune « {code} » déjà présente ligne {seen[code]} pour {year}", _HINT)
                seen[code] = line
                values = []
                for col in COLUMNS[2:]:
                    if col not in roles:
                        values.append(math.nan)
                        continue
                    cell = row[roles[col]]
                    try:
                        value = _number(cell, decimal_comma)
                    except ValueError:
                        value = None
                    if value is None or value < 0 or math.isinf(value):
                        raise SourceError(name, line, header[roles[col]],
                                          f"valeur « {cell} » : nombre positif ou nul attendu", _HINT)
                    values.append(value)
                commune = row[roles["commune"]].strip() if "commune" in roles else ""
                records.setdefault(year, []).append((code, commune, *values))
    except UnicodeDecodeError:
        raise decode_error(name, line, encoding) from None
    except StopIteration:
        raise SourceError(name, 1, None, "le fichier est vide", _HINT) from None
    if not records:
        raise SourceError(name, line, None, "en-tête seul, aucune ligne de commune", _HINT)
    out = []
    for year in sorted(records):
        data = pd.DataFrame.from_records(records[year], columns=list(COLUMNS))
        data["commune"] = data["commune"].astype(object)  # as the workbook reader gives it
        out.append(AplVintage(vintage=year, profession=profession, data=data, sheet=f"APL {year}"))
    return out
