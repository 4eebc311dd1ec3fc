"""Custom territories: create, edit, delete (login required; only the owner writes)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from sante_locale.core.formats import sorted_names
from sante_locale.territories.custom import InvalidMembers, parse_members, save_territory
from sante_locale.territories.models import Territory
from sante_locale.www.forms import TerritoryForm


def _owned(request, slug):
    territory = get_object_or_404(Territory, slug=slug)
    if territory.owner_id != request.user.pk and not request.user.is_superuser:
        raise PermissionDenied("Seul l'auteur de ce territoire peut le modifier.")
    return territory


@login_required
def index(request):
    territories = sorted_names(Territory.objects.filter(owner=request.user).prefetch_related("communes"),
                               key=lambda t: t.name)
    return render(request, "www/custom_index.html", {"territories": territories})


@login_required
def edit(request, slug=None):
    territory = _owned(request, slug) if slug else None
    if request.method == "POST":
        form = TerritoryForm(request.POST, instance=territory)
        if form.is_valid():
            try:
                communes = parse_members(form.cleaned_data["members"], form.epci_sirens())
            except InvalidMembers as exc:
                for problem in exc.problems:
                    form.add_error("members", problem)
            else:
                saved = save_territory(request.user, form.cleaned_data["name"],
                                       form.cleaned_data["description"], communes, territory)
                messages.success(request, f"Territoire « {saved.name} » enregistré ({len(communes)} communes).")
                return redirect(saved.get_absolute_url())
    else:
        initial = {}
        if territory:
            initial = {"name": territory.name, "description": territory.description,
                       "members": "\n".join(f"{c.insee_code} {c.name}" for c in territory.communes.all())}
        form = TerritoryForm(initial=initial, instance=territory)
    return render(request, "www/custom_edit.html", {"form": form, "territory": territory})


@login_required
@require_POST
def delete(request, slug):
    territory = _owned(request, slug)
    name = territory.name
    territory.delete()
    messages.success(request, f"Territoire « {name} » supprimé.")
    return redirect("custom_index")
