"""Structures: the registry of organisations (public), searchable by name, SIRET, FINESS."""

from __future__ import annotations

from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from sante_locale.structures.models import Structure
from sante_locale.structures.registry import search_structures
from sante_locale.www.api.objects import visible

router = Router(tags=["structures"])


class StructureOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    siret: str
    finess_code: str
    address: str
    postcode: str
    insee_code: str | None
    website: str

    @staticmethod
    def resolve_insee_code(s) -> str | None:
        return s.commune.insee_code if s.commune_id else None


@router.get("", response=list[StructureOut], summary="Structures")
@paginate(PageNumberPagination, page_size=50)
def list_structures(request, q: str | None = None, kind: str | None = None):
    """Les structures (collectivités, ARS, associations, CPTS…) ; « q » cherche dans le nom, le SIRET et le
    numéro FINESS, « kind » filtre par nature."""
    return search_structures(q or "", kind or "")


@router.get("/{structure_id}", response=StructureOut, summary="Une structure")
def get_structure(request, structure_id: int):
    """Une structure (les personnes qui la représentent ne sont pas publiées par l'API)."""
    return visible(request, Structure.objects.select_related("commune"), structure_id,
                   "structures.view_structure", "Structure")
