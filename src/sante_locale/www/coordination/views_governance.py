"""Governance pages: bodies and members, meetings (agenda, attendance, minutes, decisions),
decisions waiting for follow-up, agendas with their ICS files and subscribable URLs."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from sante_locale.accounts.access import allowed
from sante_locale.accounts.models import record_refusal
from sante_locale.coordination import governance
from sante_locale.coordination.models import (
    AgendaItem,
    Attendance,
    Body,
    BodyMember,
    CalendarToken,
    Decision,
    Dispositif,
    Meeting,
)
from sante_locale.www.coordination import presenters
from sante_locale.www.coordination.common import (
    child_object,
    confirm_page,
    form_page,
    guard,
    visible_object,
)
from sante_locale.www.coordination.forms_governance import (
    AgendaItemForm,
    AttendanceForm,
    BodyForm,
    BodyMemberForm,
    DecisionForm,
    FollowUpForm,
    MeetingForm,
)
from sante_locale.www.coordination.views_dispositifs import _dispositif
from sante_locale.www.views.units import NotFound

ICS = "text/calendar; charset=utf-8"


def _body(request, pk) -> Body:
    return visible_object(request, Body.objects.prefetch_related("dispositifs"), pk, "coordination.view_body",
                          "Instance")


def _meeting(request, pk) -> Meeting:
    return visible_object(request, Meeting.objects.select_related("body"), pk, "coordination.view_meeting",
                          "Réunion")


def body_new(request, pk):
    d = _dispositif(request, pk)
    refused = guard(request, "coordination.change_dispositif", d, "créer une instance de ce dispositif")
    if refused:
        return refused
    form = BodyForm(request.POST or None, dispositif=d, user=request.user)
    return form_page(request, form, action="créer une instance", title=f"Nouvelle instance de « {d.name} »", target=d,
                     save=lambda f: f.save(), success=lambda b: reverse("body", args=[b.pk]),
                     cancel=d.get_absolute_url())


def body_detail(request, pk):
    body = _body(request, pk)
    user = request.user
    return render(request, "www/coordination/body.html", {
        "b": body, "can_edit": allowed(user, "coordination.change_body", body),
        "dispositifs": [d for d in body.dispositifs.all() if allowed(user, "coordination.view_dispositif", d)],
        "members": list(body.members.select_related("person", "structure")) if user.is_authenticated else [],
        "meetings": list(Meeting.objects.visible_to(user).filter(body=body).order_by("-starts_at"))})


def body_edit(request, pk):
    body = _body(request, pk)
    refused = guard(request, "coordination.change_body", body, "modifier cette instance")
    if refused:
        return refused
    form = BodyForm(request.POST or None, instance=body, user=request.user)
    return form_page(request, form, action="modifier cette instance", title=f"Modifier « {body.name} »", target=body,
                     save=lambda f: f.save(), success=lambda b: reverse("body", args=[b.pk]),
                     cancel=reverse("body", args=[body.pk]))


def member_new(request, pk):
    body = _body(request, pk)
    refused = guard(request, "coordination.change_body", body, "ajouter un membre à cette instance")
    if refused:
        return refused
    form = BodyMemberForm(request.POST or None, body=body, instance=BodyMember(body=body))
    return form_page(request, form, action="ajouter un membre", title=f"Ajouter un membre à « {body.name} »",
                     target=body, save=lambda f: f.save(), success=lambda _: reverse("body", args=[body.pk]),
                     cancel=reverse("body", args=[body.pk]))


def member_delete(request, pk, item):
    body = _body(request, pk)
    refused = guard(request, "coordination.change_body", body, "retirer un membre de cette instance")
    if refused:
        return refused
    member = child_object(request, BodyMember.objects.select_related("person"), item, "body", body, "Membre")
    back = reverse("body", args=[body.pk])
    return confirm_page(request, title="Retirer un membre", question=f"Retirer {member.person.full_name} de l'instance ?",
                        do=lambda: (member.delete(), "Membre retiré.")[1], success=back, cancel=back)


def meeting_new(request, pk):
    d = _dispositif(request, pk)
    refused = guard(request, "coordination.change_dispositif", d, "programmer une réunion de ce dispositif")
    if refused:
        return refused
    if not d.bodies.exists():
        messages.error(request, "Créez d'abord une instance (comité de pilotage, comité technique…) de ce dispositif.")
        return redirect("body_new", d.pk)
    form = MeetingForm(request.POST or None, dispositif=d)
    return form_page(request, form, action="programmer une réunion", title=f"Programmer une réunion — {d.name}",
                     target=d, save=lambda f: f.save(), success=lambda m: m.get_absolute_url(),
                     cancel=d.get_absolute_url())


def meeting_detail(request, pk):
    meeting = _meeting(request, pk)
    context = presenters.meeting_context(request, meeting)
    return render(request, "www/coordination/meeting.html", context)


def _editable_meeting(request, pk, action):
    meeting = _meeting(request, pk)
    return meeting, guard(request, "coordination.change_meeting", meeting, action)


def meeting_edit(request, pk):
    meeting, refused = _editable_meeting(request, pk, "modifier cette réunion")
    if refused:
        return refused
    dispositif = meeting.body.dispositifs.first()
    form = MeetingForm(request.POST or None, instance=meeting, dispositif=dispositif)
    form.fields["body"].queryset = Body.objects.filter(dispositifs__in=meeting.body.dispositifs.all()).distinct()
    return form_page(request, form, action="modifier cette réunion", title=f"Modifier « {meeting.title} »",
                     target=meeting, save=lambda f: f.save(), success=lambda m: m.get_absolute_url(),
                     cancel=meeting.get_absolute_url())


def agenda_item_new(request, pk):
    meeting, refused = _editable_meeting(request, pk, "compléter l'ordre du jour")
    if refused:
        return refused
    order = (meeting.agenda.order_by("-order").values_list("order", flat=True).first() or 0) + 1
    form = AgendaItemForm(request.POST or None, instance=AgendaItem(meeting=meeting, order=order))
    return form_page(request, form, action="ajouter un point à l'ordre du jour", title="Ajouter un point à l'ordre du jour",
                     target=meeting, save=lambda f: f.save(), success=lambda _: meeting.get_absolute_url(),
                     cancel=meeting.get_absolute_url())


def attendance_new(request, pk):
    meeting, refused = _editable_meeting(request, pk, "noter une présence")
    if refused:
        return refused
    person_id = request.POST.get("person") if request.method == "POST" else None
    existing = Attendance.objects.filter(meeting=meeting, person_id=person_id).first() if person_id else None
    form = AttendanceForm(request.POST or None, meeting=meeting, instance=existing or Attendance(meeting=meeting))
    return form_page(request, form, action="noter une présence", title="Inviter ou noter une présence",
                     target=meeting, save=lambda f: f.save(), success=lambda _: meeting.get_absolute_url(),
                     cancel=meeting.get_absolute_url(),
                     intro="Une personne invitée dont le compte est partenaire du dispositif voit la réunion.")


def decision_new(request, pk):
    meeting, refused = _editable_meeting(request, pk, "enregistrer une décision")
    if refused:
        return refused
    form = DecisionForm(request.POST or None, instance=Decision(meeting=meeting))
    return form_page(request, form, action="enregistrer une décision", title=f"Décision — {meeting.title}",
                     target=meeting, save=lambda f: f.save(), success=lambda _: meeting.get_absolute_url() + "#decisions",
                     cancel=meeting.get_absolute_url())


def decision_follow_up(request, pk):
    decision = visible_object(request, Decision.objects.select_related("meeting__body", "owner"), pk,
                              "coordination.view_decision", "Décision")
    refused = guard(request, "coordination.change_decision", decision, "suivre cette décision")
    if refused:
        return refused
    form = FollowUpForm(request.POST or None, instance=decision)
    return form_page(request, form, action="suivre une décision", title="Suivi de la décision", target=decision,
                     save=lambda f: f.save(), success=lambda _: reverse("decisions_pending"),
                     cancel=reverse("decisions_pending"), intro=decision.text)


@login_required
def decisions_pending(request):
    return render(request, "www/coordination/decisions_pending.html",
                  {"pending": governance.pending_decisions(request.user)})


# --- agendas and calendars -----------------------------------------------------------------------


def dispositif_agenda(request, pk):
    d = _dispositif(request, pk)
    return render(request, "www/coordination/agenda.html", {
        "d": d, "meetings": governance.agenda(request.user, d), "ics": reverse("dispositif_agenda_ics", args=[d.pk]),
        "can_subscribe": request.user.is_authenticated})


def dispositif_agenda_ics(request, pk):
    d = _dispositif(request, pk)
    body = governance.calendar(governance.agenda(request.user, d).prefetch_related("agenda"), f"Agenda — {d.name}")
    return _ics(body, f"agenda-dispositif-{d.pk}.ics")


@login_required
def my_agenda(request):
    return render(request, "www/coordination/agenda.html", {
        "meetings": governance.agenda(request.user), "ics": reverse("my_agenda_ics"), "can_subscribe": True})


@login_required
def my_agenda_ics(request):
    body = governance.calendar(governance.agenda(request.user).prefetch_related("agenda"),
                               f"Agenda de {request.user.username} — Santé Locale")
    return _ics(body, "mon-agenda.ics")


def _ics(body: bytes, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=ICS)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
def calendar_feed(request, key):
    """A subscribed calendar: the secret in the URL stands for the user; read-only."""
    token = governance.token_for(key)
    if token is None:
        message = ("Lien d'abonnement inconnu ou révoqué : créez un nouveau lien depuis « Mon agenda » "
                   "(Abonnements).")
        record_refusal(None, "lire un agenda par abonnement", message, path="/agendas/…/.ics")
        raise NotFound(message)
    name = f"Agenda — {token.dispositif.name}" if token.dispositif_id else f"Agenda de {token.user.username}"
    return _ics(governance.calendar(governance.token_meetings(token), name), "agenda.ics")


@login_required
def calendar_tokens(request):
    """The user's subscription links; POST creates one (shown once)."""
    created = None
    if request.method == "POST":
        dispositif = None
        if request.POST.get("dispositif"):
            dispositif = Dispositif.objects.visible_to(request.user).filter(pk=request.POST["dispositif"]).first()
            if dispositif is None:
                message = "Dispositif introuvable : choisissez l'un de ceux que votre compte peut voir."
                record_refusal(request.user, "créer un abonnement d'agenda", message, path=request.path)
                raise NotFound(message)
        _, key = governance.issue_token(request.user, dispositif)
        created = request.build_absolute_uri(reverse("calendar_feed", args=[key]))
    return render(request, "www/coordination/calendar_tokens.html", {
        "tokens": CalendarToken.objects.filter(user=request.user).select_related("dispositif"), "created": created,
        "dispositifs": Dispositif.objects.visible_to(request.user).order_by("name")})


@login_required
@require_POST
def calendar_token_revoke(request, pk):
    token = CalendarToken.objects.filter(pk=pk, user=request.user).first()
    if token is None:
        message = "Abonnement introuvable : il a peut-être déjà été révoqué."
        record_refusal(request.user, f"révoquer l'abonnement n° {pk}", message, path=request.path)
        raise NotFound(message)
    token.delete()
    messages.success(request, "Lien d'abonnement révoqué : il ne donne plus accès à l'agenda.")
    return redirect("calendar_tokens")
