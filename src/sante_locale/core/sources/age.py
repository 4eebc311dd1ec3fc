"""Reader of the local enrichment file giving professionals' years of birth.

The Annuaire Santé does not publish ages; an ARS or URPS may hand over a local CSV
``rpps_id;annee_naissance`` (or ``identifiant;annee_naissance``; ``;`` or ``,``). Years
outside 1930–2010 and repeated identifiers are set aside; a missing column, a wrong number
of fields, a non-numeric year or a file without any data line are fatal (the file is then
not what we expect).

Example
-------
>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "ages.csv"
>>> _ = p.write_text("rpps_id;annee_naissance\\n10100271385;1968\\n10000000001;1890\\n")
>>> aside = []
>>> read_birth_years(p, set_aside=aside), [a.reason for a in aside]
({'10100271385': 1968}, ['année de naissance hors de la plage 1930–2010'])
"""

from __future__ import annotations

import csv
from pathlib import Path

from ._io import decode_error, detect_encoding, open_text, sniff
from .errors import SetAside, SourceError

__all__ = ["read_birth_years"]

ID_COLUMNS = ("rpps_id", "identifiant")
YEAR_COLUMN = "annee_naissance"


def read_birth_years(
    path: str | Path,
    *,
    min_year: int = 1930,
    max_year: int = 2010,
    set_aside: list[SetAside] | None = None,
) -> dict[str, int]:
    """Return ``{rpps_id: year of birth}`` from a local enrichment CSV.

    Parameters
    ----------
    path : str or Path
        CSV with header ``rpps_id;annee_naissance`` or ``identifiant;annee_naissance``.
    min_year, max_year : int
        Plausible range; rows outside are set aside.
    set_aside : list, optional
        Receives the :class:`SetAside` rows.

    Returns
    -------
    dict of str to int

    Examples
    --------
    See the module docstring.
    """
    aside = set_aside if set_aside is not None else []
    name, head = sniff(path)
    encoding = detect_encoding(head)
    first_line = head.decode(encoding, errors="replace").splitlines()[0]
    sep = ";" if first_line.count(";") >= first_line.count(",") else ","
    out: dict[str, int] = {}
    first_seen: dict[str, int] = {}
    data_lines = 0
    with open_text(path, encoding, newline="") as (_, text):
        reader = csv.reader(text, delimiter=sep)
        try:
            header = [h.strip().lower() for h in next(reader)]
            id_col = next((c for c in ID_COLUMNS if c in header), None)
            for col, ok in ((id_col or "rpps_id", id_col), (YEAR_COLUMN, YEAR_COLUMN in header)):
                if not ok:
                    raise SourceError(
                        name,
                        1,
                        col,
                        f"colonne absente de l'en-tête (trouvé : {', '.join(header)})",
                        "L'en-tête doit être « rpps_id;annee_naissance » ou "
                        "« identifiant;annee_naissance ».",
                    )
            i_id, i_year = header.index(id_col), header.index(YEAR_COLUMN)  # type: ignore[arg-type]
            for fields in reader:
                line = reader.line_num
                if not any(f.strip() for f in fields):
                    continue
                data_lines += 1
                if len(fields) != len(header):
                    raise SourceError(
                        name,
                        line,
                        None,
                        f"{len(fields)} champs au lieu de {len(header)}",
                        f"Chaque ligne doit contenir un identifiant et une année séparés par "
                        f"« {sep} ».",
                    )
                rpps_id, raw_year = fields[i_id].strip(), fields[i_year].strip()
                try:
                    year = int(raw_year)
                except ValueError:
                    raise SourceError(
                        name,
                        line,
                        YEAR_COLUMN,
                        f"année de naissance illisible « {raw_year} »",
                        "Indiquez l'année sur quatre chiffres, par exemple 1968.",
                    ) from None
                if not min_year <= year <= max_year:
                    aside.append(
                        SetAside(
                            line,
                            f"année de naissance hors de la plage {min_year}–{max_year}",
                            YEAR_COLUMN,
                            raw_year,
                        )
                    )
                    continue
                if rpps_id in first_seen:
                    aside.append(
                        SetAside(
                            line,
                            f"identifiant en double (déjà vu ligne {first_seen[rpps_id]})",
                            id_col,
                            rpps_id,
                        )
                    )
                    continue
                first_seen[rpps_id] = line
                out[rpps_id] = year
        except UnicodeDecodeError as exc:
            raise decode_error(name, reader.line_num + 1, encoding) from exc
        except csv.Error as exc:
            raise SourceError(name, reader.line_num, None, f"CSV mal formé ({exc})",
                              "Vérifiez les guillemets du fichier.") from None
    if not data_lines:
        raise SourceError(
            name, None, None, "le fichier ne contient que l'en-tête, aucune ligne de données",
            "Ajoutez une ligne « identifiant;année » par professionnel, ou importez le fichier complet.",
        )  # fmt: skip
    return out
