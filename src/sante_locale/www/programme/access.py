"""The dispositif, programme and objects of a URL, as the requesting user may see them.

What a user may not even see is « introuvable » (404, nothing revealed about it) for a
logged-in user; an anonymous visitor is asked to log in (403 with a link). What a user sees
but may not change is refused (403) and recorded in the journal of refused attempts.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from sante_locale.accounts.access import Forbidden, allowed, require
from sante_locale.accounts.models import record_refusal
from sante_locale.coordination.models import Dispositif
from sante_locale.programme.models import Programme
from sante_locale.www.views.units import NotFound

HIDDEN = ("Programme introuvable : ce dispositif n'existe pas ou votre compte ne peut pas voir son programme "
          "(il est réservé à ses coordinateurs et partenaires tant qu'il n'est pas publié).")


def dispositif_of(request, pk: int) -> Dispositif:
    return get_object_or_404(Dispositif.objects.select_related("kind", "carrier"), pk=pk)


def programme_of(dispositif: Dispositif) -> Programme | None:
    return Programme.objects.filter(dispositif=dispositif).select_related("dispositif").first()


def must_see(request, perm: str, obj, action: str) -> None:
    """404 for a logged-in user who may not see ``obj``, 403 (log in) for an anonymous one."""
    if allowed(request.user, perm, obj):
        return
    if not request.user.is_authenticated:
        require(request.user, perm, obj, action=action, path=request.path)
    record_refusal(request.user, action, HIDDEN, target=obj, path=request.path)
    raise NotFound(HIDDEN)


def must_change(request, perm: str, obj, action: str) -> None:
    """The user sees ``obj`` (else 404) and may ``perm`` it (else 403, recorded)."""
    view = perm.replace(".change_", ".view_").replace(".delete_", ".view_").replace(".add_", ".view_")
    if view != perm and not allowed(request.user, view, obj):
        must_see(request, view, obj, action)
    require(request.user, perm, obj, action=action, path=request.path)


def readable_programme(request, pk: int) -> tuple[Dispositif, Programme]:
    """The dispositif and its programme, if the user may see it (404 when it has none)."""
    dispositif = dispositif_of(request, pk)
    programme = programme_of(dispositif)
    if programme is None:
        if allowed(request.user, "programme.add_programme", dispositif):
            raise NotFound("Ce dispositif n'a pas encore de programme : créez-le depuis la page du programme.")
        must_see(request, "programme.view_programme", Programme(dispositif=dispositif), "voir ce programme")
        raise NotFound(HIDDEN)
    must_see(request, "programme.view_programme", programme, "voir ce programme")
    return dispositif, programme


def in_programme(request, model, programme: Programme, pk: int, **lookup):
    """An object of ``programme`` by ``pk`` (404 when it belongs to another programme: a
    forged address, journaled like every refused attempt)."""
    qs = model if hasattr(model, "model") else model.objects
    obj = qs.filter(pk=pk, **lookup).first()
    if obj is None or programme.pk not in [p.pk for p in obj.programmes()]:
        what = qs.model._meta.verbose_name
        message = f"{what.capitalize()} introuvable dans ce programme."
        if obj is not None:
            record_refusal(request.user, f"atteindre {what} n° {pk} par l'adresse du programme de "
                           f"« {programme.dispositif} »", message + " (identifiant d'un objet d'un autre programme)",
                           target=obj, path=request.path)
        raise NotFound(message)
    return obj


__all__ = ["Forbidden", "dispositif_of", "in_programme", "must_change", "must_see", "programme_of",
           "readable_programme"]
