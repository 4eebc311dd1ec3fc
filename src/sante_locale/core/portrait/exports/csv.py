"""The communes table as CSV, the way French Excel opens it with a double click.

Convention (French Excel): ``;`` as separator, decimal comma, no thousands separator
(so a cell stays a number), UTF-8 with a byte-order mark (so accents are read right),
``\\r\\n`` line ends, headers in French with their unit (« Densité (hab./km²) »). Missing
values are empty cells, a column whose input is not imported says « donnée non disponible »
in each cell; booleans are « oui » / « non »; decimal numbers are rounded as the pages show
them (the column's decimals, :func:`~._common.cell`); text that a spreadsheet would take for a
formula is prefixed with an apostrophe. A portrait made with fictive data gets a last column
« Données fictives » that says so on every line, so that no copied extract loses the mark.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

from sante_locale.core.files import atomic_path
from sante_locale.core.portrait.exports._common import cell, clean, header, safe_text

FICTIVE_HEADER = "Données fictives"
FICTIVE_VALUE = "oui : offre de soins fictive (démonstration)"


def csv_cell(value) -> str:
    """One value as a French CSV cell.

    Examples
    --------
    >>> csv_cell(1234.5), csv_cell(3), csv_cell(None), csv_cell(float("nan")), csv_cell(True)
    ('1234,5', '3', '', '', 'oui')
    >>> csv_cell(0.1 + 0.2), csv_cell(1e-7)
    ('0,3', '0,0000001')
    """
    value = clean(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return np.format_float_positional(value, precision=10, trim="-").replace(".", ",")
    return safe_text(str(value))


def write_csv(portrait, path) -> Path:
    """Write ``portrait.communes`` to ``path`` (see the module for the conventions).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sante_locale.core.portrait.model import Column, Portrait, Table
    >>> t = Table("communes", "Communes", [Column("name", "Commune"),
    ...           Column("density", "Densité", "hab./km²", 1)], [{"name": "Lens", "density": 2.5}])
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "c.csv"
    >>> _ = write_csv(Portrait({}, "2026", [], [], t), out)
    >>> out.read_bytes().decode("utf-8-sig").splitlines()
    ['Commune;Densité (hab./km²)', 'Lens;2,5']
    """
    path = Path(path)
    table = portrait.communes
    with atomic_path(path) as tmp:
        with open(tmp, "w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f, delimiter=";", lineterminator="\r\n")
            mark = [FICTIVE_HEADER] if portrait.fictive else []
            writer.writerow([header(c.label, c.unit) for c in table.columns] + mark)
            for row in table.rows:
                writer.writerow([csv_cell(cell(row.get(c.key), c)) for c in table.columns]
                                + ([FICTIVE_VALUE] if mark else []))
    return path
