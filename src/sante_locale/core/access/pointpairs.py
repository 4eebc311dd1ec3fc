"""CSV files of point pairs (``lon1,lat1,lon2,lat2``) and their travel times.

Reads and checks the input of ``sante-locale temps-de-trajet``: every problem raises a
:class:`~sante_locale.core.sources.errors.SourceError` naming the file, line and column,
before anything is written. Other columns and the order of rows are kept; the output adds
a ``minutes`` column with the same separator. Pure: text in, text out.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass

import numpy as np

from sante_locale.core.sources._io import check_text, detect_encoding
from sante_locale.core.sources.errors import SourceError

__all__ = ["COORDINATES", "PointPairs", "format_with_minutes", "parse_point_pairs"]

COORDINATES = ("lon1", "lat1", "lon2", "lat2")
_LIMITS = {"lon": 180.0, "lat": 90.0}
_HINT_COLUMNS = ("La première ligne doit nommer les colonnes lon1, lat1, lon2, lat2 (degrés WGS84), "
                 "séparées par des virgules ou des points-virgules.")


@dataclass(frozen=True, eq=False)
class PointPairs:
    """Rows of a point-pairs CSV: ``header``, ``rows`` (lists of fields), ``separator``,
    ``coords`` (n × 4 array lon1, lat1, lon2, lat2) and ``decimal_comma`` (coordinates
    written with a decimal comma, e.g. ``2,35`` in a ``;`` file)."""

    header: list[str]
    rows: list[list[str]]
    separator: str
    coords: np.ndarray
    decimal_comma: bool


def _separator(name: str, header_line: str) -> str:
    fields = {sep: [f.strip().strip('"').strip().lower() for f in header_line.split(sep)] for sep in (";", ",")}
    for sep, names in fields.items():
        if all(c in names for c in COORDINATES):
            return sep
    sep = max(fields, key=lambda s: len(fields[s]))
    missing = [c for c in COORDINATES if c not in fields[sep]]
    raise SourceError(name, 1, missing[0], "colonne absente" if len(missing) == 1 else
                      f"colonnes absentes : {', '.join(missing)}", _HINT_COLUMNS)


def _number(name: str, line: int, column: str, text: str, sep: str) -> tuple[float, bool]:
    value = text.strip()
    comma = sep == ";" and "," in value and "." not in value
    try:
        number = float(value.replace(",", ".") if comma else value)
    except ValueError:
        number = math.nan
    if not math.isfinite(number):
        shown = f"« {value} »" if value else "vide"
        raise SourceError(name, line, column, f"valeur {shown} qui n'est pas un nombre",
                          "Donnez des degrés décimaux WGS84, par exemple 2.3522 (ou 2,3522 dans un "
                          "fichier séparé par des points-virgules).")
    limit = _LIMITS[column[:3]]
    if abs(number) > limit:
        kind = "longitude" if column.startswith("lon") else "latitude"
        raise SourceError(name, line, column, f"{kind} {value} hors de [-{limit:g} ; {limit:g}]",
                          "Vérifiez que les coordonnées sont en degrés WGS84 (et non en Lambert-93 "
                          "ou en mètres) et que longitude et latitude ne sont pas inversées.")
    return number, comma


def parse_point_pairs(data: bytes | str, name: str) -> PointPairs:
    """Parse and check a point-pairs CSV (bytes of any usual encoding, or text).

    Parameters
    ----------
    data : bytes or str
        File contents.
    name : str
        File name as the user gave it (used in error messages).

    Examples
    --------
    >>> p = parse_point_pairs("id;lon1;lat1;lon2;lat2\\na;2,35;48,86;2,29;48,85\\n", "c.csv")
    >>> p.separator, p.header, p.coords.tolist(), p.decimal_comma
    (';', ['id', 'lon1', 'lat1', 'lon2', 'lat2'], [[2.35, 48.86, 2.29, 48.85]], True)
    >>> parse_point_pairs("lon1,lat1,lon2,lat2\\n2.3,48.8,200,48.8\\n", "c.csv")
    Traceback (most recent call last):
    ...
    sante_locale.core.sources.errors.SourceError: fichier c.csv, ligne 2, colonne « lon2 » : longitude 200 hors de [-180 ; 180]. Vérifiez que les coordonnées sont en degrés WGS84 (et non en Lambert-93 ou en mètres) et que longitude et latitude ne sont pas inversées.
    """
    if isinstance(data, bytes):
        if data.strip():
            check_text(name, data[: 1 << 16], "Enregistrez-le en CSV UTF-8 (colonnes lon1, lat1, lon2, lat2).")
        encoding = detect_encoding(data[: 1 << 16])
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise SourceError(name, None, None, "octets illisibles (le fichier n'est pas un texte CSV)",
                              "Enregistrez-le en CSV UTF-8.") from exc
    else:
        text = data
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        raise SourceError(name, None, None, "le fichier n'est pas un texte CSV (octets nuls)",
                          "Enregistrez-le en CSV UTF-8.")
    if not text.strip():
        raise SourceError(name, None, None, "le fichier est vide", _HINT_COLUMNS)
    header_line = text.lstrip("\r\n").splitlines()[0]
    sep = _separator(name, header_line)
    reader = csv.reader(io.StringIO(text), delimiter=sep)
    header: list[str] | None = None
    rows: list[list[str]] = []
    coords: list[list[float]] = []
    comma = False
    try:
        for fields in reader:
            if not any(f.strip() for f in fields):
                continue  # blank line
            if header is None:
                header = fields
                names = [f.strip().lower() for f in header]
                if "minutes" in names:
                    raise SourceError(name, reader.line_num, "minutes", "la colonne existe déjà",
                                      "Renommez-la : la commande ajoute une colonne « minutes ».")
                where = [names.index(c) for c in COORDINATES]
                continue
            if len(fields) != len(header):
                raise SourceError(name, reader.line_num, None,
                                  f"{len(fields)} champ(s) au lieu de {len(header)}",
                                  f"Chaque ligne doit avoir autant de champs que l'en-tête, séparés par « {sep} ».")
            values = []
            for column, k in zip(COORDINATES, where, strict=True):
                value, used_comma = _number(name, reader.line_num, column, fields[k], sep)
                values.append(value)
                comma |= used_comma
            rows.append(fields)
            coords.append(values)
    except csv.Error as exc:
        raise SourceError(name, reader.line_num, None, f"CSV mal formé ({exc})",
                          "Vérifiez les guillemets du fichier.") from exc
    if not rows:
        raise SourceError(name, None, None, "le fichier n'a qu'un en-tête, aucune ligne de données",
                          "Ajoutez une ligne par couple de points.")
    return PointPairs(header, rows, sep, np.array(coords, dtype=float).reshape(-1, 4), comma)


def format_with_minutes(pairs: PointPairs, minutes) -> str:
    """CSV text of the rows with a ``minutes`` column added (same separator, 0.1 min).

    Examples
    --------
    >>> p = parse_point_pairs("id,lon1,lat1,lon2,lat2\\na,2.35,48.86,2.29,48.85\\n", "c.csv")
    >>> print(format_with_minutes(p, [7.25]), end="")
    id,lon1,lat1,lon2,lat2,minutes
    a,2.35,48.86,2.29,48.85,7.2
    """
    minutes = np.asarray(minutes, dtype=float)
    if minutes.shape != (len(pairs.rows),):
        raise ValueError("Il faut un temps par ligne.")
    out = io.StringIO()
    writer = csv.writer(out, delimiter=pairs.separator, lineterminator="\n")
    writer.writerow([*pairs.header, "minutes"])
    for fields, value in zip(pairs.rows, minutes, strict=True):
        text = f"{value:.1f}"
        writer.writerow([*fields, text.replace(".", ",") if pairs.decimal_comma else text])
    return out.getvalue()
