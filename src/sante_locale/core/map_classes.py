"""The classes in which maps colour communes (APL, minutes to the nearest provider), their
colours and legend labels: one definition for the APL pages, the portrait page and the PDF."""

from __future__ import annotations

import math

from sante_locale.core.access.apl import apl_class

#: (upper bound, CSS class, legend label): DREES classes < 2.5, 2.5–4 (both bounds), > 4.
APL_CLASSES = [(2.5, "apl-low", "sous-dense (moins de 2,5)"), (4.0, "apl-mid", "de 2,5 à 4"),
               (math.inf, "apl-high", "plus de 4")]
#: (upper bound in minutes, inclusive, CSS class, legend label).
NEAREST_CLASSES = [(5, "near-1", "5 min ou moins"), (10, "near-2", "5 à 10 min"), (20, "near-3", "10 à 20 min"),
                   (30, "near-4", "20 à 30 min"), (math.inf, "near-5", "plus de 30 min ou aucun")]
COLOURS = {
    "apl-low": "#ce614a", "apl-mid": "#fcc63a", "apl-high": "#68a532",
    "near-1": "#eff3ff", "near-2": "#bdd7e7", "near-3": "#6baed6", "near-4": "#3182bd", "near-5": "#08519c",
    "missing": "#d9d9d9",
}
MISSING = ("missing", "non disponible")


def value_class(value, column: str, classes) -> tuple[str, str]:
    """CSS class and legend label of ``value`` for the map of ``column``.

    A missing APL is « non disponible »; a missing time means no provider within reach,
    the last class.

    Examples
    --------
    >>> value_class(2.5, "apl", APL_CLASSES), value_class(4.0, "apl", APL_CLASSES)[0]
    (('apl-mid', 'de 2,5 à 4'), 'apl-mid')
    >>> value_class(5.0, "nearest_minutes", NEAREST_CLASSES)[0], value_class(None, "apl", APL_CLASSES)
    ('near-1', ('missing', 'non disponible'))
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return (classes[-1][1], classes[-1][2]) if column == "nearest_minutes" else MISSING
    if column == "apl":
        position = ["< 2,5", "2,5 – 4", "> 4"].index(apl_class([value])[0])
        return classes[position][1], classes[position][2]
    for bound, css, label in classes:
        if value <= bound:
            return css, label
    return classes[-1][1], classes[-1][2]
