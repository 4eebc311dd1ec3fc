"""Search and territory pages: HTTP only, the figures come from the territories app."""

from django.conf import settings
from django.shortcuts import redirect, render

from sante_locale.accounts.access import allowed
from sante_locale.territories import describe as describing
from sante_locale.territories.lookup import UnknownTerritory
from sante_locale.territories.lookup import search as find
from sante_locale.www.views.units import visible_unit


def _shown(query: str) -> str:
    """The query as the page repeats it: cut, so that a very long query does not fill the page."""
    return query if len(query) <= 60 else query[:60] + "…"


def search(request):
    query = request.GET.get("q", "")
    try:
        hits = find(query, limit=30, user=request.user)
    except UnknownTerritory as exc:
        return render(request, "www/search.html", {"query": _shown(query), "error": str(exc), "hits": []},
                      status=400)
    if len(hits) == 1 or (hits and request.GET.get("aller") and hits[0].code.upper() == query.strip().upper()
                          and not any(h.matched.startswith("code postal") for h in hits)):
        return redirect(hits[0].url)
    kinds = {h.matched.split(" ")[1] for h in hits if h.matched}
    return render(request, "www/search.html", {"query": _shown(query), "hits": hits,
                                               "several_codes": {"INSEE", "postal"} <= kinds})


def detail(request, level, code):
    unit = visible_unit(request, level, code)
    description = describing.describe(unit)
    svg_map = describing.territory_map(unit)
    return render(request, "www/territory.html", {
        "unit": unit, "d": description, "map": svg_map,
        "tiles": svg_map.tiles(settings.TILE_URL) if settings.TILE_URL else [],
        "can_edit": level == "territoire" and allowed(request.user, "territories.change_territory", unit),
        "can_delete": level == "territoire" and allowed(request.user, "territories.delete_territory", unit),
    })
