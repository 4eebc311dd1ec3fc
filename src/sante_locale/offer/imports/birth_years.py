"""Professionals' years of birth: the local enrichment file of an ARS or URPS.

The Annuaire Santé publishes no age. A local file ``rpps_id;annee_naissance`` (read by
``core.sources.age.read_birth_years``) is written onto the professionals already imported,
in one transaction, and marks those ages ``known``.
"""

from __future__ import annotations

from pathlib import Path

from django.db import connection, transaction

from sante_locale.core.sources.age import read_birth_years
from sante_locale.core.sources.errors import SetAside
from sante_locale.offer.imports.base import (
    SupplyReport,
    finish,
    new_report,
    vintage_from_name,
)
from sante_locale.offer.imports.registry import by_name
from sante_locale.offer.models import Professional


def import_birth_years(birth_years: dict[str, int], set_aside=(), *, file_name: str,
                       check_only: bool = False) -> SupplyReport:
    """Set ``birth_year`` and ``age_status="known"`` of the professionals found in ``birth_years``.

    Identifiers absent from the database are counted as unmatched (nothing is created).
    Other professionals keep their age as it was.
    """
    report = new_report(KIND, file_name, vintage_from_name(file_name), check_only, set_aside)
    known = set(Professional.objects.filter(fictive=False).values_list("rpps_id", flat=True))
    matched = [(year, rpps_id) for rpps_id, year in birth_years.items() if rpps_id in known]
    report.add("identifiants", {"reconnus": len(matched), "inconnus de l'Annuaire Santé importé":
                                len(birth_years) - len(matched)})
    if check_only:
        return report
    table = connection.ops.quote_name(Professional._meta.db_table)
    sql = f"UPDATE {table} SET birth_year = %s, age_status = 'known' WHERE rpps_id = %s"  # noqa: S608
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.executemany(sql, matched)
        finish(report)
    return report


KIND = by_name("birth_years")


def read(path: Path):
    """Read ``path`` (never writes)."""
    aside: list[SetAside] = []
    return read_birth_years(path, set_aside=aside), aside


def write(data, path: Path, check_only: bool = False) -> SupplyReport:
    """Import what :func:`read` returned, in one transaction."""
    return import_birth_years(*data, file_name=path.name, check_only=check_only)
