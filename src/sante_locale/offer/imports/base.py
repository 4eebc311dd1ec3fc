"""What every import kind's writer shares: a new report (:class:`~.report.SupplyReport`) and
the database helpers that write in one transaction.

Each kind has its own module in this package (its ``read`` and ``write``) and one entry
in :mod:`.registry`, which the CLI, the administrator form and the portrait sources read.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from contextlib import contextmanager
from itertools import islice

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction

from sante_locale.core import clock
from sante_locale.core.sources.errors import SourceError
from sante_locale.offer.imports.registry import ImportKind
from sante_locale.offer.imports.report import SupplyReport
from sante_locale.offer.models import SupplyImport
from sante_locale.territories.importer import analyze
from sante_locale.territories.models import Commune, Postcode

BATCH = 2000
UNKNOWN_COMMUNE = "commune absente du référentiel chargé"


def new_report(kind: ImportKind, file_name: str, vintage: str, check_only: bool = False,
               set_aside=()) -> SupplyReport:
    """An empty report of ``kind`` (its key is what ``SupplyImport`` records)."""
    return SupplyReport(kind.key, file_name, vintage, check_only, set_aside=list(set_aside), label=kind.label)


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


def commune_ids() -> dict[str, int]:
    return dict(Commune.objects.values_list("insee_code", "pk"))


def as_text(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def as_texts(series, limit: int | None = None) -> list[str]:
    """A text column as a list of ``str`` (missing values → ``""``), cut at ``limit`` characters."""
    texts = series.astype(object).where(series.notna(), "").astype(str)
    return (texts.str.slice(0, limit) if limit else texts).tolist()


def as_ids(series) -> list[int | None]:
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


def next_id(model) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(id) FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608
        return (cursor.fetchone()[0] or 0) + 1


def reset_sequences(*models) -> None:
    """After explicit primary keys: PostgreSQL sequences past the largest (SQLite needs nothing)."""
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


@contextmanager
def without_indexes(*models):
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


def as_number(value) -> float | None:
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
    return clock.today().isoformat()


def require_rows(report: SupplyReport, kept: int, what: str) -> None:
    """Refuse (``SourceError``) an import that would keep no row of ``what``.

    Such an import would replace the data already imported by nothing: every row was set
    aside (communes outside the loaded reference, other professions…). The message gives
    the reasons, as the import report would.
    """
    if kept:
        return
    reasons = Counter(s.reason for s in report.set_aside)
    detail = (" : toutes les lignes ont été écartées (" + ", ".join(f"{r} : {n}" for r, n in reasons.most_common(3))
              + ")") if reasons else ""
    raise SourceError(
        report.file_name, None, None, f"aucun(e) {what} à importer{detail}",
        "Vérifiez que le fichier porte sur des communes du référentiel chargé (sante-locale import referentiel) "
        "et qu'il est complet. Les données déjà importées sont gardées.",
    )


def previous(kind: str) -> SupplyImport | None:
    return SupplyImport.objects.filter(kind=kind).order_by("-imported_at", "-pk").first()


def finish(report: SupplyReport, fictive: bool = False) -> None:
    SupplyImport.objects.create(
        kind=report.kind, file_name=report.file_name, vintage=report.vintage, fictive=fictive,
        counts=report.counts, set_aside_count=len(report.set_aside))
    analyze(*apps.get_app_config("offer").get_models())  # fresh planner statistics (PostgreSQL)


@contextmanager
def replacing(report: SupplyReport, delete):
    """One transaction in which the previous import of the report's kind is replaced:
    ``delete()`` removes the old rows (and returns how many), the body writes the new ones,
    and the import is recorded last. Any error rolls everything back."""
    with transaction.atomic():
        last = previous(report.kind)
        report.replaced = delete()
        report.previous_vintage = last.vintage if last and report.replaced else ""
        yield
        finish(report)


def wipe(*models) -> int:
    """Delete every row of ``models`` (dependents first) with plain DELETE statements."""
    deleted = 0
    for model in models:
        qs = model.objects.all()
        deleted += qs._raw_delete(qs.db)  # no signals, no per-row cascade: the caller orders the tables
    return deleted


