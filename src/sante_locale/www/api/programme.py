"""Programmes: axes, objectives, fiches actions and indicator values, with the rights of the
pages (a programme is visible to its dispositif's coordinators and partners, and to anyone
once published by a public dispositif; budget and risks only to coordinators and partners)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from sante_locale.accounts.access import allowed, require
from sante_locale.core.programme.vocab import STATUSES
from sante_locale.programme.indicators import programme_indicators, state
from sante_locale.programme.models import Indicator
from sante_locale.programme.queries import programme_actions, visible_programmes
from sante_locale.www.api.base import user_of

router = Router(tags=["programmes"])
HIDDEN = "Programme introuvable, ou que votre compte ne peut pas voir."


class ProgrammeOut(Schema):
    dispositif_id: int
    dispositif: str
    title: str
    starts_year: int | None
    ends_year: int | None
    published: bool

    # a programme, or the dict of :func:`get_programme` (which names them already)
    @staticmethod
    def resolve_dispositif(p) -> str:
        return p["dispositif"] if isinstance(p, dict) else p.dispositif.name

    @staticmethod
    def resolve_published(p) -> bool:
        return p["published"] if isinstance(p, dict) else p.is_public


class FundingOut(Schema):
    funder: str
    year: int
    planned: Decimal
    obtained: Decimal | None


class ActionOut(Schema):
    id: int
    code: str
    title: str
    axis: str
    objective: str
    status: str
    status_label: str
    priority: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    description: str
    pilots: list[str]
    partners: list[str]
    audiences: list[str]
    determinants: list[str]
    plans: list[str]
    approach: str
    participation: str
    communes: list[str]
    qpvs: list[str]
    shared_from: str | None
    risks: str | None = None
    fundings: list[FundingOut] | None = None


class ObjectiveOut(Schema):
    code: str
    title: str
    actions: list[str]


class AxisOut(Schema):
    code: str
    title: str
    objectives: list[ObjectiveOut]


class ProgrammeDetailOut(ProgrammeOut):
    summary: str
    axes: list[AxisOut]


class ValueOut(Schema):
    measured_on: dt.date
    value: Decimal
    source: str
    vintage: str
    note: str


class TargetOut(Schema):
    due_on: dt.date
    value: Decimal


class IndicatorOut(Schema):
    id: int
    code: str
    key: str
    label: str
    unit: str
    kind: str
    question: str
    mode: str
    action: str | None
    baseline_value: Decimal | None
    baseline_on: dt.date | None
    frequency: str
    late: bool
    next_due: dt.date | None
    targets: list[TargetOut]
    values: list[ValueOut]


def _programme(request, dispositif_id: int):
    user = user_of(request)
    programme = get_object_or_404(visible_programmes(user), dispositif_id=dispositif_id)
    require(user, "programme.view_programme", programme, action="voir ce programme", channel="api", path=request.path)
    return programme


def _action_out(action, private: bool) -> dict:
    out = {
        "id": action.pk, "code": action.code, "title": action.title, "axis": action.placed_in.axis.code,
        "objective": action.placed_in.code, "status": action.status, "status_label": STATUSES[action.status],
        "priority": action.priority, "starts_on": action.starts_on, "ends_on": action.ends_on,
        "description": action.description, "pilots": [s.name for s in action.pilots.all()],
        "partners": [s.name for s in action.partners.all()], "audiences": action.audiences,
        "determinants": action.determinants, "plans": action.plans, "approach": action.approach,
        "participation": action.participation, "communes": sorted(c.insee_code for c in action.communes.all()),
        "qpvs": sorted(q.qpv_code for q in action.qpvs.all()),
        "shared_from": action.shared_from.name if action.shared_from else None,
    }
    if private:
        out["risks"] = action.risks
        out["fundings"] = [{"funder": f.funder.name, "year": f.year, "planned": f.planned, "obtained": f.obtained}
                           for f in action.fundings.select_related("funder")]
    return out


@router.get("", response=list[ProgrammeOut], summary="Programmes visibles")
@paginate(PageNumberPagination, page_size=50)
def list_programmes(request):
    """Les programmes d'actions que le compte peut voir."""
    return visible_programmes(user_of(request)).order_by("dispositif__name", "pk")


@router.get("/{dispositif_id}", response=ProgrammeDetailOut, summary="Un programme : axes, objectifs, actions")
def get_programme(request, dispositif_id: int):
    """Le programme d'un dispositif (identifiant du dispositif) : axes, objectifs et codes des fiches actions."""
    programme = _programme(request, dispositif_id)
    actions = programme_actions(programme)
    by_objective: dict[int, list[str]] = {}
    for a in actions:
        by_objective.setdefault(a.placed_in.pk, []).append(a.code)
    axes = [{"code": ax.code, "title": ax.title,
             "objectives": [{"code": o.code, "title": o.title, "actions": by_objective.get(o.pk, [])}
                            for o in ax.objectives.all()]} for ax in programme.axes.prefetch_related("objectives")]
    return {"dispositif_id": programme.dispositif_id, "dispositif": programme.dispositif.name,
            "title": programme.title, "starts_year": programme.starts_year, "ends_year": programme.ends_year,
            "published": programme.is_public, "summary": programme.summary, "axes": axes}


@router.get("/{dispositif_id}/actions", response=list[ActionOut], summary="Fiches actions d'un programme")
@paginate(PageNumberPagination, page_size=50)
def list_actions(request, dispositif_id: int, statut: str | None = None):
    """Les fiches actions (les siennes et celles partagées avec lui), filtrables par statut
    (`planned`, `in_progress`, `done`, `paused`, `abandoned`, `late`). Budget et risques
    seulement pour les coordinateurs et partenaires du dispositif."""
    programme = _programme(request, dispositif_id)
    private = allowed(user_of(request), "programme.view_private", programme.dispositif)
    actions = sorted(programme_actions(programme), key=lambda a: a.code)
    return [_action_out(a, private) for a in actions if statut is None or a.status == statut]


@router.get("/{dispositif_id}/actions/{action_id}", response=ActionOut, summary="Une fiche action")
def get_action(request, dispositif_id: int, action_id: int):
    programme = _programme(request, dispositif_id)
    action = next((a for a in programme_actions(programme) if a.pk == action_id), None)
    if action is None:
        from sante_locale.www.views.units import NotFound

        raise NotFound("Fiche action introuvable dans ce programme.")
    return _action_out(action, allowed(user_of(request), "programme.view_private", programme.dispositif))


def _indicator_out(indicator) -> dict:
    s = state(indicator)
    return {"id": indicator.pk, "code": indicator.code, "key": indicator.key, "label": indicator.label,
            "unit": indicator.unit, "kind": indicator.kind, "question": indicator.question, "mode": indicator.mode,
            "action": indicator.action.code if indicator.action_id else None,
            "baseline_value": indicator.baseline_value, "baseline_on": indicator.baseline_on,
            "frequency": indicator.frequency, "late": s.late, "next_due": s.next_due,
            "targets": [{"due_on": t.due_on, "value": t.value} for t in s.targets],
            "values": [{"measured_on": v.measured_on, "value": v.value, "source": v.source, "vintage": v.vintage,
                        "note": v.note} for v in s.values]}


@router.get("/{dispositif_id}/indicateurs", response=list[IndicatorOut], summary="Indicateurs et leurs valeurs")
def list_indicators(request, dispositif_id: int):
    """Indicateurs de population et mesures de performance du programme, avec cibles, valeurs
    datées et sources, et l'alerte de valeur en retard."""
    programme = _programme(request, dispositif_id)
    return [_indicator_out(i) for i in programme_indicators(programme)]


@router.get("/{dispositif_id}/indicateurs/{indicator_id}/valeurs", response=list[ValueOut],
            summary="Valeurs datées d'un indicateur")
def list_values(request, dispositif_id: int, indicator_id: int):
    programme = _programme(request, dispositif_id)
    indicator = get_object_or_404(Indicator, pk=indicator_id, programme=programme)
    return list(indicator.values.all())
