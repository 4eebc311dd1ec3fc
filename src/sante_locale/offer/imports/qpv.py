"""Quartiers prioritaires de la politique de la ville (QPV 2024), linked to their communes."""

from __future__ import annotations

from pathlib import Path

import shapely

from sante_locale.core.sources.errors import SetAside
from sante_locale.core.sources.qpv import read_qpv
from sante_locale.offer.imports.base import (
    BATCH,
    UNKNOWN_COMMUNE,
    SupplyReport,
    as_text,
    commune_ids,
    new_report,
    replacing,
    require_rows,
    wipe,
)
from sante_locale.offer.imports.registry import by_name
from sante_locale.territories.models import QPV


def import_qpv(df, *, file_name: str, vintage: str = "2024", check_only: bool = False) -> SupplyReport:
    """Replace the QPV by those of ``df`` (from ``read_qpv``), linked to their communes."""
    report = new_report(KIND, file_name, vintage, check_only)
    communes = commune_ids()
    qpvs, links = [], []
    for n, r in enumerate(df.itertuples(index=False), start=1):
        ids = [communes[c] for c in r.insee_codes if c in communes]
        if not r.insee_codes:
            report.set_aside.append(SetAside(n, f"QPV sans code commune (QPV {r.qpv_code})", "insee_com", ""))
        for code in r.insee_codes:
            if code not in communes:
                report.set_aside.append(SetAside(n, f"{UNKNOWN_COMMUNE} (QPV {r.qpv_code})", "insee_com", code))
        if not ids:
            continue
        geometry = shapely.to_wkb(r.geometry) if r.geometry is not None else None
        qpvs.append(QPV(qpv_code=r.qpv_code, name=as_text(r.name)[:300], geometry=geometry, vintage=vintage))
        links.append((r.qpv_code, ids))
    report.add("QPV", {"total": len(qpvs)})
    report.add("liens QPV–commune", {"total": sum(len(ids) for _, ids in links)})
    require_rows(report, len(qpvs), "QPV")
    if check_only:
        return report
    through = QPV.communes.through
    with replacing(report, lambda: wipe(through, QPV)):
        QPV.objects.bulk_create(qpvs, batch_size=BATCH)
        pks = dict(QPV.objects.values_list("qpv_code", "pk"))
        through.objects.bulk_create(
            [through(qpv_id=pks[code], commune_id=c) for code, ids in links for c in ids], batch_size=BATCH)
    return report


KIND = by_name("qpv")


def read(path: Path):
    """Read ``path`` (never writes)."""
    return read_qpv(path)


def write(data, path: Path, check_only: bool = False) -> SupplyReport:
    """Import what :func:`read` returned, in one transaction."""
    return import_qpv(data, file_name=path.name, check_only=check_only)
