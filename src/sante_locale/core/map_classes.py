"""The one registry of value classes: APL classes per profession, minutes to the nearest
provider. Each class carries a stable English key, its bound, its **one** French label (the
same words in the legend, the table, the charts, the exports and the CLI) and its colour;
pages, maps, charts, exports and the CLI look classes up by key, never by text.

Only the GP classes are official (DREES: under 2.5 consultations a year per inhabitant a
commune is « sous-dense »; 2.5 and 4 both in the middle class). The other professions have
no official classes: :func:`apl_scheme` returns ``None`` for them, and a page may draw
:func:`quantile_scheme` classes instead — quintiles of the national distribution of the
communes, labelled as such, without any threshold and never « sous-dense ».

Examples
--------
>>> GP_APL.of(2.5).key, GP_APL.of(4.0).key, GP_APL.of(4.01).key, GP_APL.of(2.49).label
('mid', 'mid', 'high', 'sous-dense : moins de 2,5')
>>> GP_APL.threshold, GP_APL.unit
(2.5, 'consultations accessibles par an et par habitant')
>>> [c.key for c in NEAREST.classes][:2], NEAREST.of(None).css
(['le5', 'le10'], 'near-5')
>>> value_class(None, GP_APL), value_class(3.0, GP_APL)
(('missing', 'non disponible'), ('apl-mid', 'de 2,5 à 4'))
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sante_locale.core.formats import fr_number, rounded
from sante_locale.core.professions import GP_APL_UNIT

__all__ = [
    "APL_CLASSES",
    "APL_SCHEMES",
    "COLOURS",
    "ClassScheme",
    "GP_APL",
    "MISSING",
    "NEAREST",
    "NEAREST_CLASSES",
    "QUANTILE_COLOURS",
    "ValueClass",
    "apl_scheme",
    "quantile_scheme",
    "value_class",
]


@dataclass(frozen=True)
class ValueClass:
    """One class: values up to ``upper`` (included when ``inclusive``)."""

    key: str
    upper: float
    inclusive: bool
    css: str
    label: str  # the class's one French wording (legend, table, charts, exports, CLI)
    colour: str

    def holds(self, value: float) -> bool:
        return value <= self.upper if self.inclusive else value < self.upper


@dataclass(frozen=True)
class ClassScheme:
    """Ordered classes of one measure, with its unit and (optionally) its threshold.

    ``threshold`` is the bound under which a commune is « sous-dense » (only official
    classes have one; charts draw it); ``missing_last``: a missing value falls in the last
    class (e.g. no provider within reach) instead of « non disponible »; ``caption`` says
    where the classes come from (shown under the legend); ``official``: DREES classes.
    Iterating yields ``(upper, css, label)`` legend rows.
    """

    key: str
    unit: str
    classes: tuple[ValueClass, ...]
    threshold: float | None = None
    missing_last: bool = False
    caption: str = ""
    official: bool = False

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

    def labels(self, values) -> np.ndarray:
        """Labels of the classes of ``values`` (object array; ``None`` for missing values)."""
        return np.array([getattr(self.of(v), "label", None) for v in np.asarray(values, dtype=float)], dtype=object)

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
GP_APL = ClassScheme("apl_medecin_generaliste", GP_APL_UNIT, (
    ValueClass("low", 2.5, False, "apl-low", "sous-dense : moins de 2,5", "#ce614a"),
    ValueClass("mid", 4.0, True, "apl-mid", "de 2,5 à 4", "#fcc63a"),
    ValueClass("high", math.inf, True, "apl-high", "plus de 4", "#68a532"),
), threshold=2.5, official=True,
    caption="Classes de la DREES : une commune dont l'APL est inférieure à 2,5 est dite sous-dense.")

#: Minutes to the nearest provider (upper bounds included); missing = none within reach.
NEAREST = ClassScheme("nearest_minutes", "minutes", (
    ValueClass("le5", 5, True, "near-1", "5 min ou moins", "#eff3ff"),
    ValueClass("le10", 10, True, "near-2", "de 5 à 10 min", "#bdd7e7"),
    ValueClass("le20", 20, True, "near-3", "de 10 à 20 min", "#6baed6"),
    ValueClass("le30", 30, True, "near-4", "de 20 à 30 min", "#3182bd"),
    ValueClass("over30", math.inf, True, "near-5", "plus de 30 min ou aucun", "#08519c"),
), missing_last=True)

#: Official APL classes per profession: only the GPs have some (DREES).
APL_SCHEMES: dict[str, ClassScheme] = {"medecin_generaliste": GP_APL}

#: Colours of the quantile classes (ColorBrewer BuPu, light = lowest values): apart from
#: the red–yellow–green of the DREES classes, so that they are not read as such.
QUANTILE_COLOURS = ("#edf8fb", "#b3cde3", "#8c96c6", "#8856a7", "#810f7c")
_ORDINALS = ("1er", "2e", "3e", "4e", "5e")


def apl_scheme(profession: str) -> ClassScheme | None:
    """The official APL classes of ``profession``, or ``None`` when it has none.

    Examples
    --------
    >>> apl_scheme("medecin_generaliste") is GP_APL, apl_scheme("infirmier")
    (True, None)
    """
    return APL_SCHEMES.get(profession)


def quantile_scheme(key: str, unit: str, values, decimals: int = 1, what: str = "des communes de France"
                    ) -> ClassScheme | None:
    """Quintile classes of ``values`` (e.g. the APL of every commune of a national run),
    labelled as quintiles, never as official thresholds; ``None`` without finite values.

    Bounds are rounded (:func:`~sante_locale.core.formats.rounded`) to ``decimals`` before
    use, so that a shown value and its class always agree; repeated bounds (many equal
    values) are merged. A class holds the values from its lower bound (included) to its
    upper bound (excluded).

    Examples
    --------
    >>> s = quantile_scheme("apl_infirmier", "ETP", np.arange(1, 101), 0)
    >>> [c.label for c in s.classes][:2], s.threshold, s.of(20.9).key, s.of(21).key
    (['moins de 21 (1er quintile)', 'de 21 à moins de 41 (2e quintile)'], None, 'q1', 'q2')
    >>> quantile_scheme("x", "ETP", [np.nan]) is None
    True
    """
    finite = np.asarray(values, dtype=float)
    finite = finite[np.isfinite(finite)]
    if not finite.size:
        return None
    bounds = []
    for q in (0.2, 0.4, 0.6, 0.8):
        bound = rounded(float(np.quantile(finite, q)), decimals)
        if bound not in bounds and (not bounds or bound > bounds[-1]):
            bounds.append(bound)
    classes, lower = [], None
    n = len(bounds) + 1
    for i in range(n):
        upper = bounds[i] if i < len(bounds) else math.inf
        rank = _ORDINALS[i] if n == 5 else f"{i + 1}e"
        part = "quintile" if n == 5 else f"classe sur {n}"
        if lower is None:
            text = f"moins de {fr_number(upper, decimals)}" if upper != math.inf else "toutes les valeurs"
        elif upper == math.inf:
            text = f"{fr_number(lower, decimals)} ou plus"
        else:
            text = f"de {fr_number(lower, decimals)} à moins de {fr_number(upper, decimals)}"
        shade = round(i * (len(QUANTILE_COLOURS) - 1) / max(n - 1, 1))
        classes.append(ValueClass(f"q{i + 1}", upper, False, f"quint-{shade + 1}", f"{text} ({rank} {part})",
                                  QUANTILE_COLOURS[shade]))
        lower = upper
    caption = (f"Classes non officielles : quintiles de l'APL {what} (un cinquième des communes dans chaque "
               "classe). La DREES ne fixe de seuil que pour les médecins généralistes.")
    return ClassScheme(key, unit, tuple(classes), caption=caption)


# Names kept for the layers that take a scheme (iterable as legend rows).
APL_CLASSES = GP_APL
NEAREST_CLASSES = NEAREST
MISSING = ("missing", "non disponible")
COLOURS = {c.css: c.colour for s in (GP_APL, NEAREST) for c in s.classes} | {
    f"quint-{i + 1}": colour for i, colour in enumerate(QUANTILE_COLOURS)} | {MISSING[0]: "#d9d9d9"}


def value_class(value, scheme: ClassScheme) -> tuple[str, str]:
    """CSS class and label of ``value`` in ``scheme`` (« non disponible » if missing)."""
    found = scheme.of(value)
    return MISSING if found is None else (found.css, found.label)
