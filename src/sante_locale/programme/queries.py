"""Reading a programme: what a user may see, the actions of a programme (its own and those
shared into it), filtering and sorting them, the dispositifs of the same territory.
Readers only: nothing here writes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from sante_locale.accounts.access import allowed
from sante_locale.coordination.models import Dispositif
from sante_locale.core.programme.vocab import (
    APPROACHES,
    AUDIENCES,
    DETERMINANTS,
    PARTICIPATION,
    PLANS,
    PRIORITIES,
    STATUSES,
)
from sante_locale.programme.models import Action, Programme

PRIORITY_ORDER = {k: n for n, k in enumerate(PRIORITIES)}
STATUS_ORDER = {k: n for n, k in enumerate(STATUSES)}
#: sort key -> (French label, function of an action)
SORTS = {
    "code": ("code", lambda a: _natural(a.code)),
    "title": ("intitulé", lambda a: a.title.lower()),
    "status": ("statut", lambda a: STATUS_ORDER.get(a.status, 99)),
    "priority": ("priorité", lambda a: PRIORITY_ORDER.get(a.priority, 99)),
    "starts_on": ("début", lambda a: a.starts_on or dt.date.max),
    "ends_on": ("fin", lambda a: a.ends_on or dt.date.max),
}


def _natural(code: str) -> tuple:
    """« 1.10 » after « 1.9 »."""
    return tuple(int(p) if p.isdigit() else p for p in code.replace("-", ".").split("."))


def visible_programmes(user) -> QuerySet:
    """Programmes ``user`` may see (the same rule as ``programme.view_programme``)."""
    qs = Programme.objects.select_related("dispositif__kind")
    if user is not None and user.is_authenticated and user.is_active and (user.is_staff or user.is_superuser):
        return qs
    public = Q(is_published=True, dispositif__is_public=True)
    if user is None or not user.is_authenticated or user.pk is None:
        return qs.filter(public)
    from sante_locale.accounts.models import Role

    ids = Role.objects.filter(user_id=user.pk).object_ids(Dispositif, ("coordinator", "partner"))
    return qs.filter(public | Q(dispositif_id__in=ids))


def programme_actions(programme: Programme) -> list[Action]:
    """Own actions and actions shared into this programme, each with ``shared_from`` (the
    home programme's dispositif when the action comes from another programme, else ``None``)
    and ``placed_in`` (its objective in this programme)."""
    base = (Action.objects.select_related("objective__axis__programme__dispositif", "body")
            .prefetch_related("pilots", "partners", "shared_in__axis__programme__dispositif"))
    own = list(base.filter(objective__axis__programme=programme))
    for action in own:
        action.shared_from, action.placed_in = None, action.objective
    shared = list(base.filter(shared_in__axis__programme=programme).distinct())
    for action in shared:
        action.shared_from = action.objective.axis.programme.dispositif
        action.placed_in = next(o for o in action.shared_in.all() if o.axis.programme_id == programme.pk)
    return own + shared


@dataclass
class ActionFilter:
    """What the list of actions is filtered and sorted by (every criterion of a fiche)."""

    text: str = ""
    axis: str = ""
    status: list[str] = field(default_factory=list)
    priority: list[str] = field(default_factory=list)
    approach: list[str] = field(default_factory=list)
    participation: list[str] = field(default_factory=list)
    determinant: list[str] = field(default_factory=list)
    audience: list[str] = field(default_factory=list)
    plan: list[str] = field(default_factory=list)
    structure: int | None = None
    commune: str = ""
    qpv: str = ""
    year: int | None = None
    sort: str = "code"
    descending: bool = False

    CHOICES = {"status": STATUSES, "priority": PRIORITIES, "approach": APPROACHES, "participation": PARTICIPATION,
               "determinant": DETERMINANTS, "audience": AUDIENCES, "plan": PLANS}

    def apply(self, actions: list[Action]) -> list[Action]:
        out = [a for a in actions if self._keeps(a)]
        key = SORTS.get(self.sort, SORTS["code"])[1]
        return sorted(out, key=lambda a: (key(a), _natural(a.code)), reverse=self.descending)

    def _keeps(self, a: Action) -> bool:
        checks = [
            not self.text or self.text.lower() in f"{a.code} {a.title} {a.description}".lower(),
            not self.axis or a.placed_in.axis.code == self.axis,
            not self.status or a.status in self.status,
            not self.priority or a.priority in self.priority,
            not self.approach or a.approach in self.approach,
            not self.participation or a.participation in self.participation,
            not self.determinant or set(a.determinants) & set(self.determinant),
            not self.audience or set(a.audiences) & set(self.audience),
            not self.plan or set(a.plans) & set(self.plan),
            self.structure is None or self.structure in {s.pk for s in [*a.pilots.all(), *a.partners.all()]},
            not self.commune or a.communes.filter(insee_code=self.commune).exists(),
            not self.qpv or a.qpvs.filter(qpv_code=self.qpv).exists(),
            self.year is None or _runs_in(a, self.year),
        ]
        return all(checks)


def _runs_in(action: Action, year: int) -> bool:
    start = action.starts_on or dt.date.min
    end = action.ends_on or dt.date.max
    return start <= dt.date(year, 12, 31) and end >= dt.date(year, 1, 1)


def perimeter_communes(dispositif: Dispositif) -> set[str]:
    """INSEE codes of the communes of a dispositif's perimeter (empty when unknown)."""
    from sante_locale.territories.describe import member_communes
    from sante_locale.territories.lookup import UnknownTerritory
    from sante_locale.territories.models import Commune

    try:
        unit = dispositif.perimeter
    except UnknownTerritory:
        return set()
    if unit is None:
        return set()
    codes = set(member_communes(unit).values_list("insee_code", flat=True))
    if isinstance(unit, Commune):
        codes.add(unit.insee_code)
    return codes


def same_territory(dispositif: Dispositif, user) -> list[Dispositif]:
    """Other dispositifs whose perimeter shares a commune with this one's and whose grid
    ``user`` may read (the grid is private to each dispositif's coordinators and partners)."""
    mine = perimeter_communes(dispositif)
    out = []
    for other in Dispositif.objects.exclude(pk=dispositif.pk).select_related("kind"):
        if not allowed(user, "programme.view_selfassessment", other):
            continue
        if mine & perimeter_communes(other):
            out.append(other)
    return out
