"""Editors' pages of the directory (login required): services to update, editing, closures."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from sante_locale.accounts.access import require
from sante_locale.core import clock
from sante_locale.directory.models import Service
from sante_locale.directory.permissions import editable_services
from sante_locale.directory.quality import quality
from sante_locale.www.directory.forms import ClosureForm, ServiceForm, StopForm


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
    score, criteria = quality(service)
    return render(request, "www/directory/edit.html", {"service": service, "form": form,
                                                       "closure_form": closure_form, "stop_form": stop_form,
                                                       "score": score, "criteria": criteria})


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


@login_required
@require_POST
def add_closure(request, pk: int):
    service = _editable(request, pk, "ajouter une fermeture à ce service")
    form = ClosureForm(request.POST, prefix="closure")
    form.instance.service = service
    if form.is_valid():
        form.save()
        messages.success(request, "Fermeture enregistrée.")
        return redirect("directory_edit", pk=service.pk)
    return _edit_again(request, service, closure_form=form)


def _edit_again(request, service, **forms):
    """The edit page again, with the refused form and its French messages (nothing saved)."""
    score, criteria = quality(service)
    context = {"service": service, "form": ServiceForm(instance=service, prefix="service"),
               "closure_form": ClosureForm(prefix="closure"), "stop_form": StopForm(prefix="stop"),
               "score": score, "criteria": criteria, **forms}
    return render(request, "www/directory/edit.html", context, status=400)


@login_required
@require_POST
def add_stop(request, pk: int):
    service = _editable(request, pk, "ajouter un arrêt à ce service")
    form = StopForm(request.POST, prefix="stop")
    form.instance.service = service
    if form.is_valid():
        form.save()
        messages.success(request, "Arrêt enregistré.")
        return redirect("directory_edit", pk=service.pk)
    return _edit_again(request, service, stop_form=form)


@login_required
@require_POST
def confirm(request, pk: int):
    """The editor checked the service: it is up to date today."""
    service = _editable(request, pk, "confirmer ce service")
    service.updated_on = clock.today()
    service.save()
    messages.success(request, f"« {service.name} » marqué à jour aujourd'hui.")
    return redirect("directory_dashboard")
