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

Examples
--------
>>> from sante_locale.core.portrait.model import Chart
>>> svg = render(Chart("apl", "APL", "bars", {"labels": ["Lens"], "values": [2.5],
...                                            "decimals": 1}))
>>> svg.startswith("<svg") and "2,5" in svg and 'role="img"' in svg
True
"""

from __future__ import annotations

import math
import numbers
import re
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
KINDS = ("bars", "compare", "strip", "histogram")
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
    >>> fr_value(1234.5, 1, "hab."), fr_value(float("nan"))
    ('1\\xa0234,5\\xa0hab.', 'n.d.')
    """
    value = number(value)
    if value is None:
        return MISSING
    text = fr_number(value, decimals)
    if text in ("-0", "-0," + "0" * decimals):
        text = text[1:]
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


# ---------------------------------------------------------------- bars


def _bars(chart, width: int) -> str:
    data = chart.data or {}
    labels = [str(v) for v in _list(data.get("labels"))]
    raw = _list(data.get("values"))
    values = [number(raw[i]) if i < len(raw) else None for i in range(len(labels))]
    references = {
        str(name): [number(v) for v in _list(series)][: len(labels)]
        for name, series in (data.get("references") or {}).items()
    }
    decimals = int(data.get("decimals", 0) or 0)
    present = [v for v in values if v is not None]
    present_refs = [v for s in references.values() for v in s if v is not None]
    if not labels or not present and not present_refs:
        return _empty(chart, width)

    lo = min([0.0, *present, *present_refs])
    hi = max([0.0, *present, *present_refs])
    if hi == lo:
        hi = lo + 1.0
    label_chars = 34
    label_w = min(max(_text_width(_truncate(s, label_chars)) for s in labels) + 12, width * 0.4)
    value_w = max(_text_width(fr_value(v, decimals, chart.unit)) for v in values) + 10
    x0 = label_w
    plot_left = x0 + (value_w if lo < 0 else 0)
    plot_right = width - value_w - 6
    scale = (plot_right - plot_left) / (hi - lo)

    def x(v: float) -> float:
        return plot_left + (v - lo) * scale

    legend = [
        (_tick_mark(REFERENCE_COLOURS[i % 4], REFERENCE_DASHES[i % 4]), name)
        for i, name in enumerate(references)
    ]
    top = 8 + (_legend_height(legend, x0, width) + 6 if legend else 0)
    row = 26
    body = _legend(legend, x0, 8 + 9, width) if legend else []
    zero = x(0.0)
    body.append(_el("line", x1=zero, y1=top, x2=zero, y2=top + row * len(labels),
                    stroke=AXIS, stroke_width=1))
    summary = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = top + i * row
        mid = y + row / 2
        text = fr_value(value, decimals, chart.unit)
        summary.append(f"{label} : {text}")
        parts = [_el("title", escape(f"{label} : {text}")),
                 _text(x0 - 8, mid + 4, _truncate(label, label_chars), anchor="end")]
        refs = [s[i] for s in references.values() if i < len(s) and s[i] is not None]
        if value is None:
            after = max([zero, *(x(r) for r in refs if r >= 0)])
            parts.append(_text(after + 4, mid + 4, MISSING, fill=MUTED, cls="missing"))
        else:
            start, end = sorted((zero, x(value)))
            parts.append(_el("rect", x=start, y=mid - 7, width=max(end - start, 0.0), height=14,
                             fill=PALETTE[0], **{"class": "bar"}))
            if value >= 0:
                after = max([end, *(x(r) for r in refs if r >= 0)])
                parts.append(_text(after + 6, mid + 4, text, cls="value"))
            else:
                before = min([start, *(x(r) for r in refs if r < 0)])
                parts.append(_text(before - 6, mid + 4, text, anchor="end", cls="value"))
        for j, (name, series) in enumerate(references.items()):
            ref = series[i] if i < len(series) else None
            if ref is None:
                continue
            summary[-1] += f", {name} {fr_value(ref, decimals, chart.unit)}"
            parts.append(_el(
                "line", x1=x(ref), y1=mid - 10, x2=x(ref), y2=mid + 10,
                stroke=REFERENCE_COLOURS[j % 4], stroke_width=2,
                stroke_dasharray=REFERENCE_DASHES[j % 4] or None, **{"class": "reference"},
            ))
        body.append("<g>" + "".join(parts) + "</g>")
    return _svg(chart, width, top + row * len(labels) + 8, body, " ; ".join(summary) + ".")


# ---------------------------------------------------------------- compare


def _per_indicator(value, index: int, default):
    if isinstance(value, list | tuple):
        return value[index] if index < len(value) and value[index] is not None else default
    return default if value is None else value


def _compare(chart, width: int) -> str:
    data = chart.data or {}
    indicators = [str(v) for v in _list(data.get("indicators"))]
    series = {
        str(name): [number(v) for v in _list(vals)]
        for name, vals in (data.get("series") or {}).items()
    }
    all_values = [v for vals in series.values() for v in vals[: len(indicators)] if v is not None]
    if not indicators or not series or not all_values:
        return _empty(chart, width)
    names = list(series)
    colours = {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(names)}
    legend = [(_swatch(colours[name]), name) for name in names]
    label_w = min(max(_text_width(n, 11) for n in names) + 16, width * 0.3)
    top = 8 + _legend_height(legend, 8, width) + 8
    body = _legend(legend, 8, 8 + 9, width)
    value_w = 110
    bar_h, gap, heading = 12, 4, 22
    y = top
    summary = []
    for i, indicator in enumerate(indicators):
        decimals = int(_per_indicator(data.get("decimals"), i, 0) or 0)
        unit = str(_per_indicator(data.get("units"), i, chart.unit) or "")
        values = [(name, vals[i] if i < len(vals) else None) for name, vals in series.items()]
        present = [v for _, v in values if v is not None]
        lo, hi = min([0.0, *present]), max([0.0, *present])
        if hi == lo:
            hi = lo + 1.0
        plot_left = label_w + (value_w if lo < 0 else 0)
        scale = (width - value_w - plot_left) / (hi - lo)
        zero = plot_left - lo * scale
        parts = [_text(8, y + 15, _truncate(indicator, 90), weight="bold")]
        y += heading
        texts = []
        for name, value in values:
            mid = y + bar_h / 2
            text = fr_value(value, decimals, unit)
            texts.append(f"{name} {text}")
            parts.append(_text(label_w - 6, mid + 4, name, size=11, fill=MUTED, anchor="end"))
            if value is None:
                parts.append(_text(zero + 4, mid + 4, MISSING, size=11, fill=MUTED,
                                   cls="missing"))
            else:
                start, end = sorted((zero, zero + value * scale))
                parts.append(_el("rect", x=start, y=y, width=end - start, height=bar_h,
                                 fill=colours[name], **{"class": "bar"}))
                if value >= 0:
                    parts.append(_text(end + 4, mid + 4, text, size=11, cls="value"))
                else:
                    parts.append(_text(start - 4, mid + 4, text, size=11, anchor="end",
                                       cls="value"))
            y += bar_h + gap
        parts.append(_el("line", x1=zero, y1=y - len(values) * (bar_h + gap) - 2, x2=zero,
                         y2=y - gap + 2, stroke=AXIS, stroke_width=1))
        summary.append(f"{indicator} : " + ", ".join(texts))
        body.append("<g>" + "".join(parts) + "</g>")
        y += 6
    return _svg(chart, width, y + 4, body, " ; ".join(summary) + ".")


# ---------------------------------------------------------------- axes (strip, histogram)


def _x_axis(ticks: list[float], x, y: float, decimals: int) -> list[str]:
    out = [_el("line", x1=x(ticks[0]), y1=y, x2=x(ticks[-1]), y2=y, stroke=AXIS,
               stroke_width=1)]
    for t in ticks:
        out.append(_el("line", x1=x(t), y1=y, x2=x(t), y2=y + 4, stroke=AXIS, stroke_width=1))
        out.append(_text(x(t), y + 16, fr_value(t, decimals), size=11, fill=MUTED,
                         anchor="middle"))
    return out


def _threshold(value: float, x, y_top: float, y_bottom: float, decimals: int, unit: str,
               width: int) -> list[str]:
    label = f"Seuil : {fr_value(value, decimals, unit)}"
    anchor = "end" if x(value) > width * 0.7 else "start"
    tx = x(value) - 4 if anchor == "end" else x(value) + 4
    return [
        _el("line", x1=x(value), y1=y_top, x2=x(value), y2=y_bottom, stroke=REFERENCE_COLOURS[0],
            stroke_width=2, stroke_dasharray="5 3", **{"class": "threshold"}),
        _text(tx, y_top + 10, label, size=11, fill=REFERENCE_COLOURS[0], anchor=anchor),
    ]


# ---------------------------------------------------------------- strip


def _strip(chart, width: int) -> str:
    data = chart.data or {}
    reference = sorted(v for v in map(number, _list(data.get("reference_values"))) if v is not None)
    points = []
    for item in _list(data.get("values")):
        if isinstance(item, dict):
            points.append((str(item.get("label", "")), number(item.get("value"))))
    threshold = number(data.get("threshold"))
    decimals = int(data.get("decimals", 1) or 0)
    ref_label = str(data.get("reference_label") or "Référence")
    present = [v for _, v in points if v is not None]
    if not reference and not present:
        return _empty(chart, width)
    domain = [*reference, *present, *([threshold] if threshold is not None else [])]
    lo, hi = min(domain), max(domain)
    if hi == lo:
        pad = max(abs(lo) * 0.1, 1.0)
        lo, hi = lo - pad, hi + pad
    ticks = _nice_ticks(lo, hi)
    label_w = min(max(_text_width(ref_label), _text_width("Territoire")) + 16, width * 0.3)
    left, right = label_w + 8, width - 24
    lo, hi = ticks[0], ticks[-1]

    def x(v: float) -> float:
        return left + (v - lo) * (right - left) / (hi - lo)

    top = 24
    box_mid = top + 22
    body, summary = [], []
    if reference:
        q = np.percentile(reference, [0, 25, 50, 75, 100])
        mn, q1, med, q3, mx = (float(v) for v in q)
        body.append("<g>" + "".join([
            _el("title", escape(
                f"{ref_label} ({len(reference)} communes) : minimum {fr_value(mn, decimals)}, "
                f"1er quartile {fr_value(q1, decimals)}, médiane {fr_value(med, decimals)}, "
                f"3e quartile {fr_value(q3, decimals)}, maximum {fr_value(mx, decimals)}")),
            _text(label_w, box_mid + 4, _truncate(ref_label, 30), anchor="end"),
            _el("line", x1=x(mn), y1=box_mid, x2=x(mx), y2=box_mid, stroke=PALETTE[0],
                stroke_width=1),
            _el("line", x1=x(mn), y1=box_mid - 6, x2=x(mn), y2=box_mid + 6, stroke=PALETTE[0],
                stroke_width=1),
            _el("line", x1=x(mx), y1=box_mid - 6, x2=x(mx), y2=box_mid + 6, stroke=PALETTE[0],
                stroke_width=1),
            _el("rect", x=x(q1), y=box_mid - 10, width=x(q3) - x(q1), height=20, fill=BOX_FILL,
                stroke=PALETTE[0], stroke_width=1, **{"class": "box"}),
            _el("line", x1=x(med), y1=box_mid - 10, x2=x(med), y2=box_mid + 10,
                stroke=PALETTE[0], stroke_width=2, **{"class": "median"}),
        ]) + "</g>")
        summary.append(f"{ref_label}, {len(reference)} communes : minimum "
                       f"{fr_value(mn, decimals)}, médiane {fr_value(med, decimals)}, maximum "
                       f"{fr_value(mx, decimals)}")
    # Dots, stacked in lanes when they would overlap (a deterministic beeswarm).
    radius, lanes_end = 4.5, []
    placed = []
    for label, value in sorted(((lbl, v) for lbl, v in points if v is not None),
                               key=lambda p: (p[1], p[0])):
        px = x(value)
        lane = next((i for i, end in enumerate(lanes_end) if px - end >= 2 * radius + 1), None)
        if lane is None and len(lanes_end) < MAX_LANES:
            lane = len(lanes_end)
            lanes_end.append(px)
        elif lane is None:  # crowded: overlap in the lane that has room soonest
            lane = min(range(MAX_LANES), key=lambda i: (lanes_end[i], i))
        lanes_end[lane] = px
        placed.append((label, value, px, lane))
    dots_top = box_mid + 26
    lane_h = 2 * radius + 2
    n_lanes = max(len(lanes_end), 1)
    dots_mid = dots_top + radius + 2
    body.append(_text(label_w, dots_mid + 4, "Territoire", anchor="end"))
    for label, value, px, lane in placed:
        text = f"{label} : {fr_value(value, decimals, chart.unit)}"
        body.append(_el("circle", _el("title", escape(text)), cx=px,
                        cy=float(dots_mid + lane * lane_h), r=radius, fill=PALETTE[0],
                        stroke=BACKGROUND, stroke_width=1, **{"class": "dot"}))
    missing = [lbl for lbl, v in points if v is None]
    axis_y = dots_top + n_lanes * lane_h + 8
    if missing:
        noun = "commune" if len(missing) == 1 else "communes"
        body.append(_text(left, axis_y + 34, f"{len(missing)} {noun} du territoire : {MISSING}",
                          size=11, fill=MUTED, cls="missing"))
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
    body.extend(_x_axis(ticks, x, axis_y, max(_decimals_for(step), 0)))
    if threshold is not None:
        body.extend(_threshold(threshold, x, 4, axis_y, decimals, chart.unit, width))
    summary.append("communes du territoire : " + ", ".join(
        f"{lbl} {fr_value(v, decimals, chart.unit)}" for lbl, v in points))
    if threshold is not None:
        summary.append(f"seuil {fr_value(threshold, decimals, chart.unit)}")
    height = axis_y + (44 if missing else 26)
    return _svg(chart, width, height, body, " ; ".join(summary) + ".")


# ---------------------------------------------------------------- histogram


def _histogram(chart, width: int) -> str:
    data = chart.data or {}
    edges = [number(v) for v in _list(data.get("bins"))]
    counts = [number(v) for v in _list(data.get("counts"))]
    n = min(max(len(edges) - 1, 0), len(counts))
    bins = [(edges[i], edges[i + 1], counts[i]) for i in range(n)
            if edges[i] is not None and edges[i + 1] is not None and edges[i + 1] > edges[i]]
    if not bins or all(c is None for _, _, c in bins):
        return _empty(chart, width)
    threshold = number(data.get("threshold"))
    decimals = int(data.get("decimals", 1) or 0)
    lo, hi = bins[0][0], bins[-1][1]
    lo, hi = min(b[0] for b in bins), max(b[1] for b in bins)
    if threshold is not None:
        lo, hi = min(lo, threshold), max(hi, threshold)
    top_count = max([c for _, _, c in bins if c is not None] + [1.0])
    y_ticks = _nice_ticks(0, top_count, 4)
    left, right, top, bottom = 44, width - 16, 24, 180
    plot_h = bottom - top

    def x(v: float) -> float:
        return left + (v - lo) * (right - left) / (hi - lo)

    def y(c: float) -> float:
        return bottom - c * plot_h / y_ticks[-1]

    body = []
    for t in y_ticks:
        body.append(_el("line", x1=left, y1=y(t), x2=right, y2=y(t), stroke="#dddddd",
                        stroke_width=1))
        body.append(_text(left - 6, y(t) + 4, fr_value(t, 0), size=11, fill=MUTED, anchor="end"))
    summary = []
    for start, end, count in bins:
        label = f"de {fr_value(start, decimals)} à {fr_value(end, decimals, chart.unit)}"
        text = MISSING if count is None else fr_value(count, 0)
        summary.append(f"{label} : {text}")
        parts = [_el("title", escape(f"{label} : {text}"))]
        if count is None:
            parts.append(_text((x(start) + x(end)) / 2, bottom - 4, MISSING, size=10,
                               fill=MUTED, anchor="middle", cls="missing"))
        else:
            parts.append(_el("rect", x=x(start) + 0.5, y=y(count),
                             width=max(x(end) - x(start) - 1, 0.5), height=bottom - y(count),
                             fill=PALETTE[0], **{"class": "bar"}))
            parts.append(_text((x(start) + x(end)) / 2, y(count) - 4, text, size=10,
                               anchor="middle", cls="value"))
        body.append("<g>" + "".join(parts) + "</g>")
    edge_values = sorted({b[0] for b in bins} | {b[1] for b in bins})
    every = max(1, math.ceil(len(edge_values) * 44 / (right - left)))
    body.extend(_x_axis(edge_values[::every], x, bottom, decimals))
    if threshold is not None:
        body.extend(_threshold(threshold, x, top - 16, bottom, decimals, chart.unit, width))
    return _svg(chart, width, bottom + 26, body, " ; ".join(summary) + ".")


_RENDERERS = {"bars": _bars, "compare": _compare, "strip": _strip, "histogram": _histogram}


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
