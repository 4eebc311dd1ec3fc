"""Public pages of the directory (no login): search, service page, embeds, open data."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode

from sante_locale.accounts.access import allowed, require
from sante_locale.core.sources.data_inclusion import (
    SERVICE_FIELDS,
    STRUCTURE_FIELDS,
    csv_text,
    dump_json,
)
from sante_locale.directory.exchange import export_records
from sante_locale.directory.models import Service
from sante_locale.directory.search import PlaceNotFound, resolve_place, search
from sante_locale.www.directory.cache import per_minute
from sante_locale.www.directory.forms import SearchForm
from sante_locale.www.directory.presenters import results_map, service_details
from sante_locale.www.views.units import NotFound


def _search_context(request) -> dict:
    form = SearchForm(request.GET or None)
    context = {"form": form, "searched": False, "results": [], "place": None, "map": None, "error": ""}
    if request.GET and form.is_valid():
        data = form.cleaned_data
        context["searched"] = True
        place = None
        if data["q"]:
            try:
                place = resolve_place(data["q"])
            except PlaceNotFound as exc:
                context["error"] = str(exc)
                return context
        results = search(place, user=request.user, theme=data["theme"], audience=data["public"],
                         free_only=data["gratuit"], open_now=data["ouvert"])
        context.update(place=place, results=results, map=results_map(place, results))
    return context


@per_minute
def index(request):
    return render(request, "www/directory/search.html", _search_context(request))


def _visible_service(request, pk: int) -> Service:
    service = get_object_or_404(Service.objects.select_related("structure", "structure__directory", "commune")
                                .prefetch_related("stops__commune", "closures"), pk=pk)
    require(request.user, "directory.view_service", service, action="voir ce service (il n'est pas publié)",
            path=request.path)
    return service


@per_minute
def service(request, pk: int):
    item = _visible_service(request, pk)
    context = {"service": item, **service_details(item),
               "can_edit": allowed(request.user, "directory.change_service", item)}
    return render(request, "www/directory/service.html", context)


@per_minute
def embed_index(request):
    return render(request, "www/directory/embed_search.html", _search_context(request))


@per_minute
def embed_service(request, pk: int):
    item = _visible_service(request, pk)
    back = reverse("directory_embed")
    query = request.GET.get("retour", "")
    if query:
        back += "?" + urlencode({k: v for k, v in QueryDict(query).items() if k in SearchForm.base_fields})
    return render(request, "www/directory/embed_service.html", {"service": item, "back": back,
                                                                **service_details(item)})


def snippet(request):
    """The iframe code a town pastes into its website, for the options chosen."""
    form = SearchForm(request.GET or None)
    params = {k: v for k, v in (form.cleaned_data.items() if form.is_valid() else []) if v}
    query = urlencode({k: ("on" if v is True else v) for k, v in params.items()})
    src = request.build_absolute_uri(reverse("directory_embed")) + (f"?{query}" if query else "")
    code = (f'<iframe src="{src}" title="Annuaire des services de santé près de chez vous" '
            'width="100%" height="640" style="border:0" loading="lazy"></iframe>')
    return render(request, "www/directory/snippet.html", {"form": form, "code": code, "src": src,
                                                          "embed_origins": settings.EMBED_ALLOWED_ORIGINS})


def open_data(request):
    return render(request, "www/directory/open_data.html", {"count": Service.objects.published().count()})


def open_data_file(request, name: str):
    if name not in ("services.json", "services.csv", "structures.csv"):
        raise NotFound("Fichier inconnu : les données ouvertes de l'annuaire sont services.json, services.csv "
                       "et structures.csv.")
    structures, services = export_records(Service.objects.published())
    if name == "services.json":
        response = HttpResponse(dump_json(structures, services), content_type="application/json; charset=utf-8")
    elif name == "services.csv":
        response = HttpResponse(csv_text(services, SERVICE_FIELDS), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(csv_text(structures, STRUCTURE_FIELDS), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="annuaire-{name}"'
    return response
