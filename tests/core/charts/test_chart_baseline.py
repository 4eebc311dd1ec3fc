"""The SVG of a fixed chart is compared byte for byte with a stored baseline.

After an intended change of the drawing, regenerate it with
``UPDATE_BASELINES=1 .venv/bin/pytest tests/core/portrait`` and review the diff."""

import os
from pathlib import Path

from sante_locale.core.charts import render
from sante_locale.core.portrait.model import Chart

BASELINES = Path(__file__).parent / "baselines"

BARS = Chart(
    "apl-communes",
    "APL aux médecins généralistes par commune",
    "bars",
    {
        "labels": ["Lens", "Liévin", "Avion", "Éleu-dit-Leauwette", "Loison-sous-Lens"],
        "values": [2.61, None, 1.85, 3.104, 0.0],
        "references": {"Pas-de-Calais": [3.1] * 5, "France": [3.4] * 5},
        "decimals": 1,
    },
    unit="consult./an/hab.",
    source="DREES, APL 2023",
    description="Accessibilité potentielle localisée de chaque commune du territoire.",
)


def check_baseline(name, text):
    path = BASELINES / name
    if os.environ.get("UPDATE_BASELINES") == "1":
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"baseline missing; run with UPDATE_BASELINES=1 to create {path}"
    assert text == path.read_text(encoding="utf-8")


def test_bars_chart_matches_its_baseline():
    check_baseline("bars.svg", render(BARS))
