import math
import re
import xml.etree.ElementTree as ET

import pytest

from sante_locale.core.charts import render
from sante_locale.core.portrait.model import Chart

NS = "{http://www.w3.org/2000/svg}"


def parse(svg):
    root = ET.fromstring(svg)
    assert root.tag == f"{NS}svg"
    assert root.get("role") == "img"
    assert root.find(f"{NS}title") is not None and root.find(f"{NS}desc") is not None
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    assert "nan" not in svg.lower() and "inf" not in svg.lower().replace("information", "")
    return root


def by_class(root, name):
    return [e for e in root.iter() if e.get("class") == name]


def texts(root):
    return [e.text for e in root.iter(f"{NS}text")]


def test_bars_draw_one_bar_per_present_value_with_french_numbers():
    chart = Chart("apl", "APL", "bars", {
        "labels": ["Lens", "Liévin", "Avion", "Éleu"],
        "values": [2.55, None, float("nan"), 1234.5],
        "references": {"Département": [3.1, 3.1, 3.1, 3.1], "France": [3.4, None, 3.4, 3.4]},
        "decimals": 1,
    }, description="APL des communes.")
    root = parse(render(chart))
    assert len(by_class(root, "bar")) == 2
    assert len(by_class(root, "reference")) == 7
    assert [e.text for e in by_class(root, "missing")] == ["n.d.", "n.d."]
    assert "1\u202f234,5" in texts(root)
    # one rounding rule (core.formats.rounded): 2.55 reads 2,6, half away from zero on the decimal the
    # float stands for, although it is 2.5499… in binary (float formatting would write 2,5)
    assert "2,6" in texts(root) and "2,5" not in texts(root)
    assert {"Département", "France"} <= set(texts(root))
    desc = root.find(f"{NS}desc").text
    assert desc.startswith("APL des communes. Lens : ") and "Liévin : n.d." in desc


def test_compare_draws_one_bar_per_series_and_indicator_with_a_legend():
    chart = Chart("cmp", "Comparaison", "compare", {
        "indicators": ["Densité", "Part des 75 ans ou plus"],
        "series": {"Territoire": [1009.4, 0.081], "Département": [220.5, None],
                   "Région": [188.0, 0.09], "France": [105.0, float("nan")]},
        "decimals": [0, 2],
    })
    root = parse(render(chart))
    assert len(by_class(root, "bar")) == 6
    assert len(by_class(root, "missing")) == 2
    assert {"1\u202f009", "0,08", "0,09", "Territoire", "France"} <= set(texts(root))


def test_strip_draws_the_reference_box_and_one_dot_per_commune_with_a_value():
    chart = Chart("strip", "APL", "strip", {
        "reference_label": "Pas-de-Calais",
        "reference_values": [1.0, 2.0, 2.5, 3.0, None, float("nan"), 5.5],
        "values": [{"label": "Lens", "value": 2.1}, {"label": "Liévin", "value": 2.12},
                   {"label": "Avion", "value": None}, {"label": "Éleu", "value": float("nan")}],
        "threshold": 2.5, "decimals": 1,
    })
    root = parse(render(chart))
    assert len(by_class(root, "dot")) == 2
    assert len(by_class(root, "box")) == 1 and len(by_class(root, "threshold")) == 1
    assert "Seuil : 2,5" in texts(root)
    assert "2 communes du territoire : n.d." in texts(root)
    dots = by_class(root, "dot")
    assert dots[0].get("cy") != dots[1].get("cy")  # close values are stacked, not hidden


def test_histogram_draws_one_bar_per_counted_bin():
    chart = Chart("h", "Distribution", "histogram",
                  {"bins": [0, 1.5, 3, 4.5], "counts": [3, None, 12], "threshold": 2.5})
    root = parse(render(chart))
    assert len(by_class(root, "bar")) == 2
    assert {"1,5", "12", "n.d.", "Seuil : 2,5"} <= set(texts(root))


@pytest.mark.parametrize("kind, data", [
    ("bars", {}),
    ("bars", {"labels": ["a", "b"], "values": [None, math.nan]}),
    ("bars", {"labels": [], "values": []}),
    ("bars", {"labels": ["a"], "values": "oops"}),
    ("compare", {"indicators": ["x"], "series": {"Territoire": [None]}}),
    ("compare", {"indicators": ["x"], "series": {}}),
    ("strip", {"reference_values": [], "values": []}),
    ("strip", {"values": [{"label": "a", "value": None}]}),
    ("histogram", {"bins": [0], "counts": [1]}),
    ("histogram", {"bins": [0, 1], "counts": [math.nan]}),
])
def test_charts_without_any_value_say_so(kind, data):
    root = parse(render(Chart("x", "Vide", kind, data)))
    assert texts(root) == ["Aucune donnée"]


@pytest.mark.parametrize("kind, data", [
    ("bars", {"labels": ["a"], "values": [0]}),
    ("bars", {"labels": ["a", "b"], "values": [-2.5, 3], "decimals": 1}),
    ("bars", {"labels": ["a"], "values": [None], "references": {"France": [3]}}),
    ("compare", {"indicators": ["x", "y"], "series": {"T": [1.0], "F": [2, -1]}}),
    ("strip", {"reference_values": [4.0], "values": [{"label": "a", "value": 4.0}]}),
    ("strip", {"reference_values": [], "values": [{"label": "a", "value": -1e-9}]}),
    ("strip", {"reference_values": [1e6, 2e6], "values": [], "threshold": 0}),
    ("histogram", {"bins": [0, 1], "counts": [0]}),
    ("histogram", {"bins": [1, 0, 2, 3], "counts": [5, 2, 1]}),
])
def test_edge_cases_render_valid_svg(kind, data):
    svg = render(Chart("x", "Cas limite", kind, data))
    parse(svg)
    assert not [t for t in texts(ET.fromstring(svg)) if re.match(r"[-−]0(,0*)?(\xa0|$)", t)]


def test_output_is_deterministic_and_escaped():
    chart = Chart("a&b", "R&D <santé>", "bars", {"labels": ['"x" & <y>'], "values": [1]})
    assert render(chart) == render(chart)
    root = parse(render(chart))
    assert root.find(f"{NS}title").text == "R&D <santé>"


def test_unknown_kind_is_refused_in_french():
    with pytest.raises(ValueError, match="Type de graphique inconnu"):
        render(Chart("x", "X", "pie", {}))


def test_a_crowded_strip_keeps_a_bounded_height():
    values = [{"label": f"c{i}", "value": 2.0 + i * 1e-4} for i in range(200)]
    root = parse(render(Chart("s", "APL", "strip", {"reference_values": [1, 3], "values": values})))
    assert len(by_class(root, "dot")) == 200
    assert float(root.get("height")) < 250


LONG_NAMES = ["Communauté d'agglomération de Lens - Liévin", "Saint-Rémy-en-Bouzemont-Saint-Genest-et-Isson"]


def _label_lines(root):
    """(text of each line, x, anchor, font size) of every label drawn, wrapped or not."""
    out = []
    for text in root.iter(f"{NS}text"):
        spans = list(text.iter(f"{NS}tspan")) or [text]
        for span in spans:
            out.append((span.text or "", float(span.get("x")), text.get("text-anchor", "start"),
                        float(text.get("font-size"))))
    return out


@pytest.mark.parametrize("kind", ["bars", "compare", "strip"])
def test_long_names_are_written_whole_inside_the_chart(kind):
    """Long territory and commune names were cut (« … ») or ran off the left edge."""
    data = {
        "bars": {"labels": LONG_NAMES, "values": [1.5, 2.5], "decimals": 1},
        "compare": {"indicators": ["Médecins généralistes"], "series": {n: [8.2] for n in LONG_NAMES},
                    "decimals": 1},
        "strip": {"reference_label": LONG_NAMES[1], "reference_values": [1.0, 2.0, 3.0],
                  "values": [{"label": "Lens", "value": 2.0}]},
    }[kind]
    root = parse(render(Chart("c", "Noms longs", kind, data)))
    lines = _label_lines(root)
    written = " ".join(t for t, *_ in lines)
    names = LONG_NAMES[1:] if kind == "strip" else LONG_NAMES
    for name in names:  # every word of the name is written (lines break at spaces and hyphens)
        assert all(word in written for word in re.split(r"[ -]+", name)), name
    assert "…" not in written
    width = float(root.get("width"))
    for text, x, anchor, size in lines:
        extent = len(text) * size * 0.6
        left = x - extent if anchor == "end" else x - extent / 2 if anchor == "middle" else x
        assert left >= -0.5 and left + extent <= width + 0.5, (text, x, anchor)
