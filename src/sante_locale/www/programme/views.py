"""The programme of a dispositif: overview (axes → objectifs → fiches actions, filtered and
sorted), creation, and the axes and objectives. HTTP only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models.deletion import ProtectedError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from sante_locale.accounts.access import allowed, require
from sante_locale.programme.models import Action, Axis, Objective, Programme
from sante_locale.programme.queries import programme_actions
from sante_locale.www.programme import presenters
from sante_locale.www.programme.access import (
    dispositif_of,
    in_programme,
    must_change,
    must_see,
    programme_of,
    readable_programme,
)
from sante_locale.www.programme.forms import AxisForm, ObjectiveForm, ProgrammeForm


def overview(request, pk):
    dispositif = dispositif_of(request, pk)
    programme = programme_of(dispositif)
    if programme is None:
        if not allowed(request.user, "programme.add_programme", dispositif):
            must_see(request, "programme.view_programme", Programme(dispositif=dispositif), "voir ce programme")
        context = presenters.frame(request, dispositif, None, "programme")
        context.update(form=ProgrammeForm(), can_create=allowed(request.user, "programme.add_programme", dispositif))
        return render(request, "www/programme/empty.html", context)
    must_see(request, "programme.view_programme", programme, "voir ce programme")
    actions = programme_actions(programme)
    chosen = presenters.action_filter(request.GET)
    shown = chosen.apply(actions)
    context = presenters.frame(request, dispositif, programme, "programme")
    filtering = any(k in request.GET for k in ("q", "axe", "tri", "structure", "annee", "commune", "qpv",
                                                *chosen.CHOICES))
    context.update(tree=presenters.tree(programme, shown), actions=shown, total=len(actions), filter=chosen,
                   filtering=filtering, statuses=presenters.status_summary(actions),
                   **presenters.filter_choices(programme, actions))
    return render(request, "www/programme/overview.html", context)


@login_required
@require_POST
def create(request, pk):
    dispositif = dispositif_of(request, pk)
    require(request.user, "programme.add_programme", dispositif, action="créer le programme de ce dispositif",
            path=request.path)
    form = ProgrammeForm(request.POST, instance=Programme(dispositif=dispositif))
    if programme_of(dispositif) is None and form.is_valid():
        form.save()
        messages.success(request, "Programme créé : ajoutez ses axes stratégiques.")
    elif form.errors:
        messages.error(request, "Programme non créé : " + " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("programme", pk)


def _edit(request, *, dispositif, programme, form_class, instance, perm, action, title, intro="", success,
          back, extra=None, form_kwargs=None):
    """Show and save one form of the programme (login and ``perm`` required)."""
    must_change(request, perm, instance, action)
    kwargs = form_kwargs or {}
    form = form_class(request.POST or None, instance=instance, **kwargs)
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        messages.success(request, success(saved))
        return redirect(back(saved))
    context = presenters.frame(request, dispositif, programme, "programme")
    context.update(form=form, title=title, intro=intro, cancel=back(instance) if instance.pk else
                   reverse("programme", args=[dispositif.pk]), **(extra or {}))
    return render(request, "www/programme/form.html", context, status=400 if form.errors else 200)


@login_required
def edit(request, pk):
    dispositif, programme = readable_programme(request, pk)
    return _edit(request, dispositif=dispositif, programme=programme, form_class=ProgrammeForm, instance=programme,
                 perm="programme.change_programme", action="modifier ce programme",
                 title=f"Modifier le programme de {dispositif}", success=lambda p: "Programme enregistré.",
                 back=lambda p: reverse("programme", args=[pk]))


@login_required
def axis_edit(request, pk, item=None):
    dispositif, programme = readable_programme(request, pk)
    axis = in_programme(request, Axis, programme, item) if item else Axis(programme=programme,
                                                                 order=programme.axes.count() + 1)
    return _edit(request, dispositif=dispositif, programme=programme, form_class=AxisForm, instance=axis,
                 perm="programme.change_axis", action="modifier les axes de ce programme",
                 title="Modifier l'axe stratégique" if item else "Nouvel axe stratégique",
                 success=lambda a: f"Axe « {a} » enregistré.", back=lambda a: reverse("programme", args=[pk]),
                 form_kwargs={"programme": programme})


@login_required
def objective_edit(request, pk, item=None):
    dispositif, programme = readable_programme(request, pk)
    if item:
        objective = in_programme(request, Objective, programme, item)
    else:
        axis = programme.axes.filter(pk=request.GET.get("axe") or 0).first() or programme.axes.first()
        objective = Objective(axis=axis) if axis else Objective(axis=Axis(programme=programme))
        if axis is None:
            messages.error(request, "Créez d'abord un axe stratégique : un objectif se rattache à un axe.")
            return redirect("programme", pk)
    return _edit(request, dispositif=dispositif, programme=programme, form_class=ObjectiveForm, instance=objective,
                 perm="programme.change_objective", action="modifier les objectifs de ce programme",
                 title="Modifier l'objectif" if item else "Nouvel objectif",
                 success=lambda o: f"Objectif « {o} » enregistré.", back=lambda o: reverse("programme", args=[pk]),
                 form_kwargs={"programme": programme})


def _delete(request, pk, model, item, what: str):
    dispositif, programme = readable_programme(request, pk)
    obj = in_programme(request, model, programme, item)
    must_change(request, f"programme.delete_{model._meta.model_name}", obj, f"supprimer {what}")
    back = reverse("programme", args=[pk])
    if request.method == "POST":
        label = str(obj)
        holds = (Action.objects.filter(objective=obj) if isinstance(obj, Objective) else
                 Action.objects.filter(objective__axis=obj) if isinstance(obj, Axis) else Action.objects.none())
        if holds.exists():
            messages.error(request, f"« {label} » n'a pas été supprimé : déplacez ou supprimez d'abord ses fiches "
                           "actions.")
            return redirect(back)
        try:
            obj.delete()
        except ProtectedError:
            messages.error(request, f"« {label} » n'a pas été supprimé : d'autres données en dépendent.")
            return redirect(back)
        messages.success(request, f"« {label} » supprimé.")
        return redirect(request.POST.get("suite") if request.POST.get("suite", "").startswith("/") else back)
    context = presenters.frame(request, dispositif, programme, "programme")
    context.update(obj=obj, what=what, cancel=back)
    return render(request, "www/programme/confirm_delete.html", context)


@login_required
def axis_delete(request, pk, item):
    return _delete(request, pk, Axis, item, "cet axe (et ses objectifs)")


@login_required
def objective_delete(request, pk, item):
    return _delete(request, pk, Objective, item, "cet objectif")
