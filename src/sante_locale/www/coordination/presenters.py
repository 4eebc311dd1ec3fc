"""What the coordination pages show, as plain context (no computing: the apps compute)."""

from __future__ import annotations

from django.http import QueryDict

from sante_locale.accounts.access import allowed
from sante_locale.coordination import governance
from sante_locale.coordination.models import (
    PARTNER_ROLES,
    STATUSES,
    Dispositif,
    DispositifKind,
    Meeting,
)
from sante_locale.coordination.perimeters import describe, dispositif_communes, population_of
from sante_locale.coordination.registry import roles_on
from sante_locale.programme.models import Programme


def list_filters(params: QueryDict) -> dict:
    return {"kind": params.get("type", ""), "status": params.get("statut", ""),
            "territory": params.get("territoire", "").strip()}


def filter_choices() -> dict:
    return {"kinds": DispositifKind.objects.all(), "statuses": list(STATUSES.items())}


def dispositif_context(request, d: Dispositif) -> dict:
    user = request.user
    can_edit = allowed(user, "coordination.change_dispositif", d)
    partners: dict[str, list] = {label: [] for label in PARTNER_ROLES.values()}
    for p in d.partnerships.select_related("structure", "representative").order_by("structure__name"):
        partners[p.get_role_display()].append(p)
    communes = list(dispositif_communes(d).only("insee_code", "name", "population").order_by("-population", "name"))
    bodies = [b for b in d.bodies.prefetch_related("dispositifs") if allowed(user, "coordination.view_body", b)]
    meetings = list(governance.agenda(user, d, past_days=3650)[:20])
    programme = Programme.objects.filter(dispositif=d).first()
    return {
        "d": d, "can_edit": can_edit, "perimeter_label": describe(d), "population": population_of(d),
        "communes": communes, "partners": [(role, items) for role, items in partners.items() if items],
        "fundings": list(d.fundings.select_related("funder")),
        "links_out": list(d.links_out.select_related("target").filter(target__in=Dispositif.objects.visible_to(user))),
        "links_in": list(d.links_in.select_related("source").filter(source__in=Dispositif.objects.visible_to(user))),
        "comments": list(d.comments.select_related("author")) if allowed(user, "coordination.view_comment", d) else [],
        "can_comment": allowed(user, "coordination.comment_dispositif", d),
        "bodies": bodies, "meetings": meetings,
        "pending": governance.pending_decisions(user, d)[:10],
        "roles": list(roles_on(d)) if allowed(user, "coordination.manage_roles", d) else [],
        "can_manage_roles": allowed(user, "coordination.manage_roles", d),
        "history_label": "coordination.dispositif",
        # its programme: shown when one may read it (or create it); grid and review are private
        "programme": programme,
        "programme_links": (allowed(user, "programme.view_programme", programme or Programme(dispositif=d))
                            or allowed(user, "programme.add_programme", d)),
        "programme_private": allowed(user, "programme.view_private", d),
    }


def meeting_context(request, meeting: Meeting) -> dict:
    user = request.user
    can_edit = allowed(user, "coordination.change_meeting", meeting)
    return {"m": meeting, "can_edit": can_edit,
            "dispositifs": [d for d in meeting.body.dispositifs.all()
                            if allowed(user, "coordination.view_dispositif", d)],
            "agenda": list(meeting.agenda.all()),
            "attendances": list(meeting.attendances.select_related("person__structure")),
            "decisions": list(meeting.decisions.select_related("owner"))}
