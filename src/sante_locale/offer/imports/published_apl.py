"""APL published by the DREES (official values, never mixed with computed ones)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from django.db import transaction

from sante_locale.core.sources.drees_apl import read_drees_apl
from sante_locale.core.sources.errors import SetAside
from sante_locale.offer.imports.base import (
    BATCH,
    UNKNOWN_COMMUNE,
    SupplyReport,
    as_number,
    commune_ids,
    finish,
    new_report,
    require_rows,
)
from sante_locale.offer.imports.registry import by_name
from sante_locale.offer.models import PublishedAPL


def import_published_apl(vintages, *, file_name: str, check_only: bool = False) -> SupplyReport:
    """Replace the published APL of the workbook's professions by its sheets (``AplVintage`` list)."""
    label = ", ".join(sorted({str(v.vintage) for v in vintages}))
    report = new_report(KIND, file_name, label, check_only)
    communes = commune_ids()
    rows, per_sheet = [], Counter()
    for sheet in vintages:
        for n, r in enumerate(sheet.data.itertuples(index=False), start=1):
            commune = communes.get(r.insee_code)
            if commune is None:
                report.set_aside.append(SetAside(n, f"{UNKNOWN_COMMUNE} ({sheet.sheet})", "Code commune INSEE",
                                                 r.insee_code))
                continue
            rows.append(PublishedAPL(
                commune_id=commune, profession=sheet.profession, vintage=str(sheet.vintage), apl=as_number(r.apl),
                apl_under_65=as_number(r.apl_under_65), standardised_population=as_number(r.standardised_population),
                total_population=as_number(r.total_population)))
            per_sheet[f"{sheet.profession} {sheet.vintage}"] += 1
    report.add("communes par profession et millésime", per_sheet)
    require_rows(report, len(rows), "commune")
    if check_only:
        return report
    professions = {v.profession for v in vintages}
    with transaction.atomic():
        old = PublishedAPL.objects.filter(profession__in=professions)
        previous = sorted(set(old.values_list("vintage", flat=True)))
        report.replaced = old._raw_delete(old.db)
        report.previous_vintage = ", ".join(previous)
        PublishedAPL.objects.bulk_create(rows, batch_size=BATCH)
        finish(report)
    return report


KIND = by_name("published_apl")


def read(path: Path):
    """Read ``path`` (never writes)."""
    return read_drees_apl(path)


def write(data, path: Path, check_only: bool = False) -> SupplyReport:
    """Import what :func:`read` returned, in one transaction."""
    return import_published_apl(data, file_name=path.name, check_only=check_only)
