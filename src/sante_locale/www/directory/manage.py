"""Editors' pages of the directory (login required): services to update, editing, the stops
and closures of a service (added, modified, deleted)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from sante_locale.accounts.access import require
from sante_locale.accounts.models import record_refusal
from sante_locale.core import clock
from sante_locale.directory.models import MobileStop, Service, TemporaryClosure
from sante_locale.directory.permissions import editable_services
from sante_locale.directory.quality import quality
from sante_locale.www.directory.forms import ClosureForm, ServiceForm, StopForm
from sante_locale.www.directory.presenters import editor_items, summary
from sante_locale.www.views.units import NotFound


@login_required
def dashboard(request):
    require(request.user, "directory.view_stale_services", action="voir les services à mettre à jour",
            path=request.path)
    services = list(editable_services(request.user).select_related("structure", "commune")
                    .prefetch_related("stops", "closures").order_by("updated_on", "name"))
    rows = [{"service": s, "score": quality(s)[0], "stale": s.is_stale,
             "age": (clock.today() - s.updated_on).days} for s in services]
    return render(request, "www/directory/dashboard.html",
                  {"rows": rows, "stale_count": sum(r["stale"] for r in rows)})


def _editable(request, pk: int, action: str) -> Service:
    service = get_object_or_404(Service, pk=pk)
    require(request.user, "directory.change_service", service, action=action, path=request.path)
    return service


@login_required
def edit(request, pk: int):
    service = _editable(request, pk, "modifier ce service")
    form = ServiceForm(request.POST or None, instance=service, prefix="service")
    closure_form = ClosureForm(prefix="closure")
    stop_form = StopForm(prefix="stop")
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        item.updated_on = clock.today()
        item.commune = None  # found again from the INSEE code on save
        item.save()
        messages.success(request, "Service enregistré.")
        return redirect("directory_service", pk=service.pk)
    return render(request, "www/directory/edit.html", _edit_context(service, form=form, closure_form=closure_form,
                                                                    stop_form=stop_form))


def _edit_context(service, **forms) -> dict:
    """What the edit page shows: the forms (blank unless given), the quality score, the
    service's stops and closures."""
    score, criteria = quality(service)
    return {"service": service, "form": ServiceForm(instance=service, prefix="service"),
            "closure_form": ClosureForm(prefix="closure"), "stop_form": StopForm(prefix="stop"),
            "score": score, "criteria": criteria, **editor_items(service), **forms}


def _structures_for_new_services(user):
    """Structures ``user`` may add a service to (same rule as ``directory.add_service``)."""
    from sante_locale.accounts.access import allowed
    from sante_locale.directory.permissions import edited_structures
    from sante_locale.structures.models import Structure

    if user.is_staff or user.is_superuser:
        return Structure.objects.order_by("name")
    candidates = Structure.objects.filter(pk__in=edited_structures(user)).order_by("name")
    return [s for s in candidates if allowed(user, "directory.add_service", s)]


@login_required
def new(request):
    """A new service for a structure the user edits (``?structure=ID``), else the choice of structure."""
    from sante_locale.structures.models import Structure

    structure_id = request.GET.get("structure", "")
    if not structure_id.isdigit():
        return render(request, "www/directory/new_choose.html",
                      {"structures": _structures_for_new_services(request.user)})
    structure = get_object_or_404(Structure, pk=int(structure_id))
    require(request.user, "directory.add_service", structure, action="ajouter un service à cette structure",
            path=request.path)
    form = ServiceForm(request.POST or None, prefix="service", instance=Service(structure=structure))
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        item.updated_on = clock.today()
        item.save()
        messages.success(request, "Service ajouté à l'annuaire.")
        return redirect("directory_service", pk=item.pk)
    return render(request, "www/directory/new.html", {"structure": structure, "form": form})


def _edit_again(request, service, **forms):
    """The edit page again, with the refused form and its French messages (nothing saved)."""
    return render(request, "www/directory/edit.html", _edit_context(service, **forms), status=400)


def _add(request, pk: int, kind: str, action: str, done: str):
    """Add a stop or a closure to a service: the service is up to date today."""
    form_class = _KINDS[kind][1]
    service = _editable(request, pk, action)
    form = form_class(request.POST, prefix=kind)
    form.instance.service = service
    if form.is_valid():
        with transaction.atomic():
            form.save()
            _touched(service)
        messages.success(request, done)
        return redirect("directory_edit", pk=service.pk)
    return _edit_again(request, service, **{f"{kind}_form": form})


@login_required
@require_POST
def add_closure(request, pk: int):
    return _add(request, pk, "closure", "ajouter une fermeture à ce service", "Fermeture enregistrée.")


@login_required
@require_POST
def add_stop(request, pk: int):
    return _add(request, pk, "stop", "ajouter un arrêt à ce service", "Arrêt enregistré.")


@login_required
@require_POST
def confirm(request, pk: int):
    """The editor checked the service: it is up to date today."""
    service = _editable(request, pk, "confirmer ce service")
    service.updated_on = clock.today()
    service.save()
    messages.success(request, f"« {service.name} » marqué à jour aujourd'hui.")
    return redirect("directory_dashboard")


# --- a stop or a closure of a service: modify, delete ---------------------------------------------

#: kind -> (model, form, the French noun with its article, the « introuvable » message)
_KINDS = {
    "stop": (MobileStop, StopForm, "l'arrêt", "Arrêt introuvable : ce numéro ne correspond à aucun arrêt de ce "
             "service. Revenez à la page de modification du service."),
    "closure": (TemporaryClosure, ClosureForm, "la fermeture", "Fermeture introuvable : ce numéro ne correspond "
                "à aucune fermeture de ce service. Revenez à la page de modification du service."),
}


def _item_of(request, service: Service, kind: str, item_pk: int):
    """The stop or closure ``item_pk`` of ``service``; one of another service (a forged
    address) is journaled; both it and an unknown number are « introuvable » (404)."""
    model, _, noun, missing = _KINDS[kind]
    item = model.objects.filter(pk=item_pk).first()
    if item is None or item.service_id != service.pk:
        if item is not None:
            record_refusal(request.user, f"atteindre {noun} n° {item_pk} par l'adresse du service « {service} »",
                           missing + " (numéro d'un autre service)", target=item, path=request.path)
        raise NotFound(missing)
    return item


def _touched(service: Service) -> None:
    """A change of a stop or closure is a change of the service: it is up to date today."""
    service.updated_on = clock.today()
    service.save()


def _modify(request, pk: int, item_pk: int, kind: str, done: str):
    _, form_class, noun, _ = _KINDS[kind]
    service = _editable(request, pk, f"modifier {noun} d'un service")
    item = _item_of(request, service, kind, item_pk)
    text = summary(item)  # as saved: validating the form writes its values on the item
    form = form_class(request.POST or None, instance=item, prefix=kind)
    if request.method == "POST":
        if form.is_valid():
            with transaction.atomic():
                form.save()
                _touched(service)
            messages.success(request, done)
            return redirect("directory_edit", pk=service.pk)
        record_refusal(request.user, f"modifier {noun} d'un service", form.refusal(), target=item,
                       path=request.path)
    return render(request, "www/directory/item_edit.html",
                  {"service": service, "form": form, "noun": noun, "summary": text},
                  status=400 if form.errors else 200)


def _delete(request, pk: int, item_pk: int, kind: str, done: str):
    _, _, noun, _ = _KINDS[kind]
    service = _editable(request, pk, f"supprimer {noun} d'un service")
    item = _item_of(request, service, kind, item_pk)
    if request.method == "POST":
        with transaction.atomic():
            item.delete()
            _touched(service)
        messages.success(request, done)
        return redirect("directory_edit", pk=service.pk)
    return render(request, "www/directory/item_delete.html",
                  {"service": service, "noun": noun, "summary": summary(item)})


@login_required
def edit_stop(request, pk: int, stop_pk: int):
    return _modify(request, pk, stop_pk, "stop", "Arrêt modifié.")


@login_required
def delete_stop(request, pk: int, stop_pk: int):
    return _delete(request, pk, stop_pk, "stop", "Arrêt supprimé.")


@login_required
def edit_closure(request, pk: int, closure_pk: int):
    return _modify(request, pk, closure_pk, "closure", "Fermeture modifiée.")


@login_required
def delete_closure(request, pk: int, closure_pk: int):
    return _delete(request, pk, closure_pk, "closure", "Fermeture supprimée.")
