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


@router.get("/{slug}", response=PerimeterOut, summary="Un périmètre personnalisé")
def get_perimeter(request, slug: str):
    """Un territoire personnalisé et ses communes (404 s'il n'existe pas ou n'est pas visible)."""
    territory = get_object_or_404(Territory.objects.visible_to(user_of(request)).select_related("owner"), slug=slug)
    require(user_of(request), "territories.view_territory", territory, action="voir ce périmètre", channel="api",
            path=request.path)
    return territory
