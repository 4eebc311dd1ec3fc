"""Custom territories: create, edit, share, delete (login required; rights from the
permission layer: the owner, the users it is shared with for editing, administrators)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models.deletion import ProtectedError
from django.shortcuts import get_object_or_404, redirect, render

from sante_locale.accounts.access import allowed, require
from sante_locale.accounts.models import record_refusal
from sante_locale.core.formats import sorted_names
from sante_locale.territories.custom import (
    InvalidMembers,
    NameTaken,
    parse_members,
    save_territory,
    set_shares,
    shares,
)
from sante_locale.territories.models import Territory
from sante_locale.www.forms import TerritoryForm
from sante_locale.www.views.units import PRIVATE, NotFound


def _territory(request, slug, perm: str, action: str) -> Territory:
    """The territory of ``slug`` if the user may ``perm`` it (404 when not even visible, 403 else)."""
    territory = get_object_or_404(Territory, slug=slug)
    if not allowed(request.user, "territories.view_territory", territory):
        record_refusal(request.user, action, PRIVATE, target=territory, path=request.path)
        raise NotFound(PRIVATE)
    require(request.user, perm, territory, action=action, path=request.path)
    return territory


@login_required
def index(request):
    own = sorted_names(Territory.objects.filter(owner=request.user).prefetch_related("communes"),
                       key=lambda t: t.name)
    others = sorted_names(Territory.objects.visible_to(request.user).exclude(owner=request.user)
                          .select_related("owner").prefetch_related("communes"), key=lambda t: t.name)
    return render(request, "www/custom_index.html", {"territories": own, "others": others})


@login_required
def edit(request, slug=None):
    territory = _territory(request, slug, "territories.change_territory", "modifier ce territoire") if slug else None
    can_share = territory is None or allowed(request.user, "territories.share_territory", territory)
    if request.method == "POST":
        form = TerritoryForm(request.POST, owner=request.user, instance=territory,
                             initial=_initial(territory) if territory else None)
        if not can_share:
            for name in ("visibility", "readers", "editors"):
                form.fields[name].disabled = True
        if form.is_valid():
            try:
                communes = parse_members(form.cleaned_data["members"], form.epci_sirens())
                saved = save_territory(request.user, form.cleaned_data["name"], form.cleaned_data["description"],
                                       communes, territory,
                                       visibility=form.cleaned_data["visibility"] if can_share else None)
            except InvalidMembers as exc:
                for problem in exc.problems:
                    form.add_error("members", problem)
            except NameTaken as exc:
                form.add_error("name", str(exc))
            else:
                if can_share:
                    set_shares(saved, form.cleaned_data["readers"], form.cleaned_data["editors"], by=request.user)
                messages.success(request, f"Territoire « {saved.name} » enregistré ({len(communes)} communes, "
                                 f"{saved.get_visibility_display().split(' (')[0]}).")
                return redirect(saved.get_absolute_url())
    else:
        form = TerritoryForm(initial=_initial(territory) if territory else None, owner=request.user,
                             instance=territory)
        if not can_share:
            for name in ("visibility", "readers", "editors"):
                form.fields[name].disabled = True
    return render(request, "www/custom_edit.html", {"form": form, "territory": territory},
                  status=400 if form.errors else 200)


def _initial(territory: Territory) -> dict:
    shared = shares(territory)
    return {"name": territory.name, "description": territory.description, "visibility": territory.visibility,
            "members": "\n".join(f"{c.insee_code} {c.name}" for c in territory.communes.order_by("insee_code")),
            "readers": "\n".join(u.username for u in shared["reader"]),
            "editors": "\n".join(u.username for u in shared["editor"])}


@login_required
def delete(request, slug):
    """GET asks to confirm; POST deletes (a perimeter still used by a dispositif is kept)."""
    territory = _territory(request, slug, "territories.delete_territory", "supprimer ce territoire")
    if request.method != "POST":
        return render(request, "www/custom_delete.html", {"territory": territory})
    name = territory.name
    try:
        territory.delete()
    except ProtectedError as exc:
        users = ", ".join(sorted({str(o) for o in exc.protected_objects})[:5])
        messages.error(request, f"Le territoire « {name} » n'a pas été supprimé : il sert de périmètre à {users}. "
                       "Changez d'abord leur périmètre.")
        return redirect(territory.get_absolute_url())
    messages.success(request, f"Territoire « {name} » supprimé.")
    return redirect("custom_index")

