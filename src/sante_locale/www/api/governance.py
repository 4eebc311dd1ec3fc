"""Governance: bodies, meetings and decisions the caller may see."""

import datetime as dt

from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from sante_locale.coordination.models import Body, Decision, Dispositif, Meeting
from sante_locale.www.api.base import user_of
from sante_locale.www.api.objects import visible

bodies = Router(tags=["instances"])
meetings = Router(tags=["réunions"])
decisions = Router(tags=["décisions"])


class BodyOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    description: str
    dispositif_ids: list[int]

    @staticmethod
    def resolve_kind_label(b) -> str:
        return b.get_kind_display()

    @staticmethod
    def resolve_dispositif_ids(b) -> list[int]:
        return sorted(d.pk for d in b.dispositifs.all())


class AgendaItemOut(Schema):
    order: int
    title: str


class MeetingOut(Schema):
    id: int
    body_id: int
    title: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    place: str
    status: str
    is_public: bool


class DecisionOut(Schema):
    id: int
    meeting_id: int
    text: str
    owner: str
    due_on: dt.date | None
    status: str
    status_label: str
    done_on: dt.date | None
    late: bool

    @staticmethod
    def resolve_owner(d) -> str:
        return d.owner.full_name

    @staticmethod
    def resolve_status_label(d) -> str:
        return d.get_status_display()

    @staticmethod
    def resolve_late(d) -> bool:
        from sante_locale.core import clock

        return d.status in ("to_do", "in_progress") and d.due_on is not None and d.due_on < clock.today()


class MeetingDetailOut(MeetingOut):
    minutes: str
    agenda: list[AgendaItemOut]
    decisions: list[DecisionOut]

    @staticmethod
    def resolve_agenda(m) -> list:
        return list(m.agenda.all())

    @staticmethod
    def resolve_decisions(m) -> list:
        return list(m.decisions.select_related("owner"))


def _of_dispositif(qs, request, dispositif: int | None, field: str):
    if dispositif is None:
        return qs
    seen = Dispositif.objects.visible_to(user_of(request)).filter(pk=dispositif)
    return qs.filter(**{f"{field}__in": seen}).distinct()


@bodies.get("", response=list[BodyOut], summary="Instances visibles")
@paginate(PageNumberPagination, page_size=50)
def list_bodies(request, dispositif: int | None = None):
    """Les instances (COPIL, COTECH, groupes de travail…) visibles ; « dispositif » filtre par dispositif."""
    qs = Body.objects.visible_to(user_of(request)).prefetch_related("dispositifs").order_by("name", "pk")
    return _of_dispositif(qs, request, dispositif, "dispositifs")


@bodies.get("/{body_id}", response=BodyOut, summary="Une instance")
def get_body(request, body_id: int):
    """Une instance et les dispositifs qu'elle sert."""
    return visible(request, Body.objects.prefetch_related("dispositifs"), body_id, "coordination.view_body",
                   "Instance")


@meetings.get("", response=list[MeetingOut], summary="Réunions visibles")
@paginate(PageNumberPagination, page_size=50)
def list_meetings(request, dispositif: int | None = None, depuis: dt.date | None = None):
    """Les réunions que le compte peut voir (coordination, invitation ou réunion publique) ; « dispositif »
    filtre par dispositif, « depuis » (AAAA-MM-JJ) par date."""
    qs = Meeting.objects.visible_to(user_of(request)).order_by("starts_at", "pk")
    if depuis is not None:
        qs = qs.filter(starts_at__date__gte=depuis)
    return _of_dispositif(qs, request, dispositif, "body__dispositifs")


@meetings.get("/{meeting_id}", response=MeetingDetailOut, summary="Une réunion")
def get_meeting(request, meeting_id: int):
    """Une réunion, son ordre du jour, son compte rendu et son relevé de décisions."""
    return visible(request, Meeting.objects.all(), meeting_id, "coordination.view_meeting", "Réunion")


@decisions.get("", response=list[DecisionOut], summary="Décisions visibles")
@paginate(PageNumberPagination, page_size=50)
def list_decisions(request, a_suivre: bool = False, dispositif: int | None = None):
    """Les décisions des réunions visibles ; « a_suivre=true » : celles à faire ou en cours, par échéance."""
    qs = Decision.objects.visible_to(user_of(request)).select_related("owner")
    if a_suivre:
        qs = qs.pending()
    qs = _of_dispositif(qs, request, dispositif, "meeting__body__dispositifs")
    return qs.order_by("due_on", "pk")


@decisions.get("/{decision_id}", response=DecisionOut, summary="Une décision")
def get_decision(request, decision_id: int):
    """Une décision, sa personne responsable, son échéance et son suivi."""
    return visible(request, Decision.objects.select_related("owner"), decision_id, "coordination.view_decision",
                   "Décision")
