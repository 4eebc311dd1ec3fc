"""How the dispositifs of a territory fit together: who covers which commune, where nobody
acts, where they overlap, which partners they share, and their means side by side.

Plain tables in, plain tables out (numpy and pandas; no database, no web). The
coordination app gathers the inputs (:func:`sante_locale.coordination.articulation.gather`).

The coverage is a boolean matrix, communes × dispositifs: ``coverage[i, j]`` is true when
commune ``i`` lies in the perimeter of dispositif ``j``. Everything else is read from it:

- *gaps*: communes that no dispositif of the given kinds (CLS, ASV) covers; QPV none of
  whose communes is covered by them; communes under the APL threshold (2.5 consultations
  per inhabitant and year) outside every CPTS;
- *overlaps*: pairs of dispositifs sharing communes, with the shared population
  (``coverageᵀ · diag(population) · coverage``);
- *means*: coordination FTE and funding per 10,000 inhabitants of each perimeter.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

#: APL threshold under which a commune is « sous-dotée » (DREES: 2.5 consultations/inhabitant/year).
APL_THRESHOLD = 2.5
#: Kinds whose absence makes a gap (« aucun CLS ni ASV »), and the kind of the CPTS.
GAP_KINDS = ("cls", "asv")
CPTS_KIND = "cpts"

#: perimeter level -> column of the communes table holding that level's code
LEVEL_COLUMNS = {"commune": "insee_code", "epci": "epci_siren", "departement": "departement_code",
                 "region": "region_code"}


def coverage(communes: pd.DataFrame, perimeters: pd.DataFrame,
             members: Mapping[int, Iterable[str]] | None = None) -> np.ndarray:
    """Boolean matrix communes × dispositifs: is commune ``i`` in the perimeter of ``j``?

    Parameters
    ----------
    communes : DataFrame
        One row per commune with ``insee_code``, ``epci_siren``, ``departement_code`` and
        ``region_code`` (missing codes may be empty or NaN).
    perimeters : DataFrame
        One row per dispositif with ``level`` (``commune``, ``epci``, ``departement``,
        ``region`` or ``territoire``) and ``code``.
    members : mapping, optional
        For ``territoire`` perimeters: row position in ``perimeters`` -> INSEE codes of the
        custom territory's communes.

    Examples
    --------
    >>> communes = pd.DataFrame({"insee_code": ["62498", "62510", "62427"],
    ...     "epci_siren": ["246200364", "246200364", "246200299"],
    ...     "departement_code": ["62"] * 3, "region_code": ["32"] * 3})
    >>> perimeters = pd.DataFrame({"level": ["epci", "territoire", "departement"],
    ...                            "code": ["246200364", "x", "62"]})
    >>> coverage(communes, perimeters, {1: ["62510", "62427"]}).astype(int)
    array([[1, 0, 1],
           [1, 1, 1],
           [0, 1, 1]])
    """
    members = members or {}
    out = np.zeros((len(communes), len(perimeters)), dtype=bool)
    positions = {}
    for level, column in LEVEL_COLUMNS.items():
        codes = communes[column].fillna("").astype(str).to_numpy() if column in communes else np.array([])
        index: dict[str, list[int]] = {}
        for i, code in enumerate(codes):
            index.setdefault(code, []).append(i)
        positions[level] = index
    by_code = positions["commune"]
    for j, (level, code) in enumerate(zip(perimeters["level"], perimeters["code"], strict=True)):
        if level == "territoire":
            rows = [i for c in members.get(j, ()) for i in by_code.get(str(c), ())]
        elif level in positions:
            rows = positions[level].get(str(code), [])
        else:
            raise ValueError(f"niveau de périmètre inconnu : {level!r}")
        out[rows, j] = True
    return out


def uncovered(matrix: np.ndarray, kinds: Iterable[str], wanted: Iterable[str] = GAP_KINDS) -> np.ndarray:
    """Communes (rows) that no dispositif of a ``wanted`` kind covers.

    Examples
    --------
    >>> m = np.array([[1, 0], [0, 1], [0, 0]], dtype=bool)
    >>> uncovered(m, ["cls", "cpts"]).tolist()
    [False, True, True]
    """
    chosen = np.isin(np.asarray(list(kinds), dtype=object), list(wanted))
    if not chosen.any():
        return np.ones(matrix.shape[0], dtype=bool)
    return ~matrix[:, chosen].any(axis=1)


def qpv_gaps(qpv: pd.DataFrame, insee_codes: Iterable[str], commune_uncovered: np.ndarray) -> pd.DataFrame:
    """QPV of the territory none of whose communes (in the territory) is covered.

    ``qpv`` has one row per (QPV, commune): ``qpv_code``, ``name``, ``insee_code``.

    Examples
    --------
    >>> qpv = pd.DataFrame({"qpv_code": ["Q1", "Q2", "Q2"], "name": ["A", "B", "B"],
    ...                     "insee_code": ["1", "1", "2"]})
    >>> qpv_gaps(qpv, ["1", "2"], np.array([True, False]))[["qpv_code", "communes"]].to_dict("records")
    [{'qpv_code': 'Q1', 'communes': '1'}]
    """
    columns = ["qpv_code", "name", "communes"]
    if qpv.empty:
        return pd.DataFrame(columns=columns)
    state = dict(zip([str(c) for c in insee_codes], commune_uncovered.tolist(), strict=True))
    inside = qpv[qpv["insee_code"].astype(str).isin(state)]
    if inside.empty:
        return pd.DataFrame(columns=columns)
    inside = inside.assign(bare=inside["insee_code"].astype(str).map(state))
    grouped = inside.groupby(["qpv_code", "name"], sort=True).agg(
        bare=("bare", "all"), communes=("insee_code", lambda s: ", ".join(sorted(map(str, s))))).reset_index()
    return grouped.loc[grouped["bare"], columns].reset_index(drop=True)


def apl_gaps(apl: np.ndarray, matrix: np.ndarray, kinds: Iterable[str], threshold: float = APL_THRESHOLD,
             cpts_kind: str = CPTS_KIND) -> np.ndarray:
    """Communes under the APL ``threshold`` that no CPTS covers (NaN APL: not a gap).

    Examples
    --------
    >>> apl = np.array([1.0, 2.0, 3.0, np.nan])
    >>> m = np.array([[1], [0], [0], [0]], dtype=bool)
    >>> apl_gaps(apl, m, ["cpts"]).tolist()
    [False, True, False, False]
    """
    values = np.asarray(apl, dtype=float)
    below = np.isfinite(values) & (values < threshold)
    return below & uncovered(matrix, kinds, (cpts_kind,))


def overlaps(matrix: np.ndarray, population: np.ndarray, keys: list) -> pd.DataFrame:
    """Pairs of dispositifs sharing communes: ``a``, ``b`` (keys), ``shared_communes``,
    ``shared_population``; largest shared population first.

    Examples
    --------
    >>> m = np.array([[1, 1, 0], [1, 1, 1], [0, 0, 1]], dtype=bool)
    >>> overlaps(m, np.array([100.0, 50.0, 10.0]), ["A", "B", "C"]).to_dict("records")
    [{'a': 'A', 'b': 'B', 'shared_communes': 2, 'shared_population': 150.0}, {'a': 'A', 'b': 'C', 'shared_communes': 1, 'shared_population': 50.0}, {'a': 'B', 'b': 'C', 'shared_communes': 1, 'shared_population': 50.0}]
    """
    m = matrix.astype(float)
    pop = np.nan_to_num(np.asarray(population, dtype=float))
    counts = m.T @ m
    shared = m.T @ (m * pop[:, None])
    a, b = np.triu_indices(len(keys), k=1)
    keep = counts[a, b] > 0
    frame = pd.DataFrame({"a": [keys[i] for i in a[keep]], "b": [keys[i] for i in b[keep]],
                          "shared_communes": counts[a, b][keep].astype(int),
                          "shared_population": shared[a, b][keep]})
    return frame.sort_values(["shared_population", "shared_communes"], ascending=False, kind="stable"
                             ).reset_index(drop=True)


def shared_partners(partnerships: pd.DataFrame) -> pd.DataFrame:
    """Structures taking part in two dispositifs or more: ``structure``, ``dispositifs``
    (sorted keys), ``count``; most shared first.

    ``partnerships`` has one row per (``dispositif``, ``structure``) with any role.

    Examples
    --------
    >>> p = pd.DataFrame({"dispositif": [1, 2, 2, 3], "structure": ["ARS", "ARS", "CH", "ARS"]})
    >>> shared_partners(p).to_dict("records")
    [{'structure': 'ARS', 'dispositifs': [1, 2, 3], 'count': 3}]
    """
    if partnerships.empty:
        return pd.DataFrame(columns=["structure", "dispositifs", "count"])
    grouped = (partnerships.drop_duplicates(["dispositif", "structure"]).groupby("structure")["dispositif"]
               .agg(lambda s: sorted(s.tolist())).reset_index(name="dispositifs"))
    grouped["count"] = grouped["dispositifs"].map(len)
    grouped = grouped[grouped["count"] >= 2]
    return grouped.sort_values(["count", "structure"], ascending=[False, True]).reset_index(drop=True)


def means(dispositifs: pd.DataFrame) -> pd.DataFrame:
    """Coordination FTE and funding per 10,000 inhabitants of each perimeter.

    ``dispositifs`` has ``fte``, ``funding`` and ``population`` (of the whole perimeter);
    the result adds ``fte_per_10k`` and ``funding_per_10k`` (NaN without population).

    Examples
    --------
    >>> d = pd.DataFrame({"fte": [1.0, 0.5], "funding": [50000.0, np.nan], "population": [250000, 0]})
    >>> means(d)[["fte_per_10k", "funding_per_10k"]].round(2).to_dict("records")
    [{'fte_per_10k': 0.04, 'funding_per_10k': 2000.0}, {'fte_per_10k': nan, 'funding_per_10k': nan}]
    """
    population = pd.to_numeric(dispositifs["population"], errors="coerce").astype(float)
    population = population.where(population > 0)
    out = dispositifs.copy()
    out["fte_per_10k"] = 10_000.0 * pd.to_numeric(dispositifs["fte"], errors="coerce").astype(float) / population
    out["funding_per_10k"] = (10_000.0 * pd.to_numeric(dispositifs["funding"], errors="coerce").astype(float)
                              / population)
    return out


@dataclass
class Articulation:
    """The articulation of the dispositifs of one territory (see :func:`articulate`)."""

    communes: pd.DataFrame  # insee_code, name, population (+ apl when known), territory order
    dispositifs: pd.DataFrame  # key, name, kind, kind_label, population, fte, funding, funding_year…
    coverage: np.ndarray  # communes × dispositifs
    uncovered: np.ndarray  # communes without CLS or ASV
    qpv_gaps: pd.DataFrame
    apl_gaps: np.ndarray  # communes under the threshold outside any CPTS
    overlaps: pd.DataFrame
    shared_partners: pd.DataFrame
    means: pd.DataFrame
    apl_known: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def population(self) -> float:
        return float(np.nansum(self.communes["population"].to_numpy(dtype=float)))

    def covering(self, i: int) -> list:
        """Keys of the dispositifs covering commune row ``i``."""
        keys = self.dispositifs["key"].tolist()
        return [keys[j] for j in np.flatnonzero(self.coverage[i])]

    def coverage_table(self) -> pd.DataFrame:
        """One row per commune: code, name, population, count and keys of covering dispositifs."""
        table = self.communes[["insee_code", "name", "population"]].copy()
        table["count"] = self.coverage.sum(axis=1)
        table["dispositifs"] = [self.covering(i) for i in range(len(table))]
        table["without_cls_asv"] = self.uncovered
        return table

    def gap_communes(self) -> pd.DataFrame:
        return self.communes.loc[self.uncovered, ["insee_code", "name", "population"]].reset_index(drop=True)

    def apl_gap_communes(self) -> pd.DataFrame:
        cols = ["insee_code", "name", "population"] + (["apl"] if "apl" in self.communes else [])
        return self.communes.loc[self.apl_gaps, cols].reset_index(drop=True)


def articulate(communes: pd.DataFrame, dispositifs: pd.DataFrame, members: Mapping[int, Iterable[str]],
               qpv: pd.DataFrame, partnerships: pd.DataFrame, gap_kinds: Iterable[str] = GAP_KINDS,
               threshold: float = APL_THRESHOLD) -> Articulation:
    """Everything the articulation page, exports and CLI show, from plain tables.

    Parameters
    ----------
    communes : DataFrame
        The territory's communes: ``insee_code``, ``name``, ``population``, the level codes
        of :func:`coverage`, and ``apl`` (float, NaN when unknown) if the APL is known.
    dispositifs : DataFrame
        ``key``, ``name``, ``kind``, ``level``, ``code``, ``population`` (whole perimeter),
        ``fte``, ``funding``; dispositifs covering no commune of the territory are dropped.
    members : mapping
        Custom perimeters: row position in ``dispositifs`` -> INSEE codes.
    qpv : DataFrame
        ``qpv_code``, ``name``, ``insee_code`` (one row per QPV and commune).
    partnerships : DataFrame
        ``dispositif`` (key) and ``structure`` (name), one row per partnership.

    Examples
    --------
    >>> communes = pd.DataFrame({"insee_code": ["1", "2", "3"], "name": ["A", "B", "C"],
    ...     "population": [1000.0, 500.0, 200.0], "epci_siren": ["E", "E", "F"],
    ...     "departement_code": ["62"] * 3, "region_code": ["32"] * 3, "apl": [3.0, 2.0, 1.0]})
    >>> dispositifs = pd.DataFrame({"key": [7, 8], "name": ["CLS E", "CPTS"], "kind": ["cls", "cpts"],
    ...     "level": ["epci", "territoire"], "code": ["E", "t"], "population": [1500, 700],
    ...     "fte": [1.0, 0.5], "funding": [30000.0, None]})
    >>> qpv = pd.DataFrame({"qpv_code": ["Q"], "name": ["Cité"], "insee_code": ["3"]})
    >>> a = articulate(communes, dispositifs, {1: ["2", "3"]}, qpv,
    ...                pd.DataFrame({"dispositif": [7, 8], "structure": ["ARS", "ARS"]}))
    >>> a.gap_communes()["name"].tolist(), a.qpv_gaps["qpv_code"].tolist()
    (['C'], ['Q'])
    >>> a.apl_gap_communes()["name"].tolist()
    []
    >>> a.overlaps.to_dict("records")
    [{'a': 7, 'b': 8, 'shared_communes': 1, 'shared_population': 500.0}]
    >>> float(a.means.loc[0, "funding_per_10k"])
    200000.0
    """
    dispositifs = dispositifs.reset_index(drop=True)
    matrix = coverage(communes, dispositifs[["level", "code"]], members)
    present = matrix.any(axis=0)
    kept = np.flatnonzero(present)
    dispositifs = dispositifs.iloc[kept].reset_index(drop=True)
    matrix = matrix[:, kept]
    kinds = dispositifs["kind"].tolist()
    population = communes["population"].to_numpy(dtype=float)
    bare = uncovered(matrix, kinds, gap_kinds)
    apl_known = "apl" in communes and bool(np.isfinite(communes["apl"].to_numpy(dtype=float)).any())
    below = (apl_gaps(communes["apl"].to_numpy(dtype=float), matrix, kinds, threshold) if apl_known
             else np.zeros(len(communes), dtype=bool))
    keys = dispositifs["key"].tolist()
    kept_keys = set(keys)
    partners = partnerships[partnerships["dispositif"].isin(kept_keys)] if not partnerships.empty else partnerships
    return Articulation(
        communes=communes.reset_index(drop=True), dispositifs=dispositifs, coverage=matrix, uncovered=bare,
        qpv_gaps=qpv_gaps(qpv, communes["insee_code"].astype(str).tolist(), bare),
        apl_gaps=below, overlaps=overlaps(matrix, population, keys), shared_partners=shared_partners(partners),
        means=means(dispositifs), apl_known=apl_known)
