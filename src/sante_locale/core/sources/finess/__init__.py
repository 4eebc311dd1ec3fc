"""Readers of FINESS establishments: etalab CSV stocks and the JSON feed, one interface.

Legacy etalab extracts (data.gouv.fr)
-------------------------------------
``etalab-cs1100507-stock-*.csv`` (establishments **with** coordinates) and
``etalab-cs1100502-stock-*.csv`` (without: the caller uses the commune point). No header:
the first line is ``finess;etalab;<n>;<date>``, then ``structureet;`` lines (32 ``;``
fields, :data:`STRUCTUREET_FIELDS`) and, in cs1100507, ``geolocalisation;`` lines
(``nofinesset;coordxet;coordyet;sourcecoordet;datemaj``). Coordinates are projected: the
projection is read from ``sourcecoordet`` (``…,EPSG:2154 RGF93 / Lambert-93 (Métropole)``
in current files, ``…,LAMBERT_93`` / ``…,UTM_N20`` in older ones, see :func:`epsg_from_source`)
and converted to WGS84 with pyproj. An unknown projection is fatal.

INSEE code = ``departement`` (2 chars) + ``commune`` (3 chars): ``01`` + ``451`` → ``01451``,
``2A`` + ``004`` → ``2A004``; overseas FINESS départements ``9A``…``9F`` are 971…976 and the
commune field already carries the third digit (``9A`` + ``123`` → ``97123``); ``9J``
(Wallis-et-Futuna) → ``986`` (``98613``). FINESS still files Saint-Barthélemy and
Saint-Martin under their former Guadeloupe codes 97123 / 97127: they are mapped to the COG
codes 97701 / 97801. Other overseas codes are set aside (« territoire hors COG »).

JSON feed (assumed layout)
--------------------------
The daily JSON feed announced by ANS was not available to us; :class:`FinessJsonReader`
assumes records carrying **the same field names as the etalab file** (``nofinesset``,
``nofinessej``, ``rs``, ``rslongue``, ``numvoie``, ``typvoie``, ``voie``,
``ligneacheminement``, ``commune``, ``departement``, ``categetab``, ``libcategetab``,
``siret``, ``codeape``, ``dateouv``, ``datemaj``, and optionally ``coordxet``,
``coordyet``, ``sourcecoordet``), either as a JSON array, an object with the array under
``"data"``, ``"results"``, ``"records"`` or ``"etablissements"``, or JSON Lines (one object
per line). A record may also carry ``latitude``/``longitude`` in WGS84. Adjust
:data:`JSON_LIST_KEYS` when the real feed is published.

Example
-------
>>> sample = shared("samples/finess_etalab-cs1100502-stock-20260512_sample.csv")
>>> reader = EtalabStockReader()
>>> rows = list(reader.read(sample))
>>> print([(r.finess_code, r.insee_code, r.kind) for r in rows][:2])
[('010000024', '01451', 'hopital'), ('970102018', '97701', 'pmi')]
"""

from __future__ import annotations

from pathlib import Path

from .common import (
    EPSG_ALIASES,
    STRUCTUREET_FIELDS,
    Establishment,
    FinessReader,
    epsg_from_source,
    insee_from_finess,
)
from .etalab import EtalabStockReader
from .json_feed import FinessJsonReader

__all__ = [
    "EPSG_ALIASES",
    "STRUCTUREET_FIELDS",
    "Establishment",
    "EtalabStockReader",
    "FinessJsonReader",
    "FinessReader",
    "epsg_from_source",
    "insee_from_finess",
    "read_finess",
]


def read_finess(path: str | Path, reader: FinessReader | None = None):
    """Read a FINESS file into a DataFrame (one row per retained establishment).

    Parameters
    ----------
    path : str or Path
        etalab CSV, or JSON / JSON Lines (chosen from the extension when ``reader`` is None).
    reader : FinessReader, optional
        Explicit reader.

    Returns
    -------
    tuple of (pandas.DataFrame, list of SetAside)
        Columns are the fields of :class:`Establishment`.

    Examples
    --------
    >>> p = shared("samples/finess_etalab-cs1100502-stock-20260512_sample.csv")
    >>> df, set_aside = read_finess(p)
    >>> print(len(df), sorted(df["kind"].unique()))
    8 ['cmpp', 'hopital', 'pmi']
    """
    import pandas as pd

    if reader is None:
        suffixes = "".join(Path(path).suffixes).lower()
        reader = FinessJsonReader() if ".json" in suffixes else EtalabStockReader()
    rows = list(reader.read(path))
    return pd.DataFrame(rows, columns=list(Establishment._fields)), reader.set_aside
