"""Image baseline of a map: the SVG drawn for a fixed layer must not change unnoticed.

Regenerate deliberately with ``UPDATE_BASELINES=1``.
"""

import math
import os
from pathlib import Path

import shapely

from sante_locale.core.map_classes import COLOURS, ClassScheme, ValueClass
from sante_locale.core.portrait.maps import layer_map
from sante_locale.core.portrait.model import Column, MapLayer, Portrait, Table

BASELINE = Path(__file__).parent / "baselines" / "map.svg"


def _svg() -> str:
    rows = [{"insee_code": "A", "name": "Alpha", "apl": 1.2}, {"insee_code": "B", "name": "Bêta", "apl": 3.0},
            {"insee_code": "C", "name": "Gamma", "apl": None}]
    geometries = {"A": shapely.box(2.70, 50.30, 2.80, 50.40), "B": shapely.box(2.80, 50.30, 2.95, 50.42),
                  "C": shapely.Polygon([(2.70, 50.40), (2.80, 50.40), (2.75, 50.47)])}
    portrait = Portrait({"name": "Test"}, "2026-11-23", [], [], Table("communes", "Communes",
                        [Column("insee_code", "Code"), Column("apl", "APL", "", 2)], rows), geometries)
    classes = ClassScheme("apl_test", "APL", tuple(
        ValueClass(key, upper, inclusive, css, label, COLOURS[css]) for key, upper, inclusive, css, label in (
            ("low", 2.5, False, "apl-low", "bas"), ("mid", 4.0, True, "apl-mid", "moyen"),
            ("high", math.inf, True, "apl-high", "haut"))))
    layer = MapLayer("apl_map", "APL", "apl", classes)
    drawn = layer_map(portrait, layer, width=400, height=300)
    paths = "".join(f'<path d="{s.path}" fill="{s.attrs["fill"]}"><title>{s.attrs["name"]} — {s.attrs["label"]}'
                    "</title></path>" for s in drawn.shapes)
    return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{drawn.view_box}">{paths}</svg>\n'


def test_map_matches_its_baseline():
    svg = _svg()
    if os.environ.get("UPDATE_BASELINES") == "1":
        BASELINE.write_text(svg)
    assert svg == BASELINE.read_text()
    assert svg.count("<path") == 3 and "#ce614a" in svg and "#fcc63a" in svg and "non disponible" in svg
