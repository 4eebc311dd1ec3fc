"""What the directory pages show, prepared from the search results (no computing in views)."""

from __future__ import annotations

import datetime as dt

import shapely

from sante_locale.core import clock
from sante_locale.core.formats import fr_date
from sante_locale.core.maps import draw
from sante_locale.directory import vocabulary as voc
from sante_locale.directory.models import MobileStop
from sante_locale.directory.search import commune_outline, status_of


def results_map(place, results):
    """SVG map of the place's commune(s) and numbered results (the list is its text alternative)."""
    points = [(r.service.search_lon, r.service.search_lat, {"n": n, "name": r.service.name})
              for n, r in enumerate(results, 1) if r.service.search_lat is not None]
    features = []
    for commune in (place.communes if place else [])[:5]:
        shape = commune_outline(commune.pk, commune.vintage) if commune is not None else None
        if shape is not None:
            features.append((shape, {"kind": "commune"}))
    if points:
        lons = [p[0] for p in points] + ([place.lon] if place else [])
        lats = [p[1] for p in points] + ([place.lat] if place else [])
        pad = 0.005
        features.append((shapely.box(min(lons) - pad, min(lats) - pad, max(lons) + pad, max(lats) + pad),
                         {"kind": "frame"}))
    if not features:
        return None
    here = [(place.lon, place.lat, {"here": True})] if place else []
    return draw(features, width=640, height=420, points=here + points)


def service_details(service, at: dt.datetime | None = None) -> dict:
    """Everything the service page shows: status, the week, the stops, closures, labels."""
    at = at or clock.now()
    schedule = service.schedule()
    status, next_stop = status_of(service, at)
    stops = []
    for stop in service.stops.all():
        stop_schedule = stop.schedule()
        days = [f"{label} : {text}" for _, label, text in stop_schedule.week(at.date())
                if not text.startswith("fermé")]
        stops.append({"stop": stop, "status": stop_schedule.status(at), "days": days})
    closures = [c for c in service.closures.all() if c.ends_on >= at.date()]
    return {
        "status": status,
        "next_stop": next_stop,
        "week": schedule.week(at.date()) if service.opening_hours else [],
        "stops": stops,
        "closures": closures,
        "themes": [voc.theme_label(t) for t in service.themes or []],
        "audiences": [voc.AUDIENCES.get(a, a) for a in service.audiences or []],
        "reception_modes": [voc.RECEPTION_MODES.get(m, m) for m in service.reception_modes or []],
        "mobilisation_modes": [voc.MOBILISATION_MODES.get(m, m) for m in service.mobilisation_modes or []],
        "fees": voc.FEES.get(service.fees, ""),
    }


def period(starts_on: dt.date, ends_on: dt.date) -> str:
    """« du 24 décembre 2026 au 2 janvier 2027 », or « le 3 décembre 2026 » for one day."""
    if starts_on == ends_on:
        return f"le {fr_date(starts_on)}"
    return f"du {fr_date(starts_on)} au {fr_date(ends_on)}"


def stop_summary(stop) -> str:
    """« Cité 12, 3 rue Voltaire, Lens : We 09:00-12:00 »."""
    where = [stop.place, stop.address, stop.commune.name if stop.commune_id else ""]
    return f"{', '.join(p for p in where if p)} : {stop.opening_hours}"


def closure_summary(closure) -> str:
    """« du 24 décembre 2026 au 2 janvier 2027 : fermé (fêtes) »."""
    what = f"horaires exceptionnels {closure.opening_hours}" if closure.opening_hours else "fermé"
    reason = f" ({closure.reason})" if closure.reason else ""
    return f"{period(closure.starts_on, closure.ends_on)} : {what}{reason}"


def summary(item) -> str:
    """The French one-line text of a stop or a closure."""
    return stop_summary(item) if isinstance(item, MobileStop) else closure_summary(item)


def editor_items(service) -> dict:
    """The stops and closures that the service's edit page lists, each with its French text
    (a closure already over is marked past)."""
    today = clock.today()
    return {"stops": [{"item": s, "text": stop_summary(s)} for s in service.stops.select_related("commune")],
            "closures": [{"item": c, "text": closure_summary(c), "past": c.ends_on < today}
                         for c in service.closures.all()]}
