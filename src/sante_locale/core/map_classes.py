"""The one registry of value classes: APL classes per profession, minutes to the nearest
provider. Each class carries a stable English key, its bound, its French labels and its
colour; pages, maps, charts, exports and the CLI look classes up by key, never by text.

A profession has its own APL classes or none (:func:`apl_scheme` returns ``None``): only the
DREES classes of GPs are registered today (2.5 and 4 consultations per year and per
inhabitant, both bounds in the middle class).

Examples
--------
>>> GP_APL.of(2.5).key, GP_APL.of(4.0).key, GP_APL.of(4.01).key, GP_APL.of(2.49).short
('mid', 'mid', 'high', '< 2,5')
>>> GP_APL.threshold, GP_APL.unit
(2.5, 'consultations par an et par habitant')
>>> [c.key for c in NEAREST.classes][:2], NEAREST.of(None).css
(['le5', 'le10'], 'near-5')
>>> value_class(None, GP_APL), value_class(3.0, GP_APL)
(('missing', 'non disponible'), ('apl-mid', 'de 2,5 à 4'))
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

__all__ = [
    "APL_CLASSES",
    "APL_SCHEMES",
    "COLOURS",
    "ClassScheme",
    "GP_APL",
    "MISSING",
    "NEAREST",
    "NEAREST_CLASSES",
    "ValueClass",
    "apl_scheme",
    "value_class",
]


@dataclass(frozen=True)
class ValueClass:
    """One class: values up to ``upper`` (included when ``inclusive``)."""

    key: str
    upper: float
    inclusive: bool
    css: str
    label: str  # legend label, French
    short: str  # short label for tables, CSV and the CLI, French
    colour: str

    def holds(self, value: float) -> bool:
        return value <= self.upper if self.inclusive else value < self.upper


@dataclass(frozen=True)
class ClassScheme:
    """Ordered classes of one measure, with its unit and (optionally) its threshold.

    ``threshold`` is the bound under which a commune is « sous-dense » (charts draw it);
    ``missing_last``: a missing value falls in the last class (e.g. no provider within reach)
    instead of « non disponible ». Iterating yields ``(upper, css, label)`` legend rows.
    """

    key: str
    unit: str
    classes: tuple[ValueClass, ...]
    threshold: float | None = None
    missing_last: bool = False

    def of(self, value) -> ValueClass | None:
        """The class of ``value`` (``None`` for a missing value unless ``missing_last``)."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return self.classes[-1] if self.missing_last else None
        return next((c for c in self.classes if c.holds(float(value))), self.classes[-1])

    def get(self, key: str) -> ValueClass:
        """The class of key ``key`` (``KeyError`` if unknown)."""
        for c in self.classes:
            if c.key == key:
                return c
        raise KeyError(key)

    def shorts(self, values) -> np.ndarray:
        """Short labels of ``values`` (object array; ``None`` for missing values)."""
        return np.array([getattr(self.of(v), "short", None) for v in np.asarray(values, dtype=float)], dtype=object)

    def below(self, values) -> np.ndarray:
        """Boolean mask of values under the threshold (NaN is not below)."""
        if self.threshold is None:
            raise ValueError(f"Classes « {self.key} » sans seuil.")
        return np.asarray(values, dtype=float) < self.threshold

    def __iter__(self):
        return iter([(c.upper, c.css, c.label) for c in self.classes])

    def __len__(self) -> int:
        return len(self.classes)


#: DREES classes of the GP APL: < 2.5 (sous-dense), 2.5–4 (both bounds), > 4.
GP_APL = ClassScheme("apl_medecin_generaliste", "consultations par an et par habitant", (
    ValueClass("low", 2.5, False, "apl-low", "sous-dense (moins de 2,5)", "< 2,5", "#ce614a"),
    ValueClass("mid", 4.0, True, "apl-mid", "de 2,5 à 4", "2,5 – 4", "#fcc63a"),
    ValueClass("high", math.inf, True, "apl-high", "plus de 4", "> 4", "#68a532"),
), threshold=2.5)

#: Minutes to the nearest provider (upper bounds included); missing = none within reach.
NEAREST = ClassScheme("nearest_minutes", "minutes", (
    ValueClass("le5", 5, True, "near-1", "5 min ou moins", "≤ 5 min", "#eff3ff"),
    ValueClass("le10", 10, True, "near-2", "5 à 10 min", "5 – 10 min", "#bdd7e7"),
    ValueClass("le20", 20, True, "near-3", "10 à 20 min", "10 – 20 min", "#6baed6"),
    ValueClass("le30", 30, True, "near-4", "20 à 30 min", "20 – 30 min", "#3182bd"),
    ValueClass("over30", math.inf, True, "near-5", "plus de 30 min ou aucun", "> 30 min", "#08519c"),
), missing_last=True)

#: APL classes per profession; a profession absent here has no classes (yet).
APL_SCHEMES: dict[str, ClassScheme] = {"medecin_generaliste": GP_APL}


def apl_scheme(profession: str) -> ClassScheme | None:
    """The APL classes of ``profession``, or ``None`` when it has none.

    Examples
    --------
    >>> apl_scheme("medecin_generaliste") is GP_APL, apl_scheme("infirmier")
    (True, None)
    """
    return APL_SCHEMES.get(profession)


# Names kept for the layers that take a scheme (iterable as legend rows).
APL_CLASSES = GP_APL
NEAREST_CLASSES = NEAREST
MISSING = ("missing", "non disponible")
COLOURS = {c.css: c.colour for s in (GP_APL, NEAREST) for c in s.classes} | {MISSING[0]: "#d9d9d9"}


def value_class(value, scheme: ClassScheme) -> tuple[str, str]:
    """CSS class and legend label of ``value`` in ``scheme`` (« non disponible » if missing)."""
    found = scheme.of(value)
    return MISSING if found is None else (found.css, found.label)
