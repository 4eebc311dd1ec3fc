"""Directory: published services (and those the account may edit), data·inclusion fields
with our own, and a search near a place."""

from __future__ import annotations

from django.db.models import prefetch_related_objects
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from sante_locale.accounts.access import require
from sante_locale.directory.models import Service
from sante_locale.directory.search import PlaceNotFound, resolve_place, search
from sante_locale.www.api.base import user_of

router = Router(tags=["annuaire"])


class StopOut(Schema):
    place: str
    address: str
    opening_hours: str
    lon: float | None
    lat: float | None


class ServiceOut(Schema):
    id: int
    di_id: str
    name: str
    description: str
    structure: str
    themes: list[str]
    audiences: list[str]
    fees: str
    address: str
    postcode: str
    insee_code: str
    commune: str
    lon: float | None
    lat: float | None
    phone: str
    email: str
    mobilisation_url: str
    opening_hours: str
    what_to_bring: str
    accessibility_url: str
    updated_on: str
    is_demo: bool
    stops: list[StopOut]

    @staticmethod
    def resolve_structure(service) -> str:
        return service.structure.name

    @staticmethod
    def resolve_commune(service) -> str:
        return service.commune_name or (service.commune.name if service.commune else "")

    @staticmethod
    def resolve_updated_on(service) -> str:
        return service.updated_on.isoformat()

    @staticmethod
    def resolve_stops(service) -> list:
        return list(service.stops.all())


class FoundOut(Schema):
    distance_km: float | None
    open_now: bool
    status: str
    service: ServiceOut


def _base(request):
    return (Service.objects.visible_to(user_of(request)).select_related("structure", "commune")
            .prefetch_related("stops").order_by("name", "pk"))


@router.get("/services", response=list[ServiceOut], summary="Services de l'annuaire")
@paginate(PageNumberPagination, page_size=50)
def list_services(request):
    """Les services publiés (et ceux que le compte peut modifier), par nom."""
    return _base(request)


@router.get("/services/{service_id}", response=ServiceOut, summary="Un service")
def get_service(request, service_id: int):
    """Un service (404 s'il n'existe pas ; 403 s'il n'est pas publié et que le compte ne peut pas le modifier)."""
    service = get_object_or_404(_base(request).model.objects.select_related("structure", "commune"), pk=service_id)
    require(user_of(request), "directory.view_service", service, action="voir ce service", channel="api",
            path=request.path)
    return service


@router.get("/recherche", response=list[FoundOut], summary="Chercher près d'un lieu")
def find(request, lieu: str, theme: str = "", public: str = "", gratuit: bool = False, ouvert: bool = False,
         limite: int = 20):
    """Services près d'une commune, d'un code postal ou d'un lieu, du plus proche au plus lointain."""
    try:
        place = resolve_place(lieu)
    except PlaceNotFound as exc:
        raise HttpError(422, str(exc)) from exc
    results = search(place, user=user_of(request), theme=theme, audience=public, free_only=gratuit,
                     open_now=ouvert, limit=max(1, min(limite, 100)))
    prefetch_related_objects([r.service for r in results], "stops")
    return [{"distance_km": None if r.distance_km is None else round(r.distance_km, 3),
             "open_now": r.status.is_open, "status": r.status.sentence, "service": r.service} for r in results]
