"""Seeded generator of a fictive but plausible health-care supply, for demos and tests.

Every generated row carries ``fictive=True`` and fictive identifiers (``DEMO000001``,
``DEMOS000001``); nothing here describes a real person or place.

Targets (ambulatory supply, France, per 100,000 inhabitants)
------------------------------------------------------------
Orders of magnitude from DREES « Démographie des professionnels de santé » (RPPS/ADELI,
1 January 2023–2024, rounded) and the ordres' published counts, for a population of
~68 million:

==========================  =========================================  ===========  ======
profession                  national figure used                       ambulatory   /100k
==========================  =========================================  ===========  ======
medecin_generaliste         ~99,000 GPs in activity, ~57,000 libéraux  ~60,000 (1)  88
infirmier                   ~640,000 nurses, ~130,000 libéraux         ~135,000     198
masseur_kinesitherapeute    ~100,000 kinés, ~85 % libéraux             ~85,000      125
sage_femme                  ~24,000 midwives, ~8,500 libérales         ~9,000       13
chirurgien_dentiste         ~43,000 dentists, ~37,000 libéraux         ~39,000      57
pharmacien                  ~74,000 pharmacists, ~52,000 in officine   ~52,000      76
==========================  =========================================  ===========  ======

(1) libéraux plus salaried GPs of centres de santé. Hospital-salaried staff are not
generated: the demo feeds the ambulatory accessibility indicators (APL field).

Geography: the expected number of professionals of a commune is proportional to
``population × (population / 5,000)^0.12 × (density / 100)^0.05`` (more in towns), and zero
below a per-profession minimum population (no GP under 400 inhabitants, no pharmacy under
1,200, no midwife under 3,000…). Counts are Poisson draws, scaled so the national density
matches the table. Mid-size towns (2,000–50,000 inhabitants, ≥ 2 libéral GPs) get an MSP of
3–15 professionals with probability 0.35; salaried professionals practise in a centre de
santé (towns of 5,000+ inhabitants only); libéraux of one profession in a commune are split into cabinets (geometric sizes:
about half of GPs in a group practice); pharmacists are grouped in officines (one
titulaire, libéral, and the adjoints, salariés).

Ages: GPs are drawn so that ~30 % are aged 60+ and ~11 % 65+ (DREES 2023: about
three in ten GPs are 60 or older); other professions are younger (~13 % aged 60+).
GP activity (``acts_per_year``, consultations + visits) is log-normal with median 4,500 and
sigma 0.35 (P10 ≈ 2,900, P90 ≈ 7,100) for libéraux, median 3,500 in centres de santé;
other professions have no activity volume (NaN).

Example
-------
>>> import pandas as pd
>>> communes = pd.DataFrame({"insee_code": ["62498", "62510", "62001"],
...     "population": [32_000, 30_000, 150], "lon": [2.83, 2.77, 2.5],
...     "lat": [50.43, 50.42, 50.5], "area_km2": [11.7, 12.9, 5.0]})
>>> supply = generate_supply(communes, seed=1)
>>> bool(supply.sites["fictive"].all()), "62001" in set(supply.sites["insee_code"])
(True, False)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd

__all__ = ["DENSITY_TARGETS", "DemoSupply", "ProfessionSpec", "generate_supply"]


@dataclass(frozen=True)
class ProfessionSpec:
    """How one profession is generated.

    Attributes
    ----------
    density : float
        Target per 100,000 inhabitants (national).
    min_population : int
        No professional in a commune below this population.
    salaried_share : float
        Share practising as salariés in a centre de santé (pharmacists: ignored, adjoints
        are salariés by construction).
    group_start : float
        Probability that a libéral starts a new cabinet rather than joining the previous one
        (1 = everyone alone).
    msp_share : float
        Share of an MSP's size taken by this profession.
    """

    density: float
    min_population: int
    salaried_share: float
    group_start: float
    msp_share: float


DENSITY_TARGETS: dict[str, ProfessionSpec] = {
    "medecin_generaliste": ProfessionSpec(88.0, 400, 0.05, 0.45, 0.4),
    "infirmier": ProfessionSpec(198.0, 300, 0.04, 0.40, 0.3),
    "masseur_kinesitherapeute": ProfessionSpec(125.0, 700, 0.02, 0.45, 0.2),
    "sage_femme": ProfessionSpec(13.0, 3000, 0.10, 0.70, 0.1),
    "chirurgien_dentiste": ProfessionSpec(57.0, 1500, 0.08, 0.60, 0.0),
    "pharmacien": ProfessionSpec(76.0, 1200, 0.0, 0.50, 0.0),
}

#: (lowest age, highest age, share) bands.
GP_AGES = ((28, 34, 0.12), (35, 44, 0.24), (45, 54, 0.18), (55, 59, 0.16), (60, 64, 0.19),
           (65, 69, 0.08), (70, 75, 0.03))  # fmt: skip
OTHER_AGES = ((23, 34, 0.30), (35, 44, 0.27), (45, 54, 0.21), (55, 59, 0.09), (60, 64, 0.09),
              (65, 69, 0.03), (70, 74, 0.01))  # fmt: skip

CABINET_NAMES = {
    "medecin_generaliste": "Cabinet médical",
    "infirmier": "Cabinet infirmier",
    "masseur_kinesitherapeute": "Cabinet de kinésithérapie",
    "sage_femme": "Cabinet de sage-femme",
    "chirurgien_dentiste": "Cabinet dentaire",
}


class DemoSupply(NamedTuple):
    """Result of :func:`generate_supply`.

    Attributes
    ----------
    professionals : pandas.DataFrame
        ``rpps_id, profession, mode, birth_year, age_status, fictive``.
    sites : pandas.DataFrame
        ``site_id, insee_code, lon, lat, name, kind, fictive`` (kind: ``cabinet
        individuel``, ``cabinet de groupe``, ``MSP``, ``centre de santé``, ``officine``).
    activities : pandas.DataFrame
        ``rpps_id, site_id, profession, mode, acts_per_year, fictive``.
    """

    professionals: pd.DataFrame
    sites: pd.DataFrame
    activities: pd.DataFrame


def _ages(rng: np.random.Generator, n: int, bands) -> np.ndarray:
    shares = np.array([b[2] for b in bands])
    band = rng.choice(len(bands), size=n, p=shares / shares.sum())
    lo = np.array([b[0] for b in bands])[band]
    hi = np.array([b[1] for b in bands])[band]
    return lo + np.floor(rng.random(n) * (hi - lo + 1)).astype(int)


def _rank_within(keys: np.ndarray) -> np.ndarray:
    """0-based rank of each element within its group, for keys sorted ascending."""
    n = len(keys)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.r_[True, keys[1:] != keys[:-1]]
    idx = np.arange(n)
    first = np.maximum.accumulate(np.where(starts, idx, 0))
    return idx - first


def _groups(rng: np.random.Generator, keys: np.ndarray, p_start: np.ndarray) -> np.ndarray:
    """Split consecutive equal keys into groups of geometric size; return group numbers."""
    n = len(keys)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    new = np.r_[True, keys[1:] != keys[:-1]] | (rng.random(n) < p_start)
    return np.cumsum(new) - 1


def generate_supply(
    communes: pd.DataFrame,
    seed: int = 20261123,
    *,
    reference_year: int = 2026,
    targets: dict[str, ProfessionSpec] | None = None,
) -> DemoSupply:
    """Generate a fictive ambulatory supply for the given communes.

    Parameters
    ----------
    communes : pandas.DataFrame
        Columns ``insee_code, population, lon, lat, area_km2`` (``departement_code``
        optional, unused).
    seed : int
        Same seed and same input → same output.
    reference_year : int
        Year ages are computed at (``birth_year = reference_year - age``).
    targets : dict, optional
        Override of :data:`DENSITY_TARGETS`.

    Returns
    -------
    DemoSupply

    Examples
    --------
    >>> import pandas as pd
    >>> c = pd.DataFrame({"insee_code": ["A"], "population": [100_000], "lon": [2.0],
    ...                   "lat": [48.0], "area_km2": [20.0]})
    >>> s = generate_supply(c, seed=3)
    >>> s.professionals["rpps_id"].iloc[0], s.professionals["age_status"].iloc[0]
    ('DEMO000001', 'known')
    """
    missing = {"insee_code", "population", "lon", "lat", "area_km2"} - set(communes.columns)
    if missing:
        raise ValueError(f"colonnes manquantes dans le tableau des communes : {sorted(missing)}")
    targets = targets or DENSITY_TARGETS
    rng = np.random.default_rng(seed)
    codes = communes["insee_code"].astype(str).to_numpy()
    pop = np.clip(communes["population"].fillna(0).to_numpy(dtype=float), 0, None)
    area = np.clip(communes["area_km2"].fillna(1.0).to_numpy(dtype=float), 0.01, None)
    lon0 = communes["lon"].to_numpy(dtype=float)
    lat0 = communes["lat"].to_numpy(dtype=float)
    density = np.clip(pop / area, 1.0, 20_000.0)
    attraction = pop * (np.maximum(pop, 1.0) / 5_000.0) ** 0.12 * (density / 100.0) ** 0.05
    total_pop = pop.sum()

    # 1. Professionals per commune and profession.
    prof_names = list(targets)
    commune_of, prof_of = [], []
    for k, name in enumerate(prof_names):
        spec = targets[name]
        w = np.where(pop >= spec.min_population, attraction, 0.0)
        if w.sum() <= 0:
            continue
        lam = spec.density * total_pop / 1e5 * w / w.sum()
        counts = rng.poisson(lam)
        commune_of.append(np.repeat(np.arange(len(pop)), counts))
        prof_of.append(np.full(counts.sum(), k, dtype=np.int64))
    commune = np.concatenate(commune_of) if commune_of else np.zeros(0, np.int64)
    prof = np.concatenate(prof_of) if prof_of else np.zeros(0, np.int64)
    n = len(commune)
    order = np.lexsort((prof, commune))
    commune, prof = commune[order], prof[order]
    names = np.array(prof_names, dtype=object)
    is_pharma = names[prof] == "pharmacien" if n else np.zeros(0, bool)
    salaried_share = np.array([targets[p].salaried_share for p in prof_names])
    # centres de santé only in towns of 5,000+ inhabitants
    salaried = (rng.random(n) < salaried_share[prof]) & ~is_pharma & (pop[commune] >= 5_000)

    # 2. MSP in mid-size towns.
    key = commune * len(prof_names) + prof
    liberal_key = np.where(salaried | is_pharma, -1, key)
    per_key = np.bincount(liberal_key[liberal_key >= 0], minlength=len(pop) * len(prof_names))
    per_key = per_key.reshape(len(pop), len(prof_names))
    gp = prof_names.index("medecin_generaliste") if "medecin_generaliste" in prof_names else 0
    eligible = (pop >= 2_000) & (pop <= 50_000) & (per_key[:, gp] >= 2)
    has_msp = eligible & (rng.random(len(pop)) < 0.35)
    size = rng.integers(3, 16, size=len(pop))
    shares = np.array([targets[p].msp_share for p in prof_names])
    quota = np.floor(size[:, None] * shares[None, :]).astype(int)
    quota[:, gp] = np.maximum(2, np.round(size * shares[gp]).astype(int))
    quota = np.minimum(quota, per_key)
    has_msp &= quota.sum(axis=1) >= 3
    quota[~has_msp] = 0
    sort_lib = np.lexsort((np.arange(n), liberal_key))
    rank = np.empty(n, dtype=np.int64)
    rank[sort_lib] = _rank_within(liberal_key[sort_lib])
    in_msp = (liberal_key >= 0) & (rank < quota.reshape(-1)[np.maximum(key, 0)])

    # 3. Site keys: (kind, commune, group number).
    site_kind = np.empty(n, dtype=object)
    site_group = np.zeros(n, dtype=np.int64)
    site_kind[in_msp] = "MSP"
    cs = salaried
    site_kind[cs] = "centre de santé"
    cs_idx = np.flatnonzero(cs)
    site_group[cs_idx] = _rank_within(commune[cs_idx]) // 12
    mode = np.where(salaried, "S", "L").astype(object)
    ph_idx = np.flatnonzero(is_pharma)
    ph_group = _groups(rng, commune[ph_idx], np.full(len(ph_idx), 0.5))
    site_kind[ph_idx] = "officine"
    site_group[ph_idx] = ph_group
    first_in_officine = np.r_[True, ph_group[1:] != ph_group[:-1]] if len(ph_idx) else []
    mode[ph_idx] = np.where(first_in_officine, "L", "S")
    cab = np.flatnonzero(~in_msp & ~cs & ~is_pharma)
    p_start = np.array([targets[p].group_start for p in prof_names])
    cab_group = _groups(rng, key[cab], p_start[prof[cab]])
    site_group[cab] = cab_group
    cab_size = np.bincount(cab_group)[cab_group] if len(cab) else np.zeros(0, int)
    site_kind[cab] = np.where(cab_size == 1, "cabinet individuel", "cabinet de groupe")

    # One integer key per site: (kind, commune, group, profession for cabinets).
    kinds = ["cabinet individuel", "cabinet de groupe", "MSP", "centre de santé", "officine"]
    kind_code = np.zeros(n, dtype=np.int64)
    for i, k in enumerate(kinds):
        kind_code[site_kind == k] = i
    shared = (kind_code == 2) | (kind_code == 3)
    prof_key = np.where(shared, len(prof_names), prof)
    big = int(site_group.max()) + 1 if n else 1
    site_key = ((kind_code * len(pop) + commune) * big + site_group) * (len(prof_names) + 1)
    site_key += prof_key
    _, first, codes_site = np.unique(site_key, return_index=True, return_inverse=True)
    order_sites = np.argsort(first, kind="stable")  # number sites in order of appearance
    renumber = np.empty_like(order_sites)
    renumber[order_sites] = np.arange(len(order_sites))
    codes_site = renumber[codes_site.reshape(-1)]
    first = first[order_sites]
    n_sites = len(first)
    site_ids = np.array([f"DEMOS{i + 1:06d}" for i in range(n_sites)], dtype=object)
    s_commune = commune[first]
    s_kind = site_kind[first]
    s_prof = prof[first]
    radius_km = np.minimum(1.5, 0.5 * np.sqrt(area[s_commune] / np.pi))
    r = radius_km * np.sqrt(rng.random(n_sites))
    theta = rng.random(n_sites) * 2 * np.pi
    lat = lat0[s_commune] + r * np.sin(theta) / 111.32
    lon = lon0[s_commune] + r * np.cos(theta) / (111.32 * np.cos(np.radians(lat0[s_commune])))
    labels = np.empty(n_sites, dtype=object)
    for i in range(n_sites):
        kind = s_kind[i]
        if kind == "MSP":
            labels[i] = f"Maison de santé pluriprofessionnelle n° {i + 1} (fictive)"
        elif kind == "centre de santé":
            labels[i] = f"Centre de santé n° {i + 1} (fictif)"
        elif kind == "officine":
            labels[i] = f"Pharmacie n° {i + 1} (fictive)"
        else:
            labels[i] = f"{CABINET_NAMES.get(prof_names[s_prof[i]], 'Cabinet')} n° {i + 1} (fictif)"
    sites = pd.DataFrame(
        {
            "site_id": site_ids,
            "insee_code": codes[s_commune],
            "lon": np.round(lon, 6),
            "lat": np.round(lat, 6),
            "name": labels,
            "kind": s_kind,
            "fictive": True,
        }
    )

    # 4. People, ages, activity.
    rpps_ids = np.array([f"DEMO{i + 1:06d}" for i in range(n)], dtype=object)
    is_gp = prof == gp
    age = np.where(is_gp, _ages(rng, n, GP_AGES), _ages(rng, n, OTHER_AGES))
    professionals = pd.DataFrame(
        {
            "rpps_id": rpps_ids,
            "profession": names[prof] if n else np.zeros(0, dtype=object),
            "mode": mode,
            "birth_year": (reference_year - age).astype(np.int64),
            "age_status": "known",
            "fictive": True,
        }
    )
    median = np.where(salaried, 3_500.0, 4_500.0)
    acts = np.round(median * np.exp(rng.normal(0.0, 0.35, n)))
    activities = pd.DataFrame(
        {
            "rpps_id": rpps_ids,
            "site_id": site_ids[codes_site] if n else np.zeros(0, dtype=object),
            "profession": professionals["profession"].to_numpy(),
            "mode": mode,
            "acts_per_year": np.where(is_gp, acts, np.nan),
            "fictive": True,
        }
    )
    return DemoSupply(professionals, sites, activities)
