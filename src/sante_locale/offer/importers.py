"""Write what the readers of ``core.sources`` returned to the database.

One function per kind of file (:func:`import_rpps`, :func:`import_finess`,
:func:`import_population`, :func:`import_published_apl`, :func:`import_zoning`,
:func:`import_qpv`). Each takes the reader's output (it never parses a file), checks every
row against the communes of the database, and writes in ONE transaction: the older data of
that kind is deleted and the new rows inserted, so a re-import replaces cleanly and a
failure leaves the database as it was. ``check_only=True`` does everything but the writing.

:func:`read_and_import` chains the right reader (called with the communes and postcodes of
the database) and the importer; the CLI calls it.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice, repeat
from pathlib import Path

import pandas as pd
import shapely
from django.core.management.color import no_style
from django.db import connection, transaction

from sante_locale.core.sources.errors import SetAside
from sante_locale.offer.models import (
    QPV,
    Activity,
    Establishment,
    PopulationByAge,
    PracticeSite,
    Professional,
    PublishedAPL,
    SupplyImport,
    ZoningClass,
)
from sante_locale.territories.models import Commune, Postcode

BATCH = 2000
UNKNOWN_COMMUNE = "commune absente du référentiel chargé"

KIND_LABELS = {
    "rpps": "Annuaire Santé (RPPS)", "finess": "établissements FINESS", "insee": "population INSEE par âge",
    "apl-drees": "APL publiée par la DREES", "zonage": "zonage", "qpv": "QPV", "ages": "années de naissance des professionnels", "demo": "offre fictive de démonstration",
}  # fmt: skip


@dataclass
class SupplyReport:
    """What an import read, kept, set aside and wrote; ``lines()`` is the French summary."""

    kind: str
    file_name: str
    vintage: str
    check_only: bool = False
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    set_aside: list[SetAside] = field(default_factory=list)
    replaced: int = 0
    previous_vintage: str = ""

    def add(self, section: str, values: Counter | dict) -> None:
        self.counts[section] = {str(k): int(v) for k, v in sorted(values.items(), key=lambda kv: str(kv[0]))}

    def lines(self) -> list[str]:
        out = [f"{KIND_LABELS.get(self.kind, self.kind)} — fichier {self.file_name}, millésime {self.vintage}"]
        for section, values in self.counts.items():
            total = sum(values.values())
            detail = ", ".join(f"{k} : {v}" for k, v in values.items()) if len(values) <= 12 else \
                f"{len(values)} rubriques"
            out.append(f"{section} : {total}" + (f" ({detail})" if detail and list(values) != ["total"] else ""))
        reasons = Counter(s.reason for s in self.set_aside)
        out.append(f"lignes écartées : {len(self.set_aside)}"
                   + (" (" + ", ".join(f"{r} : {n}" for r, n in reasons.most_common()) + ")" if reasons else ""))
        if self.check_only:
            out.append("vérification seulement (--verifier) : rien n'a été écrit dans la base.")
        elif self.previous_vintage:
            out.append(f"données précédentes remplacées (millésime {self.previous_vintage}, {self.replaced} ligne(s)).")
        return out

    def write_csv(self, path: str | Path) -> Path:
        """Write the counts then the set-aside rows as a ``;`` CSV (UTF-8 with BOM, for Excel)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", newline="", encoding="utf-8-sig") as f:
            writer = csv.writer(f, delimiter=";")
            writer.writerow(["rubrique", "clé", "nombre", "ligne", "motif", "colonne", "valeur"])
            for section, values in self.counts.items():
                for key, n in values.items():
                    writer.writerow([section, key, n, "", "", "", ""])
            for s in self.set_aside:
                writer.writerow(["ligne écartée", "", "", s.line, s.reason, s.column or "", s.value])
        return path


# --- helpers -----------------------------------------------------------------------------


def reader_context() -> dict:
    """Commune codes, postcode → INSEE codes and populations, as the readers take them."""
    communes = dict(Commune.objects.values_list("insee_code", "population"))
    postcodes: dict[str, list[str]] = {}
    for code, insee in Postcode.objects.values_list("code", "commune__insee_code"):
        postcodes.setdefault(code, []).append(insee)
    return {
        "known_communes": frozenset(communes),
        "postcode_to_insee": postcodes,
        "populations": {k: float(v) for k, v in communes.items() if v is not None},
    }


def _commune_ids() -> dict[str, int]:
    return dict(Commune.objects.values_list("insee_code", "pk"))


def _text(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def _texts(series, limit: int | None = None) -> list[str]:
    """A text column as a list of ``str`` (missing values → ``""``), cut at ``limit`` characters."""
    texts = series.astype(object).where(series.notna(), "").astype(str)
    return (texts.str.slice(0, limit) if limit else texts).tolist()


def _ids(series) -> list[int | None]:
    """Mapped primary keys as Python ``int`` (``None`` where the map found nothing)."""
    ids = series.astype("Int64").astype(object)
    return ids.where(ids.notna(), None).tolist()


def insert_rows(model, fields: tuple[str, ...], rows) -> None:
    """Plain multi-row INSERT of tuples (no model instances: millions of rows nationally)."""
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(model._meta.get_field(f).column) for f in fields)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608
    rows = iter(rows)
    with connection.cursor() as cursor:
        while batch := list(islice(rows, BATCH * 10)):
            cursor.executemany(sql, batch)


def _next_id(model) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(id) FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608
        return (cursor.fetchone()[0] or 0) + 1


def _reset_sequences(*models) -> None:
    """After explicit primary keys: PostgreSQL sequences past the largest (SQLite needs nothing)."""
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


@contextmanager
def _without_indexes(*models):
    """Drop the plain (non-unique) indexes of ``models``, build them again at the end.

    Building an index once after a bulk load is much faster than maintaining it row by row.
    Call inside the import's transaction: on failure the rollback restores the indexes.
    """
    queries = {
        "sqlite": "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
                  "AND sql LIKE 'CREATE INDEX%%'",
        "postgresql": "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
                      "AND schemaname = current_schema() AND indexdef LIKE 'CREATE INDEX%%'",
    }  # fmt: skip
    query = queries.get(connection.vendor)
    indexes = []
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA cache_size = -262144")  # 256 MB of page cache for this connection's load
        for model in models if query else ():
            cursor.execute(query, [model._meta.db_table])
            indexes += cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    with connection.cursor() as cursor:
        if indexes and connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # deferred foreign keys: check them now
        for _, sql in indexes:
            cursor.execute(sql)


def _num(value) -> float | None:
    if value is None:
        return None
    value = float(value)
    return None if math.isnan(value) else value


def vintage_from_name(name: str) -> str:
    """``…_202605120800.txt`` or ``…stock-20260512.csv`` → ``2026-05-12``; else today.

    >>> vintage_from_name("etalab-cs1100507-stock-20260512.csv")
    '2026-05-12'
    """
    match = re.search(r"(20\d{2})(\d{2})(\d{2})", name)
    if match and 1 <= int(match.group(2)) <= 12 and 1 <= int(match.group(3)) <= 31:
        return "-".join(match.groups())
    return dt.date.today().isoformat()


def _previous(kind: str) -> SupplyImport | None:
    return SupplyImport.objects.filter(kind=kind).order_by("-imported_at", "-pk").first()


def _finish(report: SupplyReport, fictive: bool = False) -> None:
    SupplyImport.objects.create(
        kind=report.kind, file_name=report.file_name, vintage=report.vintage, fictive=fictive,
        counts=report.counts, set_aside_count=len(report.set_aside))


@contextmanager
def _replacing(report: SupplyReport, kind: str, delete):
    """One transaction in which the previous import of ``kind`` is replaced: ``delete()``
    removes the old rows (and returns how many), the body writes the new ones, and the
    import is recorded last. Any error rolls everything back."""
    with transaction.atomic():
        previous = _previous(kind)
        report.replaced = delete()
        report.previous_vintage = previous.vintage if previous and report.replaced else ""
        yield
        _finish(report)


def _wipe(*models) -> int:
    """Delete every row of ``models`` (dependents first) with plain DELETE statements."""
    deleted = 0
    for model in models:
        qs = model.objects.all()
        deleted += qs._raw_delete(qs.db)  # no signals, no per-row cascade: the caller orders the tables
    return deleted


# --- RPPS ---------------------------------------------------------------------------------


def import_rpps(data, *, vintage: str | None = None, check_only: bool = False) -> SupplyReport:
    """Replace professionals, practice sites and activities by those of ``data`` (``RppsData``)."""
    report = SupplyReport("rpps", data.file_name, vintage or vintage_from_name(data.file_name), check_only,
                          set_aside=list(data.set_aside))
    communes = _commune_ids()
    acts = data.activities
    report.add("professionnels par profession", Counter(data.professionals["profession"]))
    report.add("activités par profession", Counter(acts["profession"]))
    report.add("lieux d'exercice", {"total": len(data.sites)})
    if data.skipped_professions:
        report.add("lignes d'autres professions (non comptées)", data.skipped_professions)
    if check_only:
        return report
    v = report.vintage
    # sorted on the unique key: its index is then filled in order (much faster than at random)
    p = data.professionals.sort_values("rpps_id", ignore_index=True)
    s = data.sites.sort_values("site_key", ignore_index=True)
    with transaction.atomic(), _without_indexes(Activity, Professional, PracticeSite):
        previous = _previous("rpps") or _previous("demo")
        report.replaced = _wipe(Activity, Professional, PracticeSite)
        report.previous_vintage = previous.vintage if previous and report.replaced else ""
        SupplyImport.objects.filter(kind="demo").delete()
        # explicit primary keys: activities point to positions in the frames, no lookup query
        first_person, first_site = _next_id(Professional), _next_id(PracticeSite)
        n = len(p)
        insert_rows(Professional, ("id", "rpps_id", "profession", "savoir_faire_code", "last_name", "first_name",
                                   "age_status", "fictive", "vintage"),
                    zip(range(first_person, first_person + n), p["rpps_id"].tolist(), p["profession"].tolist(),
                        _texts(p["savoir_faire_code"]), _texts(p["last_name"], 200), _texts(p["first_name"], 200),
                        repeat("missing", n), repeat(False, n), repeat(v, n), strict=True))
        n = len(s)
        insert_rows(PracticeSite, ("id", "site_key", "name", "address", "postcode", "commune", "kind", "fictive",
                                   "vintage"),
                    zip(range(first_site, first_site + n), s["site_key"].tolist(), _texts(s["name"], 300),
                        _texts(s["address"], 400), _texts(s["postcode"], 5), _ids(s["insee_code"].map(communes)),
                        repeat("", n), repeat(False, n), repeat(v, n), strict=True))
        people = pd.Index(p["rpps_id"]).get_indexer(acts["rpps_id"]) + first_person
        places = pd.Index(s["site_key"]).get_indexer(acts["site_key"])
        places = [None if i < 0 else i + first_site for i in places.tolist()]
        n = len(acts)
        insert_rows(Activity, ("professional", "site", "profession", "mode", "sector_code", "fictive"),
                    zip(people.tolist(), places, acts["profession"].tolist(), _texts(acts["mode"], 2),
                        _texts(acts["sector_code"], 10), repeat(False, n), strict=True))
        _reset_sequences(Professional, PracticeSite)
        _finish(report)
    return report


# --- FINESS -------------------------------------------------------------------------------


def import_finess(df, set_aside, *, file_name: str, vintage: str | None = None,
                  check_only: bool = False) -> SupplyReport:
    """Replace the establishments by those of ``df`` (from ``read_finess``)."""
    report = SupplyReport("finess", file_name, vintage or vintage_from_name(file_name), check_only,
                          set_aside=list(set_aside))
    communes = _commune_ids()
    rows = []
    for r in df.itertuples(index=False):
        commune = communes.get(r.insee_code)
        if commune is None:
            report.set_aside.append(SetAside(int(r.line), UNKNOWN_COMMUNE, "commune", r.insee_code))
            continue
        rows.append(Establishment(
            finess_code=r.finess_code, name=_text(r.name)[:300], category_code=_text(r.category_code),
            category_label=_text(r.category_label)[:200], kind=_text(r.kind), address=_text(r.address)[:400],
            commune_id=commune, lon=_num(r.lon), lat=_num(r.lat), vintage=report.vintage))
    report.add("établissements par catégorie", Counter(f"{e.category_code} {e.category_label}" for e in rows))
    report.set_aside.sort(key=lambda s: s.line)
    if check_only:
        return report
    with _replacing(report, "finess", lambda: _wipe(Establishment)):
        Establishment.objects.bulk_create(rows, batch_size=BATCH)
    return report


# --- INSEE population ---------------------------------------------------------------------


def import_population(table, *, file_name: str, check_only: bool = False) -> SupplyReport:
    """Replace the population by age by ``table`` (a ``PopulationTable``): one vintage at a time."""
    report = SupplyReport("insee", file_name, str(table.vintage), check_only)
    communes = _commune_ids()
    band_columns = [c for c in table.data.columns if c.startswith("pop_")]
    rows = []
    for n, r in enumerate(table.data.itertuples(index=False), start=2):
        commune = communes.get(r.insee_code)
        if commune is None:
            report.set_aside.append(SetAside(n, UNKNOWN_COMMUNE, "CODGEO", r.insee_code))
            continue
        values = r._asdict()
        rows.append(PopulationByAge(
            commune_id=commune, vintage=report.vintage, population=float(r.population),
            bands={c: float(values[c]) for c in band_columns if _num(values[c]) is not None}))
    report.add("communes", {"total": len(rows)})
    report.add("tranches d'âge", {"total": len(band_columns)})
    if check_only:
        return report
    with _replacing(report, "insee", lambda: _wipe(PopulationByAge)):
        PopulationByAge.objects.bulk_create(rows, batch_size=BATCH)
    return report


# --- DREES APL ----------------------------------------------------------------------------


def import_published_apl(vintages, *, file_name: str, check_only: bool = False) -> SupplyReport:
    """Replace the published APL of the workbook's professions by its sheets (``AplVintage`` list)."""
    label = ", ".join(sorted({str(v.vintage) for v in vintages}))
    report = SupplyReport("apl-drees", file_name, label, check_only)
    communes = _commune_ids()
    rows, per_sheet = [], Counter()
    for sheet in vintages:
        for n, r in enumerate(sheet.data.itertuples(index=False), start=1):
            commune = communes.get(r.insee_code)
            if commune is None:
                report.set_aside.append(SetAside(n, f"{UNKNOWN_COMMUNE} ({sheet.sheet})", "Code commune INSEE",
                                                 r.insee_code))
                continue
            rows.append(PublishedAPL(
                commune_id=commune, profession=sheet.profession, vintage=str(sheet.vintage), apl=_num(r.apl),
                apl_under_65=_num(r.apl_under_65), standardised_population=_num(r.standardised_population),
                total_population=_num(r.total_population)))
            per_sheet[f"{sheet.profession} {sheet.vintage}"] += 1
    report.add("communes par profession et millésime", per_sheet)
    if check_only:
        return report
    professions = {v.profession for v in vintages}
    with transaction.atomic():
        old = PublishedAPL.objects.filter(profession__in=professions)
        previous = sorted(set(old.values_list("vintage", flat=True)))
        report.replaced = old._raw_delete(old.db)
        report.previous_vintage = ", ".join(previous)
        PublishedAPL.objects.bulk_create(rows, batch_size=BATCH)
        _finish(report)
    return report


# --- zoning -------------------------------------------------------------------------------


def import_zoning(df, set_aside, *, file_name: str, vintage: str | None = None,
                  check_only: bool = False) -> SupplyReport:
    """Replace the zoning of the file's professions by ``df`` (from ``read_zonage``)."""
    report = SupplyReport("zonage", file_name, vintage or vintage_from_name(file_name), check_only,
                          set_aside=list(set_aside))
    communes = _commune_ids()
    rows = []
    for n, r in enumerate(df.itertuples(index=False), start=2):
        commune = communes.get(r.insee_code)
        if commune is None:
            report.set_aside.append(SetAside(n, UNKNOWN_COMMUNE, "code commune", r.insee_code))
            continue
        rank = _num(r.zoning_rank)
        rows.append(ZoningClass(
            commune_id=commune, profession=r.profession, zoning_class=_text(r.zoning_class),
            zoning_rank=int(rank) if rank is not None else None, zoning_label=_text(r.zoning_label)[:100],
            decree_date=_text(r.decree_date)[:20], tvs_label=_text(r.tvs_label)[:200], vintage=report.vintage))
    report.add("communes par profession et zonage", Counter(f"{z.profession} {z.zoning_class}" for z in rows))
    if check_only:
        return report
    old = ZoningClass.objects.filter(profession__in={z.profession for z in rows} | set(df["profession"]))
    with _replacing(report, "zonage", lambda: old._raw_delete(old.db)):
        ZoningClass.objects.bulk_create(rows, batch_size=BATCH)
    return report


# --- QPV ----------------------------------------------------------------------------------


def import_qpv(df, *, file_name: str, vintage: str = "2024", check_only: bool = False) -> SupplyReport:
    """Replace the QPV by those of ``df`` (from ``read_qpv``), linked to their communes."""
    report = SupplyReport("qpv", file_name, vintage, check_only)
    communes = _commune_ids()
    qpvs, links = [], []
    for n, r in enumerate(df.itertuples(index=False), start=1):
        ids = [communes[c] for c in r.insee_codes if c in communes]
        for code in r.insee_codes:
            if code not in communes:
                report.set_aside.append(SetAside(n, f"{UNKNOWN_COMMUNE} (QPV {r.qpv_code})", "insee_com", code))
        if not ids:
            continue
        geometry = shapely.to_wkb(r.geometry) if r.geometry is not None else None
        qpvs.append(QPV(qpv_code=r.qpv_code, name=_text(r.name)[:300], geometry=geometry, vintage=vintage))
        links.append((r.qpv_code, ids))
    report.add("QPV", {"total": len(qpvs)})
    report.add("liens QPV–commune", {"total": sum(len(ids) for _, ids in links)})
    if check_only:
        return report
    through = QPV.communes.through
    with _replacing(report, "qpv", lambda: _wipe(through, QPV)):
        QPV.objects.bulk_create(qpvs, batch_size=BATCH)
        pks = dict(QPV.objects.values_list("qpv_code", "pk"))
        through.objects.bulk_create(
            [through(qpv_id=pks[code], commune_id=c) for code, ids in links for c in ids], batch_size=BATCH)
    return report


# --- reader + importer --------------------------------------------------------------------


def _rpps(path: Path, check_only: bool) -> SupplyReport:
    from sante_locale.core.sources.rpps import read_rpps

    return import_rpps(read_rpps(path, **reader_context()), check_only=check_only)


def _finess(path: Path, check_only: bool) -> SupplyReport:
    from sante_locale.core.sources.finess import read_finess

    df, aside = read_finess(path)
    return import_finess(df, aside, file_name=path.name, check_only=check_only)


def _insee(path: Path, check_only: bool) -> SupplyReport:
    from sante_locale.core.sources.insee import read_insee_population

    return import_population(read_insee_population(path), file_name=path.name, check_only=check_only)


def _apl(path: Path, check_only: bool) -> SupplyReport:
    from sante_locale.core.sources.drees_apl import read_drees_apl

    return import_published_apl(read_drees_apl(path), file_name=path.name, check_only=check_only)


def _zonage(path: Path, check_only: bool) -> SupplyReport:
    from sante_locale.core.sources.zonage import read_zonage

    df, aside = read_zonage(path)
    return import_zoning(df, aside, file_name=path.name, check_only=check_only)


def _qpv(path: Path, check_only: bool) -> SupplyReport:
    from sante_locale.core.sources.qpv import read_qpv

    return import_qpv(read_qpv(path), file_name=path.name, check_only=check_only)


def _ages(path: Path, check_only: bool) -> SupplyReport:
    from sante_locale.core.sources.age import read_birth_years
    from sante_locale.offer.ages import import_birth_years

    aside: list[SetAside] = []
    years = read_birth_years(path, set_aside=aside)
    return import_birth_years(years, aside, file_name=path.name, check_only=check_only)


IMPORTERS: dict[str, Callable[[Path, bool], SupplyReport]] = {
    "rpps": _rpps, "finess": _finess, "insee": _insee, "apl-drees": _apl, "zonage": _zonage, "qpv": _qpv,
    "ages": _ages,
}  # fmt: skip


def read_and_import(kind: str, path: str | Path, check_only: bool = False) -> SupplyReport:
    """Read ``path`` with the reader of ``kind`` and import it (raises ``SourceError`` on a bad file)."""
    return IMPORTERS[kind](Path(path), check_only)
