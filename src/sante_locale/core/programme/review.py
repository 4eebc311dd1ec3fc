"""The annual review (bilan annuel) of a dispositif as plain data: what the DOCX, the PDF
and the page are made from, so the three say the same thing.

Examples
--------
>>> r = AnnualReview(dispositif={"name": "CLS"}, year=2025, generated_on="03/12/2026")
>>> r.title
'Bilan annuel 2025 — CLS'
>>> [s for s, _ in r.outline()][:2]
['Le dispositif', 'Programme et avancement']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sante_locale.core.portrait.model import Chart

__all__ = ["AnnualReview", "ReviewIndicator", "ReviewTable"]


@dataclass
class ReviewTable:
    """A table: French ``headers`` and ``rows`` of already formatted strings."""

    caption: str
    headers: list[str]
    rows: list[list[str]]
    numeric: tuple[int, ...] = ()  # indexes of right-aligned columns


@dataclass
class ReviewIndicator:
    code: str
    label: str
    kind_label: str
    summary: str  # one sentence: last value, target, lateness
    table: ReviewTable
    chart: Chart | None = None
    late: bool = False


@dataclass
class AnnualReview:
    dispositif: dict[str, Any]
    year: int
    generated_on: str
    fictive: bool = False
    facts: list[tuple[str, str]] = field(default_factory=list)  # the dispositif in a few lines
    progress: list[str] = field(default_factory=list)  # sentences
    actions: ReviewTable | None = None
    timeline: Chart | None = None
    indicators: list[ReviewIndicator] = field(default_factory=list)
    budget: ReviewTable | None = None
    budget_summary: str = ""
    decisions: ReviewTable | None = None
    grid: ReviewTable | None = None
    grid_chart: Chart | None = None
    grid_summary: str = ""
    lens: ReviewTable | None = None
    lens_summary: str = ""

    @property
    def title(self) -> str:
        return f"Bilan annuel {self.year} — {self.dispositif.get('name', '')}"

    def outline(self) -> list[tuple[str, str]]:
        """The sections, in order: (heading, anchor)."""
        return [("Le dispositif", "dispositif"), ("Programme et avancement", "programme"),
                ("Indicateurs", "indicateurs"), ("Budget", "budget"), ("Décisions de l'année", "decisions"),
                ("Grille d'autoévaluation", "grille"), ("Lentille inégalités", "lentille")]
