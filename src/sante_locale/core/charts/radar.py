"""A radar (spider) chart: ``"radar"`` (the self-assessment grid, one polygon per series).

``data``: ``{"axes": [labels], "series": {"2025": [scores], ...}, "max": 4}``. Each axis
goes from the centre (0) to ``max``; rings mark every whole score. Series are drawn in the
palette's colours with distinct dash patterns, so they stay apart in black and white.

Examples
--------
>>> from sante_locale.core.portrait.model import Chart
>>> svg = _radar(Chart("g", "Grille", "radar", {"axes": ["A", "B", "C"],
...                    "series": {"2025": [1, 2, 3]}, "max": 4}), 480)
>>> svg.count("<polygon") >= 1 and "2025" in svg and "A : 1" in svg
True
"""

from __future__ import annotations

import math

from .svg import (
    MUTED,
    PALETTE,
    REFERENCE_DASHES,
    _el,
    _empty,
    _legend,
    _list,
    _svg,
    _text,
    _truncate,
    number,
)


def _radar(chart, width: int) -> str:
    data = chart.data or {}
    axes = [str(a) for a in _list(data.get("axes"))]
    series = {str(k): [number(v) for v in _list(vals)][: len(axes)] for k, vals in (data.get("series") or {}).items()}
    top_value = number(data.get("max")) or 4.0
    if len(axes) < 3 or not any(v is not None for vals in series.values() for v in vals):
        return _empty(chart, width)
    legend = [(_el("line", x1=0, y1=0, x2=12, y2=0, stroke=PALETTE[i % len(PALETTE)], stroke_width=3,
                   stroke_dasharray=REFERENCE_DASHES[i % 4] or None), name) for i, name in enumerate(series)]
    radius = min(width / 2 - 130, 170)
    cx, cy = width / 2, 40 + radius + 24

    def point(i: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / len(axes)
        r = radius * max(0.0, min(value, top_value)) / top_value
        return cx + r * math.cos(angle), cy + r * math.sin(angle)

    body = _legend(legend, 16, 16, width)
    for ring in range(1, int(top_value) + 1):
        ring_points = " ".join(f"{px:.1f},{py:.1f}" for px, py in (point(i, ring) for i in range(len(axes))))
        body.append(_el("polygon", points=ring_points, fill="none", stroke="#d0d0d0"))
        lx, ly = point(0, ring)
        body.append(_text(lx + 4, ly + 4, str(ring), size=10, fill=MUTED))
    for i, label in enumerate(axes):
        ex, ey = point(i, top_value)
        body.append(_el("line", x1=cx, y1=cy, x2=ex, y2=ey, stroke="#b0b0b0"))
        lx, ly = point(i, top_value * 1.12)
        anchor = "middle" if abs(lx - cx) < 10 else ("start" if lx > cx else "end")
        body.append(_text(lx, ly + (4 if ly >= cy - 1 else -2), _truncate(label, 22), size=12, anchor=anchor))
    parts = []
    for n, (name, values) in enumerate(series.items()):
        colour = PALETTE[n % len(PALETTE)]
        pts = [point(i, v if v is not None else 0.0) for i, v in enumerate(values)]
        body.append(_el("polygon", points=" ".join(f"{px:.1f},{py:.1f}" for px, py in pts), fill=colour,
                        fill_opacity=0.08, stroke=colour, stroke_width=2.5,
                        stroke_dasharray=REFERENCE_DASHES[n % 4] or None))
        for (px, py), v in zip(pts, values, strict=True):
            if v is not None:
                body.append(_el("circle", cx=px, cy=py, r=3.5, fill=colour))
        written = ", ".join(f"{a} : {'n.d.' if v is None else f'{v:g}'}" for a, v in zip(axes, values, strict=False))
        parts.append(f"{name} — {written}")
    return _svg(chart, width, cy + radius + 40, body, f"notes sur {top_value:g} ; " + " ; ".join(parts))
