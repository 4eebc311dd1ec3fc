"""Find services near a place: by commune, postcode or place name; by theme, audience,
free only, open now; sorted by distance. Used by the pages, the CLI and the API alike.

It only reads. Distances are great-circle (``core.geo.haversine_km``) from the place's
point; services are first narrowed to growing boxes around it so a search reads only the
rows near the place.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import shapely
from django.db.models import Exists, OuterRef, Q

from sante_locale.core import clock
from sante_locale.core.geo import haversine_km, normalize_name
from sante_locale.core.hours import Closure, Schedule, Status, holiday_subdivision
from sante_locale.directory import vocabulary as voc
from sante_locale.directory.models import MobileStop, Service, TemporaryClosure
from sante_locale.territories.models import Commune, Postcode

RADII_KM = (10, 30, 100, 400, None)
DEFAULT_LIMIT = 20


@lru_cache(maxsize=512)
def commune_outline(pk: int, vintage: str):
    """A commune's outline (shapely), kept per process: it changes only with a new reference."""
    geometry = Commune.objects.filter(pk=pk).values_list("geometry", flat=True).first()
    return shapely.from_wkb(bytes(geometry)) if geometry else None


class PlaceNotFound(Exception):
    """The place typed matches no commune, postcode or place; the message is French."""


@dataclass
class Place:
    label: str
    lon: float
    lat: float
    communes: list = field(default_factory=list)


@dataclass
class NextStop:
    stop: MobileStop
    status: Status


@dataclass
class Result:
    service: Service
    distance_km: float | None
    status: Status
    next_stop: NextStop | None = None

    @property
    def distance_label(self) -> str:
        if self.distance_km is None:
            return ""
        if self.distance_km < 1:
            return f"à {int(round(self.distance_km * 1000, -2)) or 100} m"
        return f"à {self.distance_km:.1f} km".replace(".", ",")


def resolve_place(text: str) -> Place:
    """The place of a commune name, a postcode, an INSEE code or a place name (a stop of a
    mobile unit, a service's commune as published)."""
    text = (text or "").strip()
    if not text:
        raise PlaceNotFound("Indiquez une commune, un code postal ou un lieu.")
    if re.fullmatch(r"\d{5}", text):
        communes = [pc.commune for pc in Postcode.objects.filter(code=text).select_related("commune")
                    .defer("commune__geometry")
                    if pc.commune.lat is not None]
        if communes:
            names = ", ".join(sorted(c.name for c in communes))
            return Place(f"{text} ({names})", float(np.mean([c.lon for c in communes])),
                         float(np.mean([c.lat for c in communes])), communes)
        commune = Commune.objects.defer("geometry").filter(insee_code=text).first()
        if commune is not None and commune.lat is not None:
            return Place(commune.name, commune.lon, commune.lat, [commune])
        raise PlaceNotFound(f"Aucune commune n'a le code postal {text} : vérifiez le code, "
                            "ou tapez le nom de la commune.")
    folded = normalize_name(text)
    if not folded:
        raise PlaceNotFound(f"« {text} » ne ressemble ni à une commune ni à un code postal : "
                            "tapez par exemple « Lens » ou « 62300 ».")
    exact = list(Commune.objects.defer("geometry").filter(search_name=folded, kind__in=("COM", "ARM"))
                 .order_by("-population")[:1])
    if not exact:
        from sante_locale.territories.lookup import UnknownTerritory
        from sante_locale.territories.lookup import search as lookup_search

        try:
            hits = [h for h in lookup_search(text, limit=5) if h.level == "commune"]
        except UnknownTerritory as exc:  # a search too long to be a place
            raise PlaceNotFound(str(exc)) from exc
        exact = list(Commune.objects.defer("geometry").filter(insee_code=hits[0].code)) if hits else []
    if exact and exact[0].lat is not None:
        commune = exact[0]
        return Place(f"{commune.name} ({commune.insee_code[:2] if not commune.insee_code.startswith('97') else commune.insee_code[:3]})",
                     commune.lon, commune.lat, [commune])
    stop = MobileStop.objects.filter(place__icontains=text, lat__isnull=False, service__is_published=True).first()
    if stop is not None:
        return Place(stop.place, stop.lon, stop.lat, [stop.commune] if stop.commune else [])
    raise PlaceNotFound(f"Aucune commune ni aucun lieu ne correspond à « {text} » : vérifiez l'orthographe, "
                        "ou tapez un code postal (ex. 62300).")


def _theme_q(theme: str) -> Q:
    keys = {theme} | {k for k, (_, mapped) in voc.OWN_THEMES.items() if mapped == theme}
    q = Q(pk__in=[])
    for key in keys:
        q |= Q(themes__icontains=f'"{key}"')
    return q


def filtered(user=None, theme: str = "", audience: str = "", free_only: bool = False, text: str = ""):
    qs = Service.objects.visible_to(user)
    if theme:
        qs = qs.filter(_theme_q(theme))
    if audience:
        qs = qs.filter(Q(audiences__icontains=f'"{audience}"') | Q(audiences__icontains='"tous-publics"'))
    if free_only:
        qs = qs.filter(fees="gratuit")
    if text:
        qs = qs.filter(Q(name__icontains=text) | Q(description__icontains=text))
    return qs


def status_of(service: Service, at: dt.datetime, stops=None, closures=None) -> tuple[Status, NextStop | None]:
    """The service's status; for a mobile unit, its next (or current) stop (statuses are
    memoised per minute: services sharing hours share the work). ``stops`` and ``closures``
    (lists) spare the queries when the caller has them."""
    stops = list(service.stops.all()) if stops is None else stops
    closures = service.closure_list() if closures is None else closures
    if not stops:
        return Schedule(service.opening_hours, closures, service.holiday_subdivision).status_cached(at), None
    best = None
    for stop in stops:
        status = stop.schedule(closures).status_cached(at)
        key = (0, at) if status.is_open else (1, status.since_or_until or dt.datetime.max.replace(tzinfo=at.tzinfo))
        if best is None or key < best[0]:
            best = (key, NextStop(stop, status))
    return best[1].status, best[1]


def _open_now_candidates(rows, at: dt.datetime) -> set[int]:
    """Rows (pk, opening hours, INSEE code, has stops or a closure today) that may be open:
    plain services are decided here from their hours alone; the others are checked in full."""
    keep = set()
    for pk, hours, insee, special in rows:
        if special or not hours:
            keep.add(pk)
            continue
        subdivision = holiday_subdivision(insee[:3] if insee.startswith("97") else insee[:2])
        if Schedule(hours, (), subdivision).status_cached(at).is_open:
            keep.add(pk)
    return keep


def search(place: Place | None, *, user=None, theme: str = "", audience: str = "", free_only: bool = False,
           open_now: bool = False, text: str = "", limit: int = DEFAULT_LIMIT, at: dt.datetime | None = None
           ) -> list[Result]:
    """Services matching the filters, nearest first (``place`` ``None``: by name)."""
    at = at or clock.now()
    base = filtered(user, theme, audience, free_only, text)
    today = at.astimezone(clock.PARIS).date()
    base = base.annotate(has_stops=Exists(MobileStop.objects.filter(service=OuterRef("pk"))),
                         has_closures=Exists(TemporaryClosure.objects.filter(service=OuterRef("pk"),
                                                                              ends_on__gte=today)))
    fields = ["pk", "search_lon", "search_lat", "opening_hours", "insee_code", "has_stops", "has_closures"]
    rows: list[tuple] = []
    if place is None:
        rows = list(base.order_by("name", "pk").values_list(*fields)[: limit * (20 if open_now else 1)])
        distances = {r[0]: None for r in rows}
    else:
        for radius in RADII_KM:
            qs = base.filter(search_lat__isnull=False)
            if radius is not None:
                dlat = radius / 111.0
                dlon = radius / (111.0 * max(np.cos(np.radians(place.lat)), 0.1))
                qs = qs.filter(search_lat__range=(place.lat - dlat, place.lat + dlat),
                               search_lon__range=(place.lon - dlon, place.lon + dlon))
            rows = list(qs.values_list(*fields))
            if len(rows) >= limit:
                break
        distances = {}
        if rows:
            pks = np.array([r[0] for r in rows])
            km = haversine_km(place.lon, place.lat, np.array([r[1] for r in rows]), np.array([r[2] for r in rows]))
            order = np.lexsort((pks, km))
            distances = {int(pks[i]): float(km[i]) for i in order}
    ids = list(distances)
    special = {r[0] for r in rows if r[5] or r[6]}
    if open_now:
        maybe = _open_now_candidates([(r[0], r[3], r[4], r[0] in special) for r in rows], at)
        ids = [pk for pk in ids if pk in maybe]
    results = []
    for start in range(0, len(ids), limit):
        part = ids[start:start + limit]
        services = {s.pk: s for s in Service.objects.filter(pk__in=part).select_related("structure")}
        extras = [pk for pk in part if pk in special]
        stops: dict[int, list] = {}
        closures: dict[int, list] = {}
        if extras:  # read only for the services that have some
            for stop in MobileStop.objects.filter(service_id__in=extras).order_by("place", "pk"):
                stop.service = services[stop.service_id]
                stops.setdefault(stop.service_id, []).append(stop)
            for closure in TemporaryClosure.objects.filter(service_id__in=extras):
                closures.setdefault(closure.service_id, []).append(
                    Closure(closure.starts_on, closure.ends_on, closure.reason, closure.opening_hours))
        for pk in part:
            service = services[pk]
            status, stop = status_of(service, at, stops.get(pk, []), closures.get(pk, []))
            if open_now and not status.is_open:
                continue
            results.append(Result(service, distances[pk], status, stop))
            if len(results) >= limit:
                return results
    return results
