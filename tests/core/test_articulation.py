"""core.articulation against a naive reference (plain Python sets), with hypothesis."""

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from sante_locale.core.articulation import apl_gaps, articulate, coverage, overlaps, uncovered

EPCIS = ["E1", "E2", "E3"]


@st.composite
def territories(draw):
    n = draw(st.integers(1, 12))
    communes = pd.DataFrame({
        "insee_code": [f"{i:05d}" for i in range(n)],
        "name": [f"C{i}" for i in range(n)],
        "population": draw(st.lists(st.integers(0, 50_000), min_size=n, max_size=n)),
        "epci_siren": draw(st.lists(st.sampled_from(EPCIS), min_size=n, max_size=n)),
        "departement_code": ["62"] * n, "region_code": ["32"] * n,
        "apl": draw(st.lists(st.floats(0, 6), min_size=n, max_size=n))})
    m = draw(st.integers(0, 6))
    rows, members = [], {}
    for j in range(m):
        level = draw(st.sampled_from(["epci", "territoire", "commune", "departement"]))
        code = {"epci": draw(st.sampled_from(EPCIS)), "commune": f"{draw(st.integers(0, n)):05d}",
                "departement": draw(st.sampled_from(["62", "59"])), "territoire": f"t{j}"}[level]
        if level == "territoire":
            members[j] = draw(st.sets(st.sampled_from(list(communes["insee_code"]))))
        rows.append({"key": j, "name": f"D{j}", "kind": draw(st.sampled_from(["cls", "asv", "cpts", "clsm"])),
                     "level": level, "code": code, "population": draw(st.integers(0, 100_000)),
                     "fte": 1.0, "funding": 1000.0})
    dispositifs = pd.DataFrame(rows, columns=["key", "name", "kind", "level", "code", "population", "fte", "funding"])
    return communes, dispositifs, members


def naive_members(communes, d, members, j):
    column = {"epci": "epci_siren", "commune": "insee_code", "departement": "departement_code"}
    if d["level"] == "territoire":
        return set(members.get(j, ()))
    return {c["insee_code"] for c in communes.to_dict("records") if c[column[d["level"]]] == d["code"]}


@settings(max_examples=150, deadline=None)
@given(territories())
def test_articulation_agrees_with_a_naive_reference(case):
    communes, dispositifs, members = case
    matrix = coverage(communes, dispositifs[["level", "code"]], members)
    sets = [naive_members(communes, d, members, j) for j, d in enumerate(dispositifs.to_dict("records"))]
    codes = list(communes["insee_code"])
    for j, s in enumerate(sets):
        assert {codes[i] for i in np.flatnonzero(matrix[:, j])} == s
    pop = dict(zip(codes, communes["population"], strict=True))
    pairs = overlaps(matrix, communes["population"].to_numpy(float), list(range(len(sets))))
    expected = {(a, b): (len(sets[a] & sets[b]), sum(pop[c] for c in sets[a] & sets[b]))
                for a in range(len(sets)) for b in range(a + 1, len(sets)) if sets[a] & sets[b]}
    assert {(r["a"], r["b"]): (r["shared_communes"], r["shared_population"]) for r in pairs.to_dict("records")} \
        == expected
    kinds = list(dispositifs["kind"])
    covered_cls_asv = set().union(*[s for s, k in zip(sets, kinds, strict=True) if k in ("cls", "asv")])
    assert [c not in covered_cls_asv for c in codes] == uncovered(matrix, kinds).tolist()
    in_cpts = set().union(*[s for s, k in zip(sets, kinds, strict=True) if k == "cpts"])
    apl = dict(zip(codes, communes["apl"], strict=True))
    assert [apl[c] < 2.5 and c not in in_cpts for c in codes] == apl_gaps(communes["apl"].to_numpy(float), matrix,
                                                                           kinds).tolist()
    result = articulate(communes, dispositifs, members, pd.DataFrame(columns=["qpv_code", "name", "insee_code"]),
                        pd.DataFrame(columns=["dispositif", "structure"]))
    assert list(result.dispositifs["key"]) == [j for j, s in enumerate(sets) if s]  # absent ones dropped


def test_overlap_matrix_is_symmetric_invariant():
    """The shared population of (a, b) never exceeds the smaller perimeter's population inside."""
    rng = np.random.default_rng(3)
    matrix = rng.random((200, 30)) < 0.2
    pop = rng.integers(0, 10_000, 200).astype(float)
    pairs = overlaps(matrix, pop, list(range(30)))
    inside = matrix.T.astype(float) @ pop
    assert (pairs["shared_population"].to_numpy() <= np.minimum(inside[pairs["a"]], inside[pairs["b"]]) + 1e-9).all()
