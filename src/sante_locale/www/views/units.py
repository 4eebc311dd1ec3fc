"""The territory of a URL, as the requesting user may see it (a private custom territory of
someone else is « introuvable », as an unknown code is)."""

from django.http import Http404

from sante_locale.accounts.access import allowed
from sante_locale.accounts.models import record_refusal
from sante_locale.territories.lookup import UnknownTerritory, get_unit
from sante_locale.territories.models import Territory

PRIVATE = ("Territoire introuvable : ce code ne correspond à aucun territoire que votre compte peut voir "
           "(un territoire personnalisé est privé tant que son auteur ne l'a pas partagé).")


class NotFound(Http404):
    """A 404 whose message is French and meant for the user (shown on the 404 page)."""


def visible_unit(request, level: str, code: str):
    """The unit of ``level``/``code``, or 404 when unknown or not visible to the user."""
    try:
        unit = get_unit(level, code)
    except UnknownTerritory as exc:
        raise NotFound(str(exc)) from exc
    if isinstance(unit, Territory) and not allowed(request.user, "territories.view_territory", unit):
        record_refusal(request.user, "voir un territoire personnalisé", PRIVATE, target=unit,
                       path=request.path)
        raise NotFound(PRIVATE)
    return unit
