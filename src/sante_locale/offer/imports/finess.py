"""FINESS establishments."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from sante_locale.core.sources.errors import SetAside
from sante_locale.core.sources.finess import read_finess
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
    wipe,
)
from sante_locale.offer.imports.registry import by_name
from sante_locale.offer.models import Establishment


def import_finess(df, set_aside, *, file_name: str, vintage: str | None = None,
                  check_only: bool = False) -> SupplyReport:
    """Replace the establishments by those of ``df`` (from ``read_finess``)."""
    report = new_report(KIND, file_name, vintage or vintage_from_name(file_name), check_only, set_aside)
    communes = commune_ids()
    rows = []
    for r in df.itertuples(index=False):
        commune = communes.get(r.insee_code)
        if commune is None:
            report.set_aside.append(SetAside(int(r.line), UNKNOWN_COMMUNE, "commune", r.insee_code))
            continue
        rows.append(Establishment(
            finess_code=r.finess_code, name=as_text(r.name)[:300], category_code=as_text(r.category_code),
            category_label=as_text(r.category_label)[:200], kind=as_text(r.kind), address=as_text(r.address)[:400],
            commune_id=commune, lon=as_number(r.lon), lat=as_number(r.lat), vintage=report.vintage))
    report.add("établissements par catégorie", Counter(f"{e.category_code} {e.category_label}" for e in rows))
    report.set_aside.sort(key=lambda s: s.line)
    require_rows(report, len(rows), "établissement")
    if check_only:
        return report
    with replacing(report, lambda: wipe(Establishment)):
        Establishment.objects.bulk_create(rows, batch_size=BATCH)
    return report


KIND = by_name("finess")


def read(path: Path):
    """Read ``path`` (never writes)."""
    return read_finess(path)


def write(data, path: Path, check_only: bool = False) -> SupplyReport:
    """Import what :func:`read` returned, in one transaction."""
    return import_finess(*data, file_name=path.name, check_only=check_only)
