"""Charts of the portrait drawn as plain, accessible SVG 1.1 (no script, no stylesheet, no
external asset), so one definition serves the web page and the PDF printed by WeasyPrint.

Every chart is a ``<svg role="img">`` with a ``<title>`` (the chart's title) and a
``<desc>`` (its description followed by the data written out in French), explicit
``font-family`` and ``fill`` colours with WCAG AA contrast on white, and numbers written the
French way. A missing value (``None``, NaN, infinity, anything not a number) is written
« n.d. »; a chart without any value says « Aucune donnée ». The output is deterministic:
the same chart gives the same bytes.

Kinds and their ``data`` (see :class:`~sante_locale.core.portrait.model.Chart`):

``"bars"``
    ``{"labels": [...], "values": [...], "references": {"Département": [...], ...},
    "decimals": 1}``: one horizontal bar per label, its value written at its end, each
    reference series as small vertical ticks (with a legend).
``"compare"``
    ``{"indicators": [...], "series": {"Territoire": [...], "France": [...]},
    "decimals": 1 or [per indicator], "units": [per indicator]}``: per indicator, one bar
    per series, each indicator on its own scale (indicators have different units).
``"strip"``
    ``{"reference_label": "Pas-de-Calais", "reference_values": [...],
    "values": [{"label": name, "value": v}], "threshold": 2.5, "decimals": 1}``: the
    reference distribution as a box (minimum, quartiles, median, maximum) and the
    territory's communes as dots on the same axis.
``"histogram"``
    ``{"bins": [edges], "counts": [...], "threshold": 2.5, "decimals": 1}``: vertical bars.
``"series"``, ``"radar"``, ``"timeline"``
    an indicator's dated values with its target line, the self-assessment grid, the
    calendar of a programme's actions: see :mod:`.series`, :mod:`.radar`, :mod:`.timeline`.

Examples
--------
>>> from sante_locale.core.portrait.model import Chart
>>> svg = render(Chart("apl", "APL", "bars", {"labels": ["Lens"], "values": [2.5],
...                                            "decimals": 1}))
>>> svg.startswith("<svg") and "2,5" in svg and 'role="img"' in svg
True
"""

from __future__ import annotations

from .bars import _bars, _compare
from .distributions import _histogram, _strip
from .radar import _radar
from .series import _series
from .svg import KINDS, MISSING, NO_DATA, PALETTE, WIDTH, fr_value, number
from .timeline import _timeline

__all__ = ["KINDS", "MISSING", "NO_DATA", "PALETTE", "WIDTH", "fr_value", "number", "render"]

_RENDERERS = {"bars": _bars, "compare": _compare, "strip": _strip, "histogram": _histogram,
              "series": _series, "radar": _radar, "timeline": _timeline}


def render(chart, width: int = WIDTH) -> str:
    """The SVG document (a string, no XML declaration, ready to inline) of ``chart``.

    Raises ``ValueError`` for an unknown ``chart.kind``; never for its data: missing
    values are written « n.d. » and a chart without any value says « Aucune donnée ».

    Examples
    --------
    >>> from sante_locale.core.portrait.model import Chart
    >>> svg = render(Chart("x", "Vide", "histogram", {"bins": [], "counts": []}))
    >>> "Aucune donnée" in svg and "nan" not in svg
    True
    """
    renderer = _RENDERERS.get(chart.kind)
    if renderer is None:
        raise ValueError(
            f"Type de graphique inconnu : {chart.kind!r} (attendu : {', '.join(KINDS)})."
        )
    return renderer(chart, int(width))
