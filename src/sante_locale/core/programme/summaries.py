"""Summaries of a programme from plain rows: budget planned vs obtained, the inequalities
lens by stage, actions by status.

Examples
--------
>>> rows = [("ARS", 2025, 1000, 800), ("ARS", 2026, 500, None), ("Ville", 2025, 200, 200)]
>>> b = budget(rows)
>>> b.years, b.funders
([2025, 2026], ['ARS', 'Ville'])
>>> b.cell("ARS", 2025), b.total_planned, b.total_obtained
((1000.0, 800.0), 1700.0, 1000.0)
>>> lens([("diagnosis", "yes"), ("diagnosis", None), ("evaluation", "no")], n_actions=1).missing
['diagnostic', 'évaluation']
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sante_locale.core.programme.vocab import STAGES, STATUSES

__all__ = ["Budget", "LensSummary", "budget", "lens", "status_counts"]


@dataclass
class Budget:
    """Planned and obtained amounts by funder and year (``None`` obtained counts as 0)."""

    years: list[int]
    funders: list[str]
    cells: dict[tuple[str, int], tuple[float, float]] = field(default_factory=dict)

    def cell(self, funder: str, year: int) -> tuple[float, float]:
        return self.cells.get((funder, year), (0.0, 0.0))

    def by_funder(self, funder: str) -> tuple[float, float]:
        pairs = [self.cell(funder, y) for y in self.years]
        return sum(p for p, _ in pairs), sum(o for _, o in pairs)

    def by_year(self, year: int) -> tuple[float, float]:
        pairs = [self.cell(f, year) for f in self.funders]
        return sum(p for p, _ in pairs), sum(o for _, o in pairs)

    @property
    def total_planned(self) -> float:
        return sum(p for p, _ in self.cells.values())

    @property
    def total_obtained(self) -> float:
        return sum(o for _, o in self.cells.values())

    @property
    def obtained_share(self) -> float | None:
        return self.total_obtained / self.total_planned if self.total_planned else None


def budget(rows) -> Budget:
    """A :class:`Budget` from rows ``(funder, year, planned, obtained)``."""
    cells: dict[tuple[str, int], list[float]] = defaultdict(lambda: [0.0, 0.0])
    for funder, year, planned, obtained in rows:
        cell = cells[(str(funder), int(year))]
        cell[0] += float(planned or 0)
        cell[1] += float(obtained or 0)
    years = sorted({y for _, y in cells})
    funders = sorted({f for f, _ in cells}, key=lambda f: (-sum(v[0] for (g, _), v in cells.items() if g == f), f))
    return Budget(years, funders, {k: (v[0], v[1]) for k, v in cells.items()})


@dataclass
class LensSummary:
    """Per stage: how many answers of each kind, and how many questions are left unanswered."""

    stages: dict[str, Counter]
    n_actions: int

    @property
    def missing(self) -> list[str]:
        """French labels of the stages where the lens is missing: an unanswered question or a « non »."""
        return [STAGES[s] for s, c in self.stages.items() if c.get("missing", 0) or c.get("no", 0)]

    def share(self, stage: str, answer: str) -> float | None:
        counts = self.stages.get(stage, Counter())
        total = sum(counts.values())
        return counts.get(answer, 0) / total if total else None


def lens(answers, n_actions: int) -> LensSummary:
    """Summary from ``(stage, answer or None)`` pairs, one pair per action and question."""
    stages = {s: Counter() for s in STAGES}
    for stage, answer in answers:
        stages.setdefault(stage, Counter())[answer or "missing"] += 1
    return LensSummary(stages, n_actions)


def status_counts(statuses) -> dict[str, int]:
    """Number of actions per status key, in the order of :data:`STATUSES` (zeros kept).

    Examples
    --------
    >>> status_counts(["done", "late", "done"])["done"]
    2
    """
    counts = Counter(statuses)
    return {key: counts.get(key, 0) for key in STATUSES}
