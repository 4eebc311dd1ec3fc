"""The portrait de territoire as plain data: what every output (page, PDF, spreadsheet,
GIS layers, CSV) is made from. Nothing here knows the web or the database.

Every figure carries its unit, source and vintage, and whether an input is fictive.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

#: What every output writes where an input was not imported (never « 0 »): in a figure, in
#: each cell of a column or table that depends on it. The sources page says why, once
#: (:class:`Unavailable`).
UNAVAILABLE = "donnée non disponible"


@dataclass
class Figure:
    """One indicator of the territory, with its comparisons (département, région, France…).

    Examples
    --------
    >>> f = Figure("density", "Densité", 1009.0, "hab./km²", "INSEE, population municipale", "2017")
    >>> f.is_missing, f.comparisons
    (False, {})
    """

    key: str
    label: str
    value: float | int | None
    unit: str
    source: str
    vintage: str
    fictive: bool = False
    comparisons: dict[str, float | int | None] = field(default_factory=dict)
    decimals: int = 0
    note: str = ""
    unavailable: bool = False  # its input is not imported: shown « donnée non disponible »

    @property
    def is_missing(self) -> bool:
        return self.unavailable or self.value is None or (isinstance(self.value, float) and math.isnan(self.value))


@dataclass
class Column:
    key: str
    label: str
    unit: str = ""
    decimals: int = 0


@dataclass
class Table:
    """Rows of dicts keyed by ``columns[i].key``."""

    key: str
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    source: str = ""
    note: str = ""


@dataclass
class Chart:
    """A chart definition shared by the page and the PDF (rendered by ``core.charts``).

    ``kind``: ``"bars"`` (one series per label, horizontal bars), ``"compare"`` (the
    territory against references, per indicator) or ``"strip"`` (the values of the
    territory's communes against the distribution of a reference, e.g. the département).
    ``data`` depends on the kind; see ``core.charts``.
    """

    key: str
    title: str
    kind: str
    data: dict[str, Any]
    unit: str = ""
    source: str = ""
    description: str = ""


@dataclass
class MapLayer:
    """A map of the territory's communes coloured by ``column`` in ``classes`` (a
    :class:`~sante_locale.core.map_classes.ClassScheme`; a layer of ``points`` lists
    ``(upper_bound, css_class, label)`` legend rows instead)."""

    key: str
    title: str
    column: str
    classes: Any
    source: str = ""
    points: list[dict[str, Any]] = field(default_factory=list)  # lon, lat, name, kind: drawn over the communes


@dataclass
class Section:
    key: str
    title: str
    figures: list[Figure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    maps: list[MapLayer] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Source:
    """A source as a person cites it: ``vintage`` is a data year or date (« 2017 »,
    « extraction du 12/05/2026 »), never the version of a package."""

    name: str
    vintage: str
    detail: str = ""
    fictive: bool = False


@dataclass
class Unavailable:
    """An input the portrait lacks: ``what`` and ``why`` are said once on the sources page
    (page, PDF, spreadsheet); ``how`` is the administrator's instruction, shown to
    administrators only, on pages only (never in a file)."""

    key: str
    what: str
    why: str
    how: str = ""


@dataclass
class Portrait:
    """A territory's portrait.

    ``communes`` is the one-line-per-commune table with every indicator (also the GIS
    layer: ``geometries`` maps ``insee_code`` to a shapely geometry in WGS84).
    """

    territory: dict[str, Any]
    generated_at: str
    sections: list[Section]
    highlights: list[str]
    communes: Table
    geometries: dict[str, Any] = field(default_factory=dict)
    sources: list[Source] = field(default_factory=list)
    parameters: dict[str, Any] = field(default_factory=dict)
    fictive: bool = False
    unavailable: list[Unavailable] = field(default_factory=list)
    method_notes: list[str] = field(default_factory=list)  # French, the same on the page, the PDF, the XLSX

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    def figure(self, key: str) -> Figure:
        """The figure ``key`` wherever it stands.

        Examples
        --------
        >>> p = Portrait({"name": "X"}, "2026-11-23", [Section("d", "Démographie",
        ...     [Figure("population", "Population", 12, "hab.", "INSEE", "2022")])], [],
        ...     Table("communes", "Communes", [], []))
        >>> p.figure("population").value
        12
        """
        for section in self.sections:
            for figure in section.figures:
                if figure.key == key:
                    return figure
        raise KeyError(key)
