"""Articulation pages: for any territory (official or custom), the dispositifs covering it,
their map, gaps, overlaps, shared partners, network and means; exports."""

from __future__ import annotations

import json

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify

from sante_locale.coordination import articulation as articulating
from sante_locale.coordination.exports import (
    TABLE_KEYS,
    articulation_geojson,
    articulation_notes,
    articulation_tables,
    table_csv,
    xlsx_bytes,
)
from sante_locale.territories.lookup import UnknownTerritory, resolve
from sante_locale.www.coordination.presenters_articulation import page_context
from sante_locale.www.views.units import NotFound, visible_unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def choose(request):
    """Pick a territory by code or name (GET ``territoire``)."""
    code = request.GET.get("territoire", "").strip()
    error = ""
    if code:
        try:
            unit = resolve(code, request.user)
        except UnknownTerritory as exc:
            error = str(exc)
        else:
            return redirect("articulation", unit.level, unit.code)
    return render(request, "www/coordination/articulation_choose.html", {"code": code, "error": error},
                  status=400 if error else 200)


def page(request, level, code):
    unit = visible_unit(request, level, code)
    art = articulating.gather(unit, request.user)
    return render(request, "www/coordination/articulation.html", page_context(art, level, code))


def export(request, level, code, fmt):
    unit = visible_unit(request, level, code)
    if fmt not in ("csv", "xlsx", "geojson"):
        raise NotFound(f"Format « {fmt} » inconnu : choisissez csv, xlsx ou geojson.")
    art = articulating.gather(unit, request.user)
    base = f"articulation-{slugify(unit.name) or unit.code}"
    if fmt == "geojson":
        response = HttpResponse(json.dumps(articulation_geojson(art), ensure_ascii=False),
                                content_type="application/geo+json")
        response["Content-Disposition"] = f'attachment; filename="{base}.geojson"'
        return response
    tables = articulation_tables(art)
    if fmt == "csv":
        key = request.GET.get("tableau", "couverture")
        if key not in TABLE_KEYS:
            raise NotFound(f"Tableau « {key} » inconnu : choisissez parmi {', '.join(TABLE_KEYS)}.")
        table = next(t for t in tables if t.key == key)
        response = HttpResponse(("\ufeff" + table_csv(table)).encode("utf-8"), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{base}-{key}.csv"'
        return response
    response = HttpResponse(xlsx_bytes(tables, f"Articulation des dispositifs — {unit.name}",
                                       articulation_notes(art)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{base}.xlsx"'
    return response
