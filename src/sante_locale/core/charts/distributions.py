"""Distributions on one axis: ``"strip"`` (box and dots) and ``"histogram"``.
:func:`sante_locale.core.charts.render` picks the renderer.

Examples
--------
>>> from sante_locale.core.portrait.model import Chart
>>> svg = _histogram(Chart("h", "Répartition", "histogram", {"bins": [0, 2.5, 5], "counts": [3, 1],
...                        "decimals": 1}), 640)
>>> "2,5" in svg and svg.startswith("<svg")
True
"""

from __future__ import annotations

import math
from xml.sax.saxutils import escape

import numpy as np

from .svg import (
    AXIS,
    BACKGROUND,
    BOX_FILL,
    MAX_LANES,
    MISSING,
    MUTED,
    PALETTE,
    REFERENCE_COLOURS,
    _decimals_for,
    _el,
    _empty,
    _lines,
    _list,
    _nice_ticks,
    _svg,
    _text,
    _text_width,
    _wrap,
    fr_value,
    number,
)

# ---------------------------------------------------------------- axes (strip, histogram)


def _x_axis(ticks: list[float], x, y: float, decimals: int) -> list[str]:
    out = [_el("line", x1=x(ticks[0]), y1=y, x2=x(ticks[-1]), y2=y, stroke=AXIS,
               stroke_width=1)]
    for t in ticks:
        out.append(_el("line", x1=x(t), y1=y, x2=x(t), y2=y + 4, stroke=AXIS, stroke_width=1))
        out.append(_text(x(t), y + 16, fr_value(t, decimals), size=11, fill=MUTED,
                         anchor="middle"))
    return out


def _threshold(value: float, x, y_top: float, y_bottom: float, decimals: int, width: int) -> list[str]:
    # the unit of the values is the chart's, said once in its description: not repeated here
    label = f"Seuil : {fr_value(value, decimals)}"
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
    ref_lines = _wrap(ref_label, width * 0.3 - 16)  # a long name on several lines, never cut
    label_w = max(*(_text_width(line) for line in ref_lines), _text_width("Territoire")) + 16
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
            _lines(label_w, box_mid, ref_lines, anchor="end", line_height=13),
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
        body.extend(_threshold(threshold, x, 4, axis_y, decimals, width))
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
    count_unit = str(data.get("count_unit") or "")  # what is counted (« communes »); chart.unit: the values'
    for start, end, count in bins:
        label = f"de {fr_value(start, decimals)} à {fr_value(end, decimals)}"
        text = MISSING if count is None else fr_value(count, 0)
        counted = MISSING if count is None else fr_value(count, 0, count_unit)
        summary.append(f"{label} : {counted}")
        parts = [_el("title", escape(f"{label} : {counted}"))]
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
        body.extend(_threshold(threshold, x, top - 16, bottom, decimals, width))
    return _svg(chart, width, bottom + 26, body, " ; ".join(summary) + ".")
