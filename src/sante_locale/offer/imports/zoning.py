"""Zoning of the professions (ZIP, ZAC…) by commune."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from sante_locale.core.sources.errors import SetAside
from sante_locale.core.sources.zonage import read_zonage
from sante_locale.offer.imports.base import (
    BATCH,
    UNKNOWN_COMMUNE,
    SupplyReport,
    as_number,
    as_text,
    commune_ids,
    new_report,
    replacing,
    require_rows,
    vintage_from_name,
)
from sante_locale.offer.imports.registry import by_name
from sante_locale.offer.models import ZoningClass


def import_zoning(df, set_aside, *, file_name: str, vintage: str | None = None,
                  check_only: bool = False) -> SupplyReport:
    """Replace the zoning of the file's professions by ``df`` (from ``read_zonage``)."""
    report = new_report(KIND, file_name, vintage or vintage_from_name(file_name), check_only, set_aside)
    communes = commune_ids()
    rows = []
    for n, r in enumerate(df.itertuples(index=False), start=2):
        commune = communes.get(r.insee_code)
        if commune is None:
            report.set_aside.append(SetAside(n, UNKNOWN_COMMUNE, "code commune", r.insee_code))
            continue
        rank = as_number(r.zoning_rank)
        rows.append(ZoningClass(
            commune_id=commune, profession=r.profession, zoning_class=as_text(r.zoning_class),
            zoning_rank=int(rank) if rank is not None else None, zoning_label=as_text(r.zoning_label)[:100],
            decree_date=as_text(r.decree_date)[:20], tvs_label=as_text(r.tvs_label)[:200], vintage=report.vintage))
    report.add("communes par profession et zonage", Counter(f"{z.profession} {z.zoning_class}" for z in rows))
    require_rows(report, len(rows), "commune zonée")
    if check_only:
        return report
    old = ZoningClass.objects.filter(profession__in={z.profession for z in rows} | set(df["profession"]))
    with replacing(report, lambda: old._raw_delete(old.db)):
        ZoningClass.objects.bulk_create(rows, batch_size=BATCH)
    return report


KIND = by_name("zoning")


def read(path: Path):
    """Read ``path`` (never writes)."""
    return read_zonage(path)


def write(data, path: Path, check_only: bool = False) -> SupplyReport:
    """Import what :func:`read` returned, in one transaction."""
    return import_zoning(*data, file_name=path.name, check_only=check_only)
