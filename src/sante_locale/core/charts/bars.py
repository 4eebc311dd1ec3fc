"""Bar charts: ``"bars"`` (one bar per label, reference ticks) and ``"compare"`` (one scale
per indicator). :func:`sante_locale.core.charts.render` picks the renderer.

Examples
--------
>>> from sante_locale.core.portrait.model import Chart
>>> svg = _compare(Chart("c", "Comparaison", "compare", {"indicators": ["APL"],
...                      "series": {"Territoire": [2.5], "France": [3.4]}, "decimals": 1}), 640)
>>> "2,5" in svg and "3,4" in svg
True
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from .svg import (
    AXIS,
    MISSING,
    MUTED,
    PALETTE,
    REFERENCE_COLOURS,
    REFERENCE_DASHES,
    _el,
    _empty,
    _legend,
    _legend_height,
    _lines,
    _list,
    _svg,
    _swatch,
    _text,
    _text_width,
    _tick_mark,
    _truncate,
    _wrap,
    fr_value,
    number,
)

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
    wrapped = [_wrap(s, width * 0.4 - 12) for s in labels]  # long names on several lines, never cut
    label_w = max(_text_width(line) for lines in wrapped for line in lines) + 12
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
    heights = [max(26, 14 * len(lines) + 8) for lines in wrapped]
    body = _legend(legend, x0, 8 + 9, width) if legend else []
    zero = x(0.0)
    body.append(_el("line", x1=zero, y1=top, x2=zero, y2=top + sum(heights),
                    stroke=AXIS, stroke_width=1))
    summary = []
    y = top
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        mid = y + heights[i] / 2
        y += heights[i]
        text = fr_value(value, decimals, chart.unit)
        summary.append(f"{label} : {text}")
        parts = [_el("title", escape(f"{label} : {text}")),
                 _lines(x0 - 8, mid, wrapped[i], anchor="end", line_height=14)]
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
    return _svg(chart, width, y + 8, body, " ; ".join(summary) + ".")


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
    wrapped = {name: _wrap(name, width * 0.3 - 16, 11) for name in names}  # never cut a long name
    label_w = max(_text_width(line, 11) for lines in wrapped.values() for line in lines) + 16
    top = 8 + _legend_height(legend, 8, width) + 8
    body = _legend(legend, 8, 8 + 9, width)
    texts_w = [
        _text_width(fr_value(vals[i] if i < len(vals) else None, int(_per_indicator(data.get("decimals"), i, 0) or 0),
                             str(_per_indicator(data.get("units"), i, chart.unit) or "")), 11)
        for i in range(len(indicators)) for vals in series.values()]
    value_w = max(110, max(texts_w, default=0) + 10)  # the longest value fits after its bar
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
        first_row = y
        for name, value in values:
            row_h = max(bar_h, 12 * len(wrapped[name]))
            y += (row_h - bar_h) / 2
            mid = y + bar_h / 2
            text = fr_value(value, decimals, unit)
            texts.append(f"{name} {text}")
            parts.append(_lines(label_w - 6, mid, wrapped[name], size=11, fill=MUTED, anchor="end", line_height=12))
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
            y += bar_h + gap + (row_h - bar_h) / 2
        parts.append(_el("line", x1=zero, y1=first_row - 2, x2=zero,
                         y2=y - gap + 2, stroke=AXIS, stroke_width=1))
        summary.append(f"{indicator} : " + ", ".join(texts))
        body.append("<g>" + "".join(parts) + "</g>")
        y += 6
    return _svg(chart, width, y + 4, body, " ; ".join(summary) + ".")
