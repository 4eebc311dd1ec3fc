"""The age structure of professionals (their years of birth come from ``offer.imports.birth_years``).

:func:`age_structure` summarises a set of professionals for the portraits: the share aged 60
or more is computed on *known* ages only, and the share of professionals whose age is
missing is always given with it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

SENIOR_AGE = 60


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

