"""The SVG building blocks of the charts: colours, French numbers, text, ticks, legends."""

from __future__ import annotations

import math
import numbers
import re
import textwrap
from xml.sax.saxutils import escape

import numpy as np

from sante_locale.core.formats import NBSP, fr_number

FONT = "DejaVu Sans, Arial, sans-serif"
WIDTH = 640
BACKGROUND = "#ffffff"
TEXT = "#161616"  # 18:1 on white
MUTED = "#595959"  # 7:1 on white
AXIS = "#6a6a6a"
# Series colours, each at least 4.5:1 on white (so also usable for text).
PALETTE = ("#000091", "#ce0500", "#18753c", "#6a6a6a", "#a558a0", "#716043", "#b34000")
REFERENCE_COLOURS = ("#ce0500", "#161616", "#18753c", "#a558a0")
REFERENCE_DASHES = ("", "3 2", "1 2", "5 1")
BOX_FILL = "#e3e3fd"
MISSING = "n.d."
NO_DATA = "Aucune donnée"
CHAR_WIDTH = 0.6  # average DejaVu Sans advance, in em
KINDS = ("bars", "compare", "strip", "histogram", "series", "radar", "timeline")
MAX_LANES = 8  # rows of stacked dots in a strip before dots overlap


# ---------------------------------------------------------------- small helpers


def number(value) -> float | None:
    """``value`` as a finite float, or ``None`` when it is missing or not a number.

    Examples
    --------
    >>> number(2), number(float("nan")), number(None), number("3"), number(True)
    (2.0, None, None, None, None)
    """
    if isinstance(value, bool | np.bool_) or not isinstance(value, numbers.Real):
        return None
    value = float(value)
    return value if math.isfinite(value) else None


def fr_value(value, decimals: int = 0, unit: str = "") -> str:
    """A value in French with its unit, or « n.d. ».

    Examples
    --------
    >>> fr_value(1234.5, 1, "hab."), fr_value(float("nan")), fr_value(-0.001, 2)
    ('1\\u202f234,5\\xa0hab.', 'n.d.', '0,00')
    """
    value = number(value)
    if value is None:
        return MISSING
    text = fr_number(value, decimals)  # rounded once, « − » for negatives, never « −0 »
    return f"{text}{NBSP}{unit}" if unit else text


def _f(x: float) -> str:
    """A coordinate, rounded to 0.1 px, written without a useless ``.0``."""
    text = f"{round(x, 1):.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


def _attrs(attrs: dict) -> str:
    out = []
    for name, value in attrs.items():
        if value is None or value == "":
            continue
        if isinstance(value, float):
            value = _f(value)
        out.append(f'{name.replace("_", "-")}="{escape(str(value), {chr(34): "&quot;"})}"')
    return " ".join(out)


def _el(tag: str, content: str | None = None, **attrs) -> str:
    head = f"<{tag} {_attrs(attrs)}" if attrs else f"<{tag}"
    if content is None:
        return head + "/>"
    return f"{head}>{content}</{tag}>"


def _text(x, y, content, size=12, fill=TEXT, anchor="start", weight=None, cls=None) -> str:
    return _el("text", escape(content), x=float(x), y=float(y), font_size=size, fill=fill,
               text_anchor=None if anchor == "start" else anchor, font_weight=weight,
               **({"class": cls} if cls else {}))


def _truncate(label: str, chars: int) -> str:
    label = " ".join(str(label).split())
    return label if len(label) <= chars else label[: max(chars - 1, 1)].rstrip() + "…"


def _text_width(text: str, size: float = 12) -> float:
    return len(text) * size * CHAR_WIDTH


def _wrap(label: str, width: float, size: float = 12) -> list[str]:
    """``label`` broken into lines that fit ``width`` pixels (at spaces, after hyphens), so that
    a long name is written whole rather than cut (``textwrap`` does the breaking).

    Examples
    --------
    >>> _wrap("Communauté d'agglomération de Lens - Liévin", 180, 11)
    ["Communauté d'agglomération", 'de Lens - Liévin']
    >>> _wrap("Lens", 180)
    ['Lens']
    """
    chars = max(int(width / (size * CHAR_WIDTH)), 8)
    return textwrap.wrap(" ".join(str(label).split()), chars, break_on_hyphens=True) or [""]


def _lines(x, y_middle, lines: list[str], size=12, fill=TEXT, anchor="start", line_height=None) -> str:
    """A ``<text>`` of several lines (``<tspan>``), vertically centred on ``y_middle`` (one
    line: a plain ``<text>``, as before labels could wrap)."""
    if len(lines) == 1:
        return _text(x, y_middle + 4, lines[0], size=size, fill=fill, anchor=anchor)
    step = line_height or size * 1.15
    first = y_middle + size * 0.33 - step * (len(lines) - 1) / 2
    spans = "".join(_el("tspan", escape(line), x=float(x), y=float(first + i * step)) for i, line in enumerate(lines))
    return _el("text", spans, font_size=size, fill=fill, text_anchor=None if anchor == "start" else anchor)


def _nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values covering ``[lo, hi]``.

    Examples
    --------
    >>> _nice_ticks(0, 7.3)
    [0.0, 2.0, 4.0, 6.0, 8.0]
    """
    if hi <= lo:
        hi = lo + 1
    raw = (hi - lo) / max(count - 1, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.floor(lo / step + 1e-9) * step
    ticks, t = [], first
    while t < hi + step * 0.999:
        ticks.append(round(t, 10) + 0.0)
        t += step
    return ticks


def _decimals_for(step: float) -> int:
    return max(0, -math.floor(math.log10(step) + 1e-9)) if step > 0 else 0


def _svg(chart, width: int, height: float, body: list[str], summary: str) -> str:
    ident = re.sub(r"[^A-Za-z0-9_-]", "-", f"chart-{chart.key}")
    summary = summary.rstrip(".") + "." if summary else ""
    description = " ".join(p for p in (chart.description.strip(), summary) if p)
    if chart.source:
        description += f" Source : {chart.source}."
    height = math.ceil(height)
    head = _el(
        "svg", None, xmlns="http://www.w3.org/2000/svg", version="1.1", width=width,
        height=height, viewBox=f"0 0 {width} {height}", role="img",
        aria_labelledby=f"{ident}-title {ident}-desc", font_family=FONT,
    )[:-2] + ">"
    parts = [
        head,
        _el("title", escape(chart.title), id=f"{ident}-title"),
        _el("desc", escape(description), id=f"{ident}-desc"),
        _el("rect", x=0, y=0, width=width, height=height, fill=BACKGROUND),
        *body,
        "</svg>",
    ]
    return "\n".join(parts) + "\n"


def _empty(chart, width: int) -> str:
    body = [_text(width / 2, 34, NO_DATA, size=14, fill=MUTED, anchor="middle", cls="empty")]
    return _svg(chart, width, 56, body, NO_DATA + ".")


def _legend(items: list[tuple[str, str]], x0: float, y: float, width: float) -> list[str]:
    """Legend entries ``(svg mark at origin 0, label)`` laid left to right from ``x0``."""
    out, x = [], x0
    for mark, label in items:
        span = 18 + _text_width(label, 11) + 16
        if x + span > width and x > x0:
            x, y = x0, y + 18
        out.append(f'<g transform="translate({_f(x)},{_f(y)})">{mark}'
                   f'{_text(18, 4, label, size=11)}</g>')
        x += span
    return out


def _legend_height(items: list[tuple[str, str]], x0: float, width: float) -> float:
    lines, x = 1, x0
    for _, label in items:
        span = 18 + _text_width(label, 11) + 16
        if x + span > width and x > x0:
            lines, x = lines + 1, x0
        x += span
    return lines * 18


def _swatch(colour: str) -> str:
    return _el("rect", x=0, y=-5, width=12, height=10, fill=colour)


def _tick_mark(colour: str, dash: str) -> str:
    return _el("line", x1=6, y1=-7, x2=6, y2=7, stroke=colour, stroke_width=2,
               stroke_dasharray=dash or None)


def _list(value) -> list:
    if value is None or isinstance(value, str | bytes | dict):
        return []
    try:
        return list(value)
    except TypeError:
        return []
