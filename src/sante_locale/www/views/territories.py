"""Search and territory pages: HTTP only, the figures come from the territories app."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render

from sante_locale.territories import describe as describing
from sante_locale.territories.lookup import UnknownTerritory, get_unit
from sante_locale.territories.lookup import search as find


def _shown(query: str) -> str:
    """The query as the page repeats it: cut, so that a very long query does not fill the page."""
    return query if len(query) <= 60 else query[:60] + "…"


def search(request):
    query = request.GET.get("q", "")
    try:
        hits = find(query, limit=30)
    except UnknownTerritory as exc:
        return render(request, "www/search.html", {"query": _shown(query), "error": str(exc), "hits": []},
                      status=400)
    if len(hits) == 1 or (hits and request.GET.get("aller") and hits[0].code.upper() == query.strip().upper()):
        return redirect(hits[0].url)
    return render(request, "www/search.html", {"query": _shown(query), "hits": hits})


def detail(request, level, code):
    try:
        unit = get_unit(level, code)
    except UnknownTerritory as exc:
        raise Http404(str(exc)) from exc
    description = describing.describe(unit)
    svg_map = describing.territory_map(unit)
    return render(request, "www/territory.html", {
        "unit": unit, "d": description, "map": svg_map,
        "tiles": svg_map.tiles(settings.TILE_URL) if settings.TILE_URL else [],
        "can_edit": level == "territoire" and request.user.is_authenticated and unit.owner_id == request.user.pk,
    })
