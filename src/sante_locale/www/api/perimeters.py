"""Perimeters: the custom territories a user may see, with their communes."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from sante_locale.accounts.access import require
from sante_locale.territories.models import Territory
from sante_locale.www.api.base import user_of

router = Router(tags=["périmètres"])


class CommuneOut(Schema):
    insee_code: str
    name: str
    population: int | None


class PerimeterOut(Schema):
    slug: str
    name: str
    description: str
    visibility: str
    owner: str
    communes: list[CommuneOut]

    @staticmethod
    def resolve_owner(territory) -> str:
        return territory.owner.username

    @staticmethod
    def resolve_communes(territory) -> list:
        return sorted(territory.communes.all(), key=lambda c: c.insee_code)  # prefetched


@router.get("", response=list[PerimeterOut], summary="Périmètres personnalisés visibles")
@paginate(PageNumberPagination, page_size=50)
def list_perimeters(request):
    """Les territoires personnalisés que le compte peut voir, avec leurs communes."""
    return (Territory.objects.visible_to(user_of(request)).select_related("owner")
            .prefetch_related("communes").order_by("name", "pk"))


class DispositifPerimeterOut(Schema):
    dispositif_id: int
    level: str
    code: str
    name: str
    population: int | None
    communes: list[CommuneOut]


@router.get("/dispositifs/{dispositif_id}", response=DispositifPerimeterOut,
            summary="Le périmètre d'un dispositif et ses communes")
def dispositif_perimeter(request, dispositif_id: int):
    """Le périmètre officiel (commune, EPCI, département, région) ou personnalisé d'un dispositif visible,
    avec ses communes."""
    from sante_locale.coordination.models import Dispositif
    from sante_locale.coordination.perimeters import describe, dispositif_communes
    from sante_locale.www.api.objects import visible

    d = visible(request, Dispositif.objects.select_related("perimeter_territory"), dispositif_id,
                "coordination.view_dispositif", "Dispositif")
    communes = list(dispositif_communes(d).order_by("insee_code"))
    return {"dispositif_id": d.pk, "level": d.perimeter_level, "code": d.perimeter_code, "name": describe(d),
            "population": sum(c.population or 0 for c in communes) if communes else None, "communes": communes}


@router.get("/{slug}", response=PerimeterOut, summary="Un périmètre personnalisé")
def get_perimeter(request, slug: str):
    """Un territoire personnalisé et ses communes (404 s'il n'existe pas ou n'est pas visible)."""
    territory = get_object_or_404(Territory.objects.visible_to(user_of(request)).select_related("owner"), slug=slug)
    require(user_of(request), "territories.view_territory", territory, action="voir ce périmètre", channel="api",
            path=request.path)
    return territory
