"""INSEE population by age band of each commune."""

from __future__ import annotations

from pathlib import Path

from sante_locale.core.sources.errors import SetAside
from sante_locale.core.sources.insee import read_insee_population
from sante_locale.offer.imports.base import (
    BATCH,
    UNKNOWN_COMMUNE,
    SupplyReport,
    as_number,
    commune_ids,
    new_report,
    replacing,
    require_rows,
    wipe,
)
from sante_locale.offer.imports.registry import by_name
from sante_locale.territories.models import PopulationByAge


def import_population(table, *, file_name: str, check_only: bool = False) -> SupplyReport:
    """Replace the population by age by ``table`` (a ``PopulationTable``): one vintage at a time."""
    report = new_report(KIND, file_name, str(table.vintage), check_only)
    communes = commune_ids()
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
            bands={c: float(values[c]) for c in band_columns if as_number(values[c]) is not None}))
    report.add("communes", {"total": len(rows)})
    report.add("tranches d'âge", {"total": len(band_columns)})
    require_rows(report, len(rows), "commune")
    if check_only:
        return report
    with replacing(report, lambda: wipe(PopulationByAge)):
        PopulationByAge.objects.bulk_create(rows, batch_size=BATCH)
    return report


KIND = by_name("population")


def read(path: Path):
    """Read ``path`` (never writes)."""
    return read_insee_population(path)


def write(data, path: Path, check_only: bool = False) -> SupplyReport:
    """Import what :func:`read` returned, in one transaction."""
    return import_population(data, file_name=path.name, check_only=check_only)
