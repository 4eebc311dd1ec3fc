"""Professionals' years of birth: the local enrichment import and the age structure.

The Annuaire Santé publishes no age. An ARS or URPS may hand over a local file
``rpps_id;annee_naissance`` (read by ``core.sources.age.read_birth_years``);
:func:`import_birth_years` writes it onto the professionals already imported, in one
transaction, and marks those ages ``known``. :func:`age_structure` summarises a set of
professionals for the portraits: the share aged 60 or more is computed on *known* ages only,
and the share of professionals whose age is missing is always given with it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Count

from sante_locale.offer.importers import SupplyReport, _finish, vintage_from_name
from sante_locale.offer.models import Professional

SENIOR_AGE = 60


def import_birth_years(birth_years: dict[str, int], set_aside=(), *, file_name: str,
                       check_only: bool = False) -> SupplyReport:
    """Set ``birth_year`` and ``age_status="known"`` of the professionals found in ``birth_years``.

    Identifiers absent from the database are counted as unmatched (nothing is created).
    Other professionals keep their age as it was.
    """
    report = SupplyReport("ages", file_name, vintage_from_name(file_name), check_only, set_aside=list(set_aside))
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
        _finish(report)
    return report


@dataclass(frozen=True)
class AgeStructure:
    """Counts by age status and the share aged 60+ (on known ages only)."""

    known: int
    estimated: int
    missing: int
    aged_60_plus: int
    reference_year: int

    @property
    def total(self) -> int:
        return self.known + self.estimated + self.missing

    @property
    def share_60_plus(self) -> float | None:
        """Share of professionals aged 60 or more among those whose age is known (None if none)."""
        return self.aged_60_plus / self.known if self.known else None

    @property
    def share_missing(self) -> float | None:
        """Share of professionals whose age is missing (None if there is nobody)."""
        return self.missing / self.total if self.total else None


def age_structure(professionals, reference_year: int) -> AgeStructure:
    """Summarise the ages of ``professionals`` (a ``Professional`` queryset) in ``reference_year``.

    Age is ``reference_year - birth_year`` (only the year of birth is known). Estimated
    ages are counted but never used for the share aged 60+.
    """
    counts = dict.fromkeys(("known", "estimated", "missing"), 0)
    for status, n in professionals.order_by().values_list("age_status").annotate(n=Count("pk")):
        counts[status] = counts.get(status, 0) + n
    senior = professionals.filter(age_status="known", birth_year__isnull=False,
                                  birth_year__lte=reference_year - SENIOR_AGE).count()
    return AgeStructure(counts["known"], counts["estimated"], counts["missing"], senior, reference_year)

