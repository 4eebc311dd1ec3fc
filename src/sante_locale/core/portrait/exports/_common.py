"""What every export shares: cleaned cell values, French headers, atomic writes."""

from __future__ import annotations

import math
import numbers

import numpy as np

from sante_locale.core.formats import prose, rounded
from sante_locale.core.formulas import guard


def clean(value):
    """A value fit for a file: plain Python, ``None`` for missing (NaN, infinity).

    Examples
    --------
    >>> import numpy as np

from sante_locale.core.formats import prose, rounded
    >>> clean(np.float64(2.5)), clean(float("nan")), clean(np.int64(3)), clean(np.bool_(True))
    (2.5, None, 3, True)
    """
    if value is None:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        value = float(value)
        return value if math.isfinite(value) else None
    return value


def cell(value, column=None):
    """A table value for a file: :func:`clean`, then a decimal number rounded as the pages
    show it (:func:`~sante_locale.core.formats.rounded` with the column's decimals), so that a
    file and a page never disagree; integers and text are left as they are.

    Examples
    --------
    >>> from sante_locale.core.portrait.model import Column
    >>> cell(3.2849, Column("apl", "APL", "consultations", 2)), cell(31415, Column("p", "P", "hab.")), cell("x")
    (3.28, 31415, 'x')
    """
    value = clean(value)
    if column is not None and isinstance(value, float) and column.unit:
        return rounded(value, column.decimals)
    return value


def header(label: str, unit: str = "") -> str:
    """A column header with its unit (French typography of :func:`~sante_locale.core.formats.prose`).

    Examples
    --------
    >>> header("Densité", "hab./km²"), header("Commune"), header("Part d'ETP", "%")
    ('Densité (hab./km²)', 'Commune', 'Part d’ETP (%)')
    """
    return prose(f"{label} ({unit})" if unit else label)


def safe_text(text: str) -> str:
    """Text that a spreadsheet will not take for a formula (CSV injection).

    Examples
    --------
    >>> safe_text("=1+1"), safe_text("Lens")
    ("'=1+1", 'Lens')
    """
    return guard(text)


def sources_text(portrait) -> str:
    """One line naming every source with its vintage, and the fictive flag.

    Examples
    --------
    >>> from sante_locale.core.portrait.model import Portrait, Source, Table
    >>> p = Portrait({}, "2026", [], [], Table("c", "C", [], []),
    ...              sources=[Source("INSEE", "2022"), Source("Démo", "1", fictive=True)])
    >>> sources_text(p)
    'Sources : INSEE, 2022 ; Démo, 1 (données fictives).'
    """
    parts = []
    for source in portrait.sources:
        extra = " (données fictives)" if source.fictive else ""
        parts.append(f"{source.name}{', ' + source.vintage if source.vintage else ''}{extra}")
    text = "Sources : " + " ; ".join(parts) + "." if parts else ""
    if portrait.fictive and not any(s.fictive for s in portrait.sources):
        text = (text + " " if text else "") + "Contient des données fictives."
    return text
