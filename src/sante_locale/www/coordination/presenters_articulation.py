"""The articulation page's context: rows ready for the templates (names, links, French
labels), the map with one layer per dispositif and the network graph."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from sante_locale.coordination.articulation import TerritoryArticulation, articulation_map, network
from sante_locale.coordination.exports import TABLE_KEYS, articulation_tables

TABLE_LABELS = {"couverture": "communes × dispositifs", "lacunes": "communes sans CLS ni ASV",
                "qpv": "QPV sans CLS ni ASV", "apl": "APL sous 2,5 hors CPTS", "chevauchements": "chevauchements",
                "partenaires": "partenaires partagés", "moyens": "moyens"}


def export_links(level: str, code: str) -> list[tuple[str, str]]:
    csv = reverse("articulation_export", args=[level, code, "csv"])
    return ([(reverse("articulation_export", args=[level, code, "xlsx"]), "tableur XLSX (tous les tableaux)"),
             (reverse("articulation_export", args=[level, code, "geojson"]), "carte GeoJSON (QGIS)")]
            + [(f"{csv}?tableau={key}", f"CSV : {TABLE_LABELS[key]}") for key in TABLE_KEYS])


def page_context(art: TerritoryArticulation, level: str, code: str) -> dict:
    r = art.result
    layers = []
    for j, row in enumerate(r.dispositifs.to_dict("records")):
        d = art.dispositifs[row["key"]]
        layers.append({"index": j, "key": row["key"], "name": d.name, "kind": row["kind_label"],
                       "url": d.get_absolute_url(), "css": f"layer-{j % 8}",
                       "communes": int(r.coverage[:, j].sum())})
    tables = {t.key: t for t in articulation_tables(art)}
    svg_map = articulation_map(art) if len(r.communes) else None
    net, cut = network(art)
    return {
        "unit": art.unit, "art": art, "r": r, "layers": layers, "map": svg_map, "tables": tables,
        "coverage_rows": _coverage_rows(art), "network": net, "network_cut": cut,
        "network_text": [(n, net.neighbours(n.key)) for n in net.nodes if n.kind == "dispositif"],
        "downloads": export_links(level, code), "apl_source": art.apl_source,
        "demo": any(d.is_demo for d in art.dispositifs.values()), "tile_url": settings.TILE_URL,
    }


def _coverage_rows(art: TerritoryArticulation) -> list[dict]:
    r = art.result
    rows = []
    for i, c in enumerate(r.communes.to_dict("records")):
        rows.append({"insee_code": c["insee_code"], "name": c["name"], "population": c["population"],
                     "count": int(r.coverage[i].sum()),
                     "bare": bool(r.uncovered[i]), "covering": [art.name(k) for k in r.covering(i)]})
    return rows
