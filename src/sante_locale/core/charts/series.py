"""A dated series with its target line: ``"series"`` (an indicator's values over time).

``data``: ``{"points": [(date, value), ...], "targets": [(date, value), ...],
"baseline": (date, value) or None, "decimals": 0}``. Dates are :class:`datetime.date`.
The values are joined by a solid line with a dot per value; the targets by a dashed line
(one target: a dashed horizontal line across the chart), each target marked by a diamond;
the baseline is a hollow dot. The data are written out in the ``<desc>``.

Examples
--------
>>> import datetime as dt
>>> from sante_locale.core.portrait.model import Chart
>>> svg = _series(Chart("i", "Participants", "series", {
...     "points": [(dt.date(2024, 12, 31), 120), (dt.date(2025, 12, 31), 180)],
...     "targets": [(dt.date(2026, 12, 31), 250)]}, unit="personnes"), 640)
>>> "cible" in svg and "250" in svg and "stroke-dasharray" in svg
True
"""

from __future__ import annotations

import datetime as dt

from .svg import (
    AXIS,
    MUTED,
    PALETTE,
    _decimals_for,
    _el,
    _empty,
    _legend,
    _list,
    _nice_ticks,
    _svg,
    _text,
    fr_value,
    number,
)

VALUE_COLOUR = PALETTE[0]
TARGET_COLOUR = PALETTE[1]


def _pairs(raw) -> list[tuple[dt.date, float]]:
    out = []
    for item in _list(raw):
        try:
            day, value = item
        except (TypeError, ValueError):
            continue
        value = number(value)
        if isinstance(day, dt.date) and value is not None:
            out.append((day, value))
    return sorted(out)


def _fr_date(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _series(chart, width: int) -> str:
    data = chart.data or {}
    points, targets = _pairs(data.get("points")), _pairs(data.get("targets"))
    baseline = _pairs([data["baseline"]]) if data.get("baseline") else []
    decimals = int(data.get("decimals", 0) or 0)
    everything = points + targets + baseline
    if not everything:
        return _empty(chart, width)
    days = [d for d, _ in everything]
    first, last = min(days), max(days)
    if first == last:
        first, last = first - dt.timedelta(days=182), last + dt.timedelta(days=182)
    values = [v for _, v in everything]
    ticks = _nice_ticks(min(0.0, *values), max(values))
    lo, hi = ticks[0], ticks[-1]
    tick_decimals = max(decimals if decimals else 0, _decimals_for(ticks[1] - ticks[0]) if len(ticks) > 1 else 0)
    left = max(len(fr_value(t, tick_decimals)) for t in ticks) * 7 + 16
    right, top, plot_h = 24, 30, 200
    span = (last - first).days

    def x(day: dt.date) -> float:
        return left + (day - first).days / span * (width - left - right)

    def y(value: float) -> float:
        return top + (hi - value) / (hi - lo) * plot_h

    body = _legend([(_el("line", x1=0, y1=0, x2=12, y2=0, stroke=VALUE_COLOUR, stroke_width=2), "valeurs"),
                    (_el("line", x1=0, y1=0, x2=12, y2=0, stroke=TARGET_COLOUR, stroke_width=2,
                         stroke_dasharray="5 3"), "cible")], left, 12, width)
    for t in ticks:
        body.append(_el("line", x1=left, y1=y(t), x2=width - right, y2=y(t), stroke="#e5e5e5"))
        body.append(_text(left - 6, y(t) + 4, fr_value(t, tick_decimals), size=11, fill=MUTED, anchor="end"))
    body.append(_el("line", x1=left, y1=top + plot_h, x2=width - right, y2=top + plot_h, stroke=AXIS))
    for year in range(first.year, last.year + 2):
        day = dt.date(year, 1, 1)
        if first <= day <= last:
            body.append(_el("line", x1=x(day), y1=top + plot_h, x2=x(day), y2=top + plot_h + 5, stroke=AXIS))
            body.append(_text(x(day), top + plot_h + 18, str(year), size=11, fill=MUTED, anchor="middle"))
    if len(targets) == 1:
        value = targets[0][1]
        body.append(_el("line", x1=left, y1=y(value), x2=width - right, y2=y(value), stroke=TARGET_COLOUR,
                        stroke_width=2, stroke_dasharray="5 3"))
    elif targets:
        path = " ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in targets)
        body.append(_el("polyline", points=path, fill="none", stroke=TARGET_COLOUR, stroke_width=2,
                        stroke_dasharray="5 3"))
    for day, value in targets:
        cx, cy = x(day), y(value)
        body.append(_el("path", d=f"M{cx:.1f},{cy - 6:.1f} L{cx + 6:.1f},{cy:.1f} L{cx:.1f},{cy + 6:.1f} "
                        f"L{cx - 6:.1f},{cy:.1f} Z", fill=TARGET_COLOUR))
        body.append(_text(cx, cy - 10, f"cible {fr_value(value, decimals)}", size=11, fill=TARGET_COLOUR,
                          anchor="end" if cx > width - 80 else "middle"))
    for day, value in baseline:
        body.append(_el("circle", cx=x(day), cy=y(value), r=5, fill="#ffffff", stroke=VALUE_COLOUR,
                        stroke_width=2))
    if len(points) > 1:
        body.append(_el("polyline", points=" ".join(f"{x(d):.1f},{y(v):.1f}" for d, v in points), fill="none",
                        stroke=VALUE_COLOUR, stroke_width=2))
    for day, value in points:
        body.append(_el("circle", cx=x(day), cy=y(value), r=4, fill=VALUE_COLOUR))
        body.append(_text(x(day), y(value) + 16, fr_value(value, decimals), size=11, anchor="middle"))
    parts = []
    if baseline:
        parts.append(f"situation de départ {fr_value(baseline[0][1], decimals, chart.unit)} "
                     f"au {_fr_date(baseline[0][0])}")
    parts += [f"{fr_value(v, decimals, chart.unit)} au {_fr_date(d)}" for d, v in points]
    parts += [f"cible {fr_value(v, decimals, chart.unit)} au {_fr_date(d)}" for d, v in targets]
    return _svg(chart, width, top + plot_h + 30, body, " ; ".join(parts))
