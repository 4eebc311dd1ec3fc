"""Portrait pages: HTTP only; the portraits app builds and caches everything."""

from django.http import FileResponse
from django.shortcuts import render

from sante_locale.portraits import service
from sante_locale.territories.lookup import UnknownTerritory, resolve
from sante_locale.www.views.units import NotFound, visible_unit


def _peer(request):
    code = request.GET.get("pair", "").strip()
    if not code:
        return None, "", None
    try:
        return resolve(code, request.user), code, None
    except UnknownTerritory as exc:
        return None, code, str(exc)


def page(request, level, code):
    unit = visible_unit(request, level, code)
    peer, peer_code, peer_error = _peer(request)
    portrait = service.portrait_of(unit, peer)
    context = service.page_context(portrait)
    context.update(unit=unit, peer=peer, peer_code=peer_code, peer_error=peer_error,
                   downloads=[(fmt, label) for fmt, (_, label) in service.FORMATS.items()])
    return render(request, "www/portrait.html", context)


def download(request, level, code, fmt):
    unit = visible_unit(request, level, code)
    if fmt not in service.FORMATS:
        raise NotFound(f"Format « {fmt} » inconnu : choisissez parmi {', '.join(service.FORMATS)}.")
    peer, _, _ = _peer(request)
    path = service.export(unit, fmt, peer)
    portrait = service.portrait_of(unit, peer)
    return FileResponse(path.open("rb"), as_attachment=True, filename=service.file_name(portrait, fmt),
                        content_type=service.FORMATS[fmt][0])
