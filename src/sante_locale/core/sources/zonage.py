"""Readers of zoning files (zonage conventionnel / ARS) per commune and profession.

Two layouts are accepted:

- **Atlasanté** export (``;`` or ``,``): ``com_code`` and, per profession, ``zmed_niveau``
  (GPs), ``zide_niveau`` (nurses), ``zmk_niveau`` (kinés), ``zsf_niveau`` (midwives)
  with values like ``1_ZIP``, ``2_ZAC``, ``3_ZV``…, optional ``<prefix>_date_arrete``
  (e.g. ``zmed_date_arrete``) and ``tvs_lib``;
- **CartoSanté** export (the real nurse file): two metadata lines, then
  ``Code;Libellé;Zonage infirmiers`` with values ``1_Tres_sous_dotee`` … ``5_Sur_dotee``;
  the profession comes from the ``Zonage <profession>`` column header.

Returned columns: ``insee_code, profession, zoning_class, zoning_rank, zoning_label,
decree_date, tvs_label``. ``zoning_class`` is the code after the rank (``ZIP``,
``tres_sous_dotee``), ``zoning_rank`` the leading number (1 = least supplied), and
``zoning_label`` the raw value. « N/A » values are set aside.

Example
-------
>>> p = shared("real/cartosante_zonage_infirmiers_communes/zonage-raw.csv.gz")
>>> df, aside = read_zonage(p)
>>> print(df.set_index("insee_code").loc["62498", ["profession", "zoning_class"]].tolist())
['infirmier', 'sur_dotee']
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd

from ._io import decode_error, detect_encoding, open_text, sniff
from .errors import SetAside, SourceError

__all__ = ["ATLASANTE_PREFIXES", "read_zonage"]

#: Atlasanté column prefix -> profession code name.
ATLASANTE_PREFIXES = {
    "zmed": "medecin_generaliste",
    "zide": "infirmier",
    "zmk": "masseur_kinesitherapeute",
    "zsf": "sage_femme",
    "zcd": "chirurgien_dentiste",
    "zortho": "orthophoniste",
}
_CARTOSANTE = (
    ("médecin", "medecin_generaliste"),
    ("infirmier", "infirmier"),
    ("kiné", "masseur_kinesitherapeute"),
    ("masseur", "masseur_kinesitherapeute"),
    ("sage", "sage_femme"),
    ("dentiste", "chirurgien_dentiste"),
    ("orthophoniste", "orthophoniste"),
)
_VALUE_RE = re.compile(r"^\s*(\d+)\s*[_ -]\s*(.+?)\s*$")
COLUMNS = ["insee_code", "profession", "zoning_class", "zoning_rank", "zoning_label",
           "decree_date", "tvs_label"]  # fmt: skip


def _parse_value(value: str) -> tuple[str, int | None]:
    m = _VALUE_RE.match(value)
    if not m:
        return value.strip().lower(), None
    code = m.group(2)
    if not code.isupper():
        code = code.lower()
    return code, int(m.group(1))


def read_zonage(path: str | Path) -> tuple[pd.DataFrame, list[SetAside]]:
    """Read an Atlasanté or CartoSanté zoning file.

    Parameters
    ----------
    path : str or Path
        CSV (``.gz`` accepted).

    Returns
    -------
    tuple of (pandas.DataFrame, list of SetAside)
        One row per commune × profession (see module docstring).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "zonage.csv"
    >>> _ = p.write_text("com_code;zmed_niveau;zmed_date_arrete;tvs_lib\\n62498;2_ZAC;2023-05-02;Lens\\n")
    >>> df, _ = read_zonage(p)
    >>> df[["insee_code", "profession", "zoning_class", "zoning_rank"]].values.tolist()
    [['62498', 'medecin_generaliste', 'ZAC', 2]]
    """
    name, head = sniff(path)
    encoding = detect_encoding(head)
    aside: list[SetAside] = []
    records: list[tuple] = []
    with open_text(path, encoding, newline="") as (_, text):
        try:
            lines = text.read().splitlines()
        except UnicodeDecodeError as exc:
            raise decode_error(name, None, encoding) from exc
    header_at = None
    for i, raw in enumerate(lines[:15]):
        low = raw.lower()
        if low.startswith("com_code") or re.match(r"^\ufeff?code\s*[;,]", low):
            header_at = i
            break
    if header_at is None:
        raise SourceError(
            name, None, "com_code",
            "en-tête introuvable (ni « com_code » ni « Code » en première colonne)",
            "Importez l'export de zonage Atlasanté ou CartoSanté tel que téléchargé.",
        )  # fmt: skip
    sep = ";" if lines[header_at].count(";") >= lines[header_at].count(",") else ","
    rows = csv.reader(lines[header_at:], delimiter=sep)
    header = [h.strip() for h in next(rows)]
    low = [h.lower() for h in header]
    if low[0] == "com_code":
        specs = []
        for prefix, prof in ATLASANTE_PREFIXES.items():
            if f"{prefix}_niveau" in low:
                date_col = next(
                    (i for i, h in enumerate(low) if h == f"{prefix}_date_arrete"), None
                )
                specs.append((prof, low.index(f"{prefix}_niveau"), date_col))
        if not specs:
            raise SourceError(
                name, header_at + 1, "zmed_niveau",
                "aucune colonne de niveau de zonage (zmed_niveau, zide_niveau, zmk_niveau, zsf_niveau)",
                "Vérifiez que le fichier est l'export de zonage Atlasanté.",
            )  # fmt: skip
        tvs = low.index("tvs_lib") if "tvs_lib" in low else None
    else:
        specs = []
        for i, h in enumerate(low):
            if h.startswith("zonage"):
                prof = next((p for needle, p in _CARTOSANTE if needle in h), None)
                if prof:
                    specs.append((prof, i, None))
        if not specs:
            raise SourceError(
                name, header_at + 1, "Zonage …", "aucune colonne « Zonage <profession> »",
                "Vérifiez que le fichier est un export de zonage CartoSanté.",
            )  # fmt: skip
        tvs = None
    data_lines = 0
    for fields in rows:
        line = header_at + rows.line_num
        if not fields or not fields[0].strip():
            continue
        data_lines += 1
        if len(fields) < len(header):
            raise SourceError(
                name, line, header[len(fields)] if len(fields) < len(header) else None,
                f"{len(fields)} champs au lieu de {len(header)} (ligne tronquée)",
                "Téléchargez à nouveau le fichier complet.",
            )  # fmt: skip
        code = fields[0].strip().zfill(5)
        for prof, col, date_col in specs:
            value = fields[col].strip()
            if not value or value.upper().startswith("N/A"):
                aside.append(SetAside(line, "zonage non disponible", header[col], value))
                continue
            cls, rank = _parse_value(value)
            records.append(
                (
                    code,
                    prof,
                    cls,
                    rank,
                    value,
                    fields[date_col].strip() if date_col is not None else "",
                    fields[tvs].strip() if tvs is not None else "",
                )
            )
    if not data_lines:
        raise SourceError(
            name, None, None, "le fichier ne contient que l'en-tête, aucune ligne de données",
            "Téléchargez à nouveau l'export de zonage complet.",
        )  # fmt: skip
    df = pd.DataFrame.from_records(records, columns=COLUMNS)
    df["zoning_rank"] = df["zoning_rank"].astype("Int64")
    return df, aside
