"""Maps of a portrait's layers: communes coloured by class, as SVG (page and PDF alike)."""

from __future__ import annotations

from sante_locale.core import maps
from sante_locale.core.formats import fr_number
from sante_locale.core.indicators import INDICATORS, shown
from sante_locale.core.map_classes import COLOURS, value_class
from sante_locale.core.portrait.model import MapLayer, Portrait

POINT_COLOURS = {"msp": "#000091", "centre_de_sante": "#ce0500", "cpts": "#6e445a", "cmp": "#18753c",
                 "cmpp": "#3558a2", "pmi": "#b34000", "pharmacie": "#009081", "hopital": "#161616"}


def layer_map(portrait: Portrait, layer: MapLayer, width: int = 800, height: int = 600) -> maps.SvgMap:
    """The communes of ``portrait`` drawn and coloured for ``layer``; attrs carry the fill colour.

    A layer with ``points`` draws the communes in grey and the points over them, coloured by kind.
    """
    if layer.points:
        features = [(portrait.geometries.get(r["insee_code"]), {"code": r["insee_code"], "name": r["name"],
                     "css": "missing", "fill": "#e5e5e5", "label": r["name"]}) for r in portrait.communes.rows]
        points = [(p["lon"], p["lat"], {"name": p["name"], "label": p.get("label", ""),
                                        "fill": POINT_COLOURS.get(p.get("kind"), "#161616")})
                  for p in layer.points if p.get("lon") is not None and p.get("lat") is not None]
        return maps.draw(features, width, height, points=points)
    features = []
    for row in portrait.communes.rows:
        geometry = portrait.geometries.get(row["insee_code"])
        value = row.get(layer.column)
        css, label = value_class(value, layer.classes)
        text = shown(layer.column, value) if layer.column in INDICATORS else fr_number(value)
        if layer.column == "apl":
            text = f"APL {text}"  # as the APL page's tooltips: rounded once, with the registry's decimals
        elif layer.column == "nearest_minutes":
            text = f"{text} min"
        shown_label = label if value is None else f"{label} ({text})"
        features.append((geometry, {"code": row["insee_code"], "name": row["name"], "css": css,
                                    "fill": COLOURS.get(css, "#d9d9d9"), "label": shown_label}))
    return maps.draw(features, width, height)
