"""The change history of one object: who, when, before → after (coordinators of the object
and administrators; the journal of refused attempts: administrators)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from sante_locale.accounts import history
from sante_locale.accounts.access import require
from sante_locale.accounts.models import RefusedAttempt
from sante_locale.www.views.units import NotFound


@login_required
def object_history(request, label, pk):
    model = history.tracked_models().get(label)
    if model is None:
        raise NotFound(f"Aucun historique n'est tenu pour « {label} ».")
    obj = model.objects.filter(pk=pk).first()
    app_label, model_name = label.split(".")
    if obj is None:  # deleted: its history is for administrators only
        require(request.user, "accounts.view_history", None, action="lire l'historique d'un objet supprimé",
                path=request.path)
    else:
        require(request.user, f"{app_label}.change_{model_name}", obj,
                action=f"lire l'historique de {obj}", path=request.path)
    entries = history.entries(model, pk)
    if not entries:
        raise NotFound("Aucune modification enregistrée pour cet objet.")
    return render(request, "www/history.html", {"obj": obj, "model": model, "entries": entries,
                                                "verbose_name": model._meta.verbose_name})


@login_required
def refusals(request):
    require(request.user, "accounts.view_refusedattempt", None, action="lire le journal des tentatives refusées",
            path=request.path)
    attempts = RefusedAttempt.objects.select_related("user")[:500]
    return render(request, "www/refusals.html", {"attempts": attempts})
