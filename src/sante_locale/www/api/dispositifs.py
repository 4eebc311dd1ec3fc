"""Dispositifs: the ones the caller may see, filtered by kind, status or territory."""

import datetime as dt

from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from sante_locale.coordination.articulation import covering
from sante_locale.coordination.models import Dispositif
from sante_locale.territories.lookup import UnknownTerritory, resolve
from sante_locale.www.api.base import user_of
from sante_locale.www.api.objects import visible
from sante_locale.www.views.units import NotFound

router = Router(tags=["dispositifs"])


class DispositifOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    status: str
    perimeter_level: str
    perimeter_code: str
    carrier_id: int
    carrier: str
    coordinator: str | None
    coordinator_fte: float | None
    signed_on: dt.date | None
    starts_on: dt.date | None
    ends_on: dt.date | None
    renewal_on: dt.date | None
    is_public: bool
    is_demo: bool

    @staticmethod
    def resolve_kind(d) -> str:
        return d.kind.key

    @staticmethod
    def resolve_kind_label(d) -> str:
        return d.kind.label

    @staticmethod
    def resolve_carrier(d) -> str:
        return d.carrier.name

    @staticmethod
    def resolve_coordinator(d) -> str | None:
        return d.coordinator.full_name if d.coordinator_id else None

    @staticmethod
    def resolve_coordinator_fte(d) -> float | None:
        return float(d.coordinator_fte) if d.coordinator_fte is not None else None


class PartnerOut(Schema):
    structure_id: int
    structure: str
    role: str
    role_label: str


class FundingOut(Schema):
    funder_id: int
    funder: str
    amount: float
    year: int
    purpose: str


class LinkOut(Schema):
    kind: str
    source_id: int
    target_id: int


class DispositifDetailOut(DispositifOut):
    description: str
    partners: list[PartnerOut]
    fundings: list[FundingOut]
    links: list[LinkOut]
    body_ids: list[int]

    @staticmethod
    def resolve_partners(d) -> list[dict]:
        return [{"structure_id": p.structure_id, "structure": p.structure.name, "role": p.role,
                 "role_label": p.get_role_display()} for p in d.partnerships.select_related("structure")]

    @staticmethod
    def resolve_fundings(d) -> list[dict]:
        return [{"funder_id": f.funder_id, "funder": f.funder.name, "amount": float(f.amount), "year": f.year,
                 "purpose": f.purpose} for f in d.fundings.select_related("funder")]

    @staticmethod
    def resolve_links(d) -> list[dict]:
        seen = Dispositif.objects.visible_to(getattr(d, "_viewer", None)).values("pk")
        return ([{"kind": link.kind, "source_id": link.source_id, "target_id": link.target_id}
                 for link in d.links_out.filter(target__in=seen)]
                + [{"kind": link.kind, "source_id": link.source_id, "target_id": link.target_id}
                   for link in d.links_in.filter(source__in=seen)])

    @staticmethod
    def resolve_body_ids(d) -> list[int]:
        return list(d.bodies.values_list("pk", flat=True))


@router.get("", response=list[DispositifOut], summary="Dispositifs visibles")
@paginate(PageNumberPagination, page_size=50)
def list_dispositifs(request, kind: str | None = None, status: str | None = None, territoire: str | None = None):
    """Les dispositifs que le compte peut voir ; filtres : « kind » (cls, clsm, asv, cpts…), « status »
    (project, active, renewal, suspended, ended), « territoire » (code ou nom : dispositifs qui couvrent au
    moins une de ses communes)."""
    user = user_of(request)
    qs = Dispositif.objects.visible_to(user)
    if kind:
        qs = qs.filter(kind__key=kind)
    if status:
        qs = qs.filter(status=status)
    if territoire:
        try:
            unit = resolve(territoire, user)
        except UnknownTerritory as exc:
            raise NotFound(str(exc)) from exc
        qs = covering(unit, qs)
    return qs.select_related("kind", "carrier", "coordinator").order_by("kind__order", "name", "pk")


@router.get("/{dispositif_id}", response=DispositifDetailOut, summary="Un dispositif")
def get_dispositif(request, dispositif_id: int):
    """Un dispositif, ses partenaires, financements, liens (vers les dispositifs visibles) et instances."""
    d = visible(request, Dispositif.objects.select_related("kind", "carrier", "coordinator"), dispositif_id,
                "coordination.view_dispositif", "Dispositif")
    d._viewer = user_of(request)
    return d
