"""Read a user-supplied origin–destination table (Metric, OSRM, r5…) into :class:`Pairs`."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd

from ..sources._io import check_text, decode_error, detect_encoding
from ..sources.errors import SourceError
from .costs import Pairs, check_catchment

__all__ = ["pairs_from_od_table"]

REQUIRED = ("origin", "destination", "minutes")


def _few(values, n: int = 5) -> str:
    values = sorted(map(str, values))
    shown = ", ".join(values[:n])
    more = f" … ({len(values)} au total)" if len(values) > n else f" ({len(values)} au total)"
    return shown + more


def _read(source) -> tuple[pd.DataFrame, int]:
    """Return the table and the file line number of its first data row (1-based).

    A file that is not a readable table (empty, binary, UTF-16, damaged Parquet…) gives a
    French ``ValueError`` naming it.
    """
    if isinstance(source, pd.DataFrame):
        return source.copy(), 1
    path = Path(source)
    if not path.exists():
        raise FileNotFoundError(f"Fichier de temps de trajet introuvable : {path}.")
    if path.suffix.lower() in {".parquet", ".pq"}:
        try:
            df = pd.read_parquet(path)
        except ImportError as exc:  # pragma: no cover - depends on the environment
            raise ImportError(
                "Lecture Parquet impossible : installez pyarrow, ou exportez la table en CSV "
                "(colonnes origin, destination, minutes)."
            ) from exc
        except Exception as exc:  # noqa: BLE001 - pyarrow raises many types on a damaged file
            raise ValueError(
                f"Table de temps de trajet {path.name} : fichier Parquet illisible ({type(exc).__name__}). "
                "Exportez-la à nouveau, ou en CSV (colonnes origin, destination, minutes)."
            ) from None
        return df, 1
    data = path.read_bytes()
    try:
        if not data.strip():
            raise SourceError(path.name, None, None, "le fichier est vide",
                              "Donnez une table avec les colonnes origin, destination, minutes.")
        check_text(path.name, data[:1 << 16])
        encoding = detect_encoding(data[:1 << 16])
        try:
            text = data.decode(encoding).removeprefix("\ufeff")
        except UnicodeDecodeError:
            raise decode_error(path.name, None, encoding) from None
    except SourceError as exc:
        raise ValueError(f"Table de temps de trajet : {exc}") from None
    first = text.lstrip("\r\n").split("\n", 1)[0]
    sep = ";" if ";" in first else ","
    try:
        df = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False)
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise ValueError(
            f"Table de temps de trajet {path.name} : CSV illisible ({str(exc).splitlines()[0][:120]}). "
            "Chaque ligne doit avoir les colonnes origin, destination, minutes, séparées par « , » ou « ; »."
        ) from None
    return df, 2


def pairs_from_od_table(
    df_or_path,
    demand_codes,
    supply_codes,
    catchment_minutes: float | None = None,
) -> Pairs:
    """Build :class:`Pairs` from an origin–destination table of travel times.

    Parameters
    ----------
    df_or_path : pandas.DataFrame or path
        Table (or CSV / Parquet file) with columns ``origin``, ``destination``,
        ``minutes``. Codes are read as text (INSEE codes keep their leading zeros);
        CSV separators ``,`` and ``;`` are accepted.
    demand_codes, supply_codes : sequence of str
        Codes of the demand points and supply sites, in the order of the demand and
        supply tables; ``origin`` must be one of ``demand_codes``, ``destination`` one of
        ``supply_codes``.
    catchment_minutes : float, optional
        If given, only pairs with ``minutes <= catchment_minutes`` are kept.

    Raises
    ------
    ValueError
        In French, naming the problem: missing column, unknown codes (first few and
        count), non-numeric minutes (with the file line), negative or missing minutes,
        duplicated pairs.

    Examples
    --------
    >>> table = pd.DataFrame({"origin": ["62498", "62498"], "destination": ["62510", "62498"],
    ...                       "minutes": [9.5, 3.0]})
    >>> p = pairs_from_od_table(table, ["62498"], ["62498", "62510"])
    >>> p.supply_index.tolist(), p.minutes.tolist()
    ([0, 1], [3.0, 9.5])
    """
    df, first_line = _read(df_or_path)
    missing = [c for c in REQUIRED if c not in df.columns]
    if missing:
        raise ValueError(
            f"Table de temps de trajet : colonne(s) manquante(s) {', '.join(missing)}. "
            f"Colonnes attendues : {', '.join(REQUIRED)} (trouvé : {', '.join(map(str, df.columns))})."
        )
    origin = df["origin"].astype(str).str.strip().to_numpy()
    dest = df["destination"].astype(str).str.strip().to_numpy()
    raw = df["minutes"]
    if not pd.api.types.is_numeric_dtype(raw):
        text = raw.astype(str).str.strip().str.replace(",", ".", regex=False)
        minutes = pd.to_numeric(text.replace("", np.nan), errors="coerce").to_numpy(float)
        blank = text.isna() | text.str.lower().isin(["", "nan", "na", "none", "<na>"])
        bad_text = np.isnan(minutes) & ~blank.to_numpy(bool)
        if bad_text.any():
            k = int(np.flatnonzero(bad_text)[0])
            raise ValueError(
                f"Table de temps de trajet, ligne {k + first_line} : la colonne minutes "
                f"contient « {raw.iloc[k]} », qui n'est pas un nombre ({int(bad_text.sum())} "
                "ligne(s) concernée(s)). Indiquez des minutes en chiffres, par exemple 12.5."
            )
    else:
        minutes = pd.to_numeric(raw, errors="coerce").to_numpy(float)
    bad = ~np.isfinite(minutes) | (minutes < 0)
    if bad.any():
        k = int(np.flatnonzero(bad)[0])
        raise ValueError(
            f"Table de temps de trajet, ligne {k + first_line} : temps manquant ou négatif "
            f"({raw.iloc[k]!r}) pour {origin[k]} → {dest[k]} ({int(bad.sum())} ligne(s)). "
            "Complétez ou retirez ces lignes."
        )
    demand_codes = pd.Index([str(c) for c in demand_codes])
    supply_codes = pd.Index([str(c) for c in supply_codes])
    for label, codes in (("points de demande", demand_codes), ("sites d'offre", supply_codes)):
        if codes.has_duplicates:
            raise ValueError(
                f"Codes en double dans la liste des {label} : {_few(codes[codes.duplicated()])}."
            )
    di = demand_codes.get_indexer(origin)
    sj = supply_codes.get_indexer(dest)
    if (di < 0).any() or (sj < 0).any():
        parts = []
        if (di < 0).any():
            parts.append(f"origines inconnues : {_few(set(origin[di < 0]))}")
        if (sj < 0).any():
            parts.append(f"destinations inconnues : {_few(set(dest[sj < 0]))}")
        raise ValueError(
            "Table de temps de trajet : codes absents des tables de demande/offre ("
            + " ; ".join(parts)
            + "). Vérifiez le millésime des codes communes (COG) ou retirez ces lignes."
        )
    key = pd.Series(di.astype(np.int64) * max(len(supply_codes), 1) + sj)
    dup = key.duplicated(keep="first").to_numpy()
    if dup.any():
        k = int(np.flatnonzero(dup)[0])
        raise ValueError(
            f"Table de temps de trajet, ligne {k + first_line} : le couple {origin[k]} → "
            f"{dest[k]} apparaît plusieurs fois ({int(dup.sum())} doublon(s)). Gardez un seul "
            "temps par couple origine–destination."
        )
    if catchment_minutes is not None:
        keep = minutes <= check_catchment(catchment_minutes)
        di, sj, minutes = di[keep], sj[keep], minutes[keep]
    return Pairs(di, sj, minutes, len(demand_codes), len(supply_codes))
