"""A calendar of actions (Gantt-like): ``"timeline"``.

``data``: ``{"rows": [{"label": "1.1 Accès aux soins", "start": date, "end": date,
"status": "in_progress", "milestones": [(date, label), ...]}], "statuses": {key: label},
"today": date}``. One bar per action from start to end (an action without end runs to the
end of the chart, with an open end), a diamond per milestone, a vertical line for today;
bar colours follow the status, named in the legend. Printable: plain SVG, no script.

Examples
--------
>>> import datetime as dt
>>> from sante_locale.core.portrait.model import Chart
>>> svg = _timeline(Chart("t", "Calendrier", "timeline", {"rows": [
...     {"label": "1.1 Accès", "start": dt.date(2025, 1, 1), "end": dt.date(2026, 6, 30),
...      "status": "in_progress", "milestones": [(dt.date(2025, 9, 1), "Lancement")]}],
...     "statuses": {"in_progress": "en cours"}, "today": dt.date(2026, 1, 1)}), 800)
>>> "1.1 Accès" in svg and "en cours" in svg and "aujourd'hui" in svg
True
"""

from __future__ import annotations

import datetime as dt

from .svg import (
    AXIS,
    MUTED,
    PALETTE,
    _el,
    _empty,
    _legend,
    _legend_height,
    _list,
    _svg,
    _swatch,
    _text,
    _truncate,
)

STATUS_COLOURS = {"planned": PALETTE[3], "in_progress": PALETTE[0], "done": PALETTE[2], "paused": PALETTE[5],
                  "abandoned": "#3a3a3a", "late": PALETTE[1]}


def _fr(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _timeline(chart, width: int) -> str:
    data = chart.data or {}
    rows = [r for r in _list(data.get("rows")) if isinstance(r, dict)]
    today = data.get("today")
    dated = [r for r in rows if isinstance(r.get("start"), dt.date)]
    if not dated:
        return _empty(chart, width)
    days = [r["start"] for r in dated] + [r["end"] for r in dated if isinstance(r.get("end"), dt.date)]
    days += [d for r in dated for d, _ in _list(r.get("milestones"))]
    first = dt.date(min(days).year, 1, 1)
    last = dt.date(max(days).year + 1, 1, 1)
    statuses = dict(data.get("statuses") or {})
    used = [k for k in statuses if any(r.get("status") == k for r in dated)]
    legend = [(_swatch(STATUS_COLOURS.get(k, PALETTE[0])), statuses[k]) for k in used]
    legend.append((_el("path", d="M6,-6 L12,0 L6,6 L0,0 Z", fill="#161616"), "jalon"))
    label_w, right, row_h = 230, 16, 24
    top = 12 + _legend_height(legend, label_w, width) + 26
    span = (last - first).days

    def x(day: dt.date) -> float:
        return label_w + (day - first).days / span * (width - label_w - right)

    body = _legend(legend, label_w, 18, width)
    for year in range(first.year, last.year + 1):
        day = dt.date(year, 1, 1)
        body.append(_el("line", x1=x(day), y1=top - 6, x2=x(day), y2=top + row_h * len(dated), stroke="#d0d0d0"))
        if year < last.year:
            body.append(_text((x(day) + x(dt.date(year + 1, 1, 1))) / 2, top - 10, str(year), size=11,
                              fill=MUTED, anchor="middle"))
    parts = []
    for n, row in enumerate(dated):
        y = top + n * row_h
        start, end = row["start"], row.get("end") if isinstance(row.get("end"), dt.date) else None
        colour = STATUS_COLOURS.get(row.get("status"), PALETTE[0])
        body.append(_text(label_w - 8, y + 16, _truncate(row.get("label", ""), 34), size=11, anchor="end"))
        x1, x2 = x(start), x(end) if end else width - right
        body.append(_el("rect", x=x1, y=y + 5, width=max(x2 - x1, 3), height=row_h - 10, fill=colour,
                        fill_opacity=0.9 if end else 0.5, rx=2))
        for day, _label in _list(row.get("milestones")):
            if isinstance(day, dt.date):
                mx, my = x(day), y + row_h / 2
                body.append(_el("path", d=f"M{mx:.1f},{my - 7:.1f} L{mx + 7:.1f},{my:.1f} L{mx:.1f},{my + 7:.1f} "
                                f"L{mx - 7:.1f},{my:.1f} Z", fill="#161616", stroke="#ffffff"))
        status = statuses.get(row.get("status"), "")
        milestones = ", ".join(f"{label} le {_fr(day)}" for day, label in _list(row.get("milestones"))
                               if isinstance(day, dt.date))
        parts.append(f"{row.get('label', '')} : du {_fr(start)} " + (f"au {_fr(end)}" if end else "sans fin prévue")
                     + (f", {status}" if status else "") + (f", jalons : {milestones}" if milestones else ""))
    bottom = top + row_h * len(dated)
    body.append(_el("line", x1=label_w, y1=bottom, x2=width - right, y2=bottom, stroke=AXIS))
    if isinstance(today, dt.date) and first <= today <= last:
        body.append(_el("line", x1=x(today), y1=top - 6, x2=x(today), y2=bottom + 4, stroke=PALETTE[1],
                        stroke_width=2, stroke_dasharray="4 2"))
        body.append(_text(x(today), bottom + 18, "aujourd'hui", size=11, fill=PALETTE[1], anchor="middle"))
    skipped = len(rows) - len(dated)
    if skipped:
        parts.append(f"{skipped} action(s) sans date de début non placée(s)")
    return _svg(chart, width, bottom + 28, body, " ; ".join(parts))
