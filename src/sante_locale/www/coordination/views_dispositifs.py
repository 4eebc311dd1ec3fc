"""Dispositif pages: list, page, create/edit, partners, funding, links, comments, roles,
export. Writes ask ``coordination.change_dispositif`` (coordinators, administrators)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify

from sante_locale.accounts.access import require
from sante_locale.accounts.models import Role, record_refusal
from sante_locale.coordination import registry
from sante_locale.coordination.articulation import covering
from sante_locale.coordination.exports import dispositif_bytes
from sante_locale.coordination.models import Dispositif, DispositifLink, Funding, Partnership
from sante_locale.territories.lookup import UnknownTerritory, resolve
from sante_locale.www.coordination import presenters
from sante_locale.www.coordination.common import (
    NOT_FOUND,
    child_object,
    confirm_page,
    form_page,
    guard,
    refuse_input,
    visible_object,
)
from sante_locale.www.coordination.forms import (
    CommentForm,
    DispositifForm,
    FundingForm,
    LinkForm,
    PartnershipForm,
    RoleForm,
)
from sante_locale.www.views.units import NotFound

WHAT = "Dispositif"
EXPORTS = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "json": "application/json"}


def _dispositif(request, pk) -> Dispositif:
    return visible_object(request, Dispositif.objects.select_related("kind", "carrier", "coordinator",
                                                                       "perimeter_territory"),
                          pk, "coordination.view_dispositif", WHAT)


def dispositif_list(request):
    filters = presenters.list_filters(request.GET)
    qs = Dispositif.objects.visible_to(request.user).select_related("kind", "carrier")
    error = ""
    if filters["kind"]:
        qs = qs.filter(kind__key=filters["kind"])
    if filters["status"]:
        qs = qs.filter(status=filters["status"])
    if filters["territory"]:
        try:
            unit = resolve(filters["territory"], request.user)
        except UnknownTerritory as exc:
            error = str(exc)
            qs = qs.none()
        else:
            qs = covering(unit, qs)
    return render(request, "www/coordination/dispositif_list.html", {
        "dispositifs": qs.order_by("kind__order", "name"), "filters": filters, "error": error,
        **presenters.filter_choices()}, status=400 if error else 200)


def dispositif_detail(request, pk):
    d = _dispositif(request, pk)
    return render(request, "www/coordination/dispositif.html", presenters.dispositif_context(request, d))


def dispositif_new(request):
    refused = guard(request, "coordination.add_dispositif", None, "créer un dispositif")
    if refused:
        return refused
    form = DispositifForm(request.POST or None, user=request.user)
    return form_page(request, form, action="créer un dispositif", title="Nouveau dispositif",
                     save=lambda f: registry.save_dispositif(request.user, f.save(commit=False), f.perimeter),
                     success=lambda d: d.get_absolute_url(), cancel=reverse("dispositif_list"),
                     intro="Vous en deviendrez coordinateur·rice : vous pourrez ensuite donner des rôles à d'autres "
                           "comptes.")


def dispositif_edit(request, pk):
    d = _dispositif(request, pk)
    refused = guard(request, "coordination.change_dispositif", d, "modifier ce dispositif")
    if refused:
        return refused
    form = DispositifForm(request.POST or None, instance=d, user=request.user)
    return form_page(request, form, action="modifier ce dispositif", title=f"Modifier « {d.name} »", target=d,
                     save=lambda f: registry.save_dispositif(request.user, f.save(commit=False), f.perimeter),
                     success=lambda d: d.get_absolute_url(), cancel=d.get_absolute_url())


def dispositif_export(request, pk, fmt):
    d = _dispositif(request, pk)
    if fmt not in EXPORTS:
        raise NotFound(f"Format « {fmt} » inconnu : choisissez xlsx ou json.")
    response = HttpResponse(dispositif_bytes(d, fmt), content_type=EXPORTS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{slugify(d.name) or "dispositif"}.{fmt}"'
    return response


def _editable(request, pk, action):
    d = _dispositif(request, pk)
    return d, guard(request, "coordination.change_dispositif", d, action)


def partnership_new(request, pk):
    d, refused = _editable(request, pk, "ajouter un partenaire à ce dispositif")
    if refused:
        return refused
    form = PartnershipForm(request.POST or None, dispositif=d, instance=Partnership(dispositif=d))
    return form_page(request, form, action="ajouter un partenaire", title=f"Ajouter un partenaire à « {d.name} »",
                     save=lambda f: f.save(), success=lambda p: d.get_absolute_url() + "#partenaires", target=d,
                     cancel=d.get_absolute_url(),
                     intro="La structure n'existe pas encore ? Créez-la d'abord dans le registre des structures.")


def partnership_delete(request, pk, item):
    d, refused = _editable(request, pk, "retirer un partenaire de ce dispositif")
    if refused:
        return refused
    p = child_object(request, Partnership.objects.select_related("structure"), item, "dispositif", d, "Partenariat")
    return confirm_page(request, title="Retirer un partenaire",
                        question=f"Retirer {p.structure} ({p.get_role_display()}) du dispositif « {d.name} » ?",
                        do=lambda: (p.delete(), f"{p.structure} retiré·e des partenaires.")[1],
                        success=d.get_absolute_url(), cancel=d.get_absolute_url())


def funding_new(request, pk, item=None):
    d, refused = _editable(request, pk, "modifier les financements de ce dispositif")
    if refused:
        return refused
    funding = (child_object(request, Funding.objects.all(), item, "dispositif", d, "Financement") if item
               else Funding(dispositif=d))
    form = FundingForm(request.POST or None, instance=funding)
    return form_page(request, form, action="enregistrer un financement", target=d,
                     title=("Modifier un financement" if item else "Ajouter un financement") + f" de « {d.name} »",
                     save=lambda f: f.save(), success=lambda _: d.get_absolute_url() + "#financements",
                     cancel=d.get_absolute_url())


def funding_delete(request, pk, item):
    d, refused = _editable(request, pk, "supprimer un financement de ce dispositif")
    if refused:
        return refused
    f = child_object(request, Funding.objects.select_related("funder"), item, "dispositif", d, "Financement")
    return confirm_page(request, title="Supprimer un financement", question=f"Supprimer le financement « {f} » ?",
                        do=lambda: (f.delete(), "Financement supprimé.")[1], success=d.get_absolute_url(),
                        cancel=d.get_absolute_url())


def link_new(request, pk):
    d, refused = _editable(request, pk, "lier ce dispositif à un autre")
    if refused:
        return refused
    form = LinkForm(request.POST or None, source=d, user=request.user, instance=DispositifLink(source=d))
    return form_page(request, form, action="lier ce dispositif à un autre", title=f"Lier « {d.name} » à un autre dispositif",
                     save=lambda f: f.save(), success=lambda _: d.get_absolute_url() + "#liens", target=d,
                     cancel=d.get_absolute_url())


def link_delete(request, pk, item):
    d, refused = _editable(request, pk, "supprimer un lien de ce dispositif")
    if refused:
        return refused
    link = child_object(request, DispositifLink.objects.select_related("target"), item, "source", d, "Lien")
    return confirm_page(request, title="Supprimer un lien", question=f"Supprimer le lien « {link} » ?",
                        do=lambda: (link.delete(), "Lien supprimé.")[1], success=d.get_absolute_url(),
                        cancel=d.get_absolute_url())


def comment_new(request, pk):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"], "Envoyez le commentaire depuis la page du dispositif.")
    d = _dispositif(request, pk)
    require(request.user, "coordination.comment_dispositif", d, action="commenter ce dispositif", path=request.path)
    form = CommentForm(request.POST)
    if form.is_valid():
        comment = form.save(commit=False)
        comment.dispositif, comment.author = d, request.user
        comment.save()
        messages.success(request, "Commentaire publié.")
    else:
        refuse_input(request, form, "commenter ce dispositif", d)
        messages.error(request, "Commentaire vide : rien n'a été publié.")
    return redirect(d.get_absolute_url() + "#commentaires")


def dispositif_roles(request, pk):
    d = _dispositif(request, pk)
    refused = guard(request, "coordination.manage_roles", d, "gérer les rôles de ce dispositif")
    if refused:
        return refused
    form = RoleForm(request.POST or None)
    return form_page(request, form, action="donner un rôle sur ce dispositif", title=f"Rôles sur « {d.name} »",
                     save=lambda f: registry.give_role(d, f.cleaned_data["username"], f.cleaned_data["kind"],
                                                       request.user),
                     success=lambda _: reverse("dispositif_roles", args=[d.pk]), target=d,
                     cancel=d.get_absolute_url(), template="www/coordination/roles.html",
                     extra={"d": d, "roles": registry.roles_on(d)})


def role_delete(request, pk, item):
    d = _dispositif(request, pk)
    refused = guard(request, "coordination.manage_roles", d, "retirer un rôle sur ce dispositif")
    if refused:
        return refused
    role = Role.objects.filter(pk=item).select_related("user").first()
    if role is None or not Role.objects.on(d).filter(pk=item).exists():
        message = NOT_FOUND.format(what="Rôle")
        if role is not None:
            record_refusal(request.user, f"retirer le rôle n° {item} par l'adresse de « {d} »", message,
                           target=role, path=request.path)
        raise NotFound(message)
    if registry.last_coordinator(role):
        messages.error(request, "C'est le dernier rôle de coordination : donnez d'abord ce rôle à un autre compte.")
        return redirect("dispositif_roles", d.pk)
    return confirm_page(request, title="Retirer un rôle",
                        question=f"Retirer le rôle {role.get_kind_display()} de {role.user.username} ?",
                        do=lambda: (role.delete(), "Rôle retiré.")[1],
                        success=reverse("dispositif_roles", args=[d.pk]), cancel=reverse("dispositif_roles", args=[d.pk]))
