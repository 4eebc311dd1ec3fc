"""One rounding: for every commune of the demo EPCI, the APL table, the map's tooltip, the
portrait (its table and its map), the scenario, the CLI and the exports write the same value.

Two values are forced onto the national run at rounding boundaries: 3.2849 (shown 3,28; the
table used to round it to 3 decimals first and show 3,29) and 2.675 (2.67499999… in binary:
float formatting writes 2,67, the one rule writes 2,68 like every other output)."""

import csv
import io
import json
import re
from html import unescape
from html.parser import HTMLParser

import pytest

from sante_locale.accessibility import engine
from sante_locale.cli import main
from sante_locale.core.access.parameters import default_parameters
from sante_locale.core.formats import plain
from sante_locale.portraits import service
from sante_locale.territories.models import EPCI, Commune

pytestmark = pytest.mark.django_db
EPCI_SIREN = "246200364"
BOUNDARIES = {"62019": 3.2849, "62498": 2.675}  # Aix-Noulette, Lens


class _Tables(HTMLParser):
    """Every table of a page: rows of cell texts (header row included)."""

    def __init__(self):
        super().__init__()
        self.tables, self._cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def _tables(html: str) -> list[list[list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


@pytest.fixture
def pages(demo_supply, client, user, tmp_path, monkeypatch):
    monkeypatch.setattr(service, "cache_dir", lambda: tmp_path)
    service._MEMORY.clear()
    communes = {c.name: c.insee_code for c in Commune.objects.filter(epci__epci_siren=EPCI_SIREN, kind="COM")}
    client.force_login(user)
    return communes, client


def _apl_page(client) -> tuple[dict, dict]:
    html = client.get(f"/territoires/epci/{EPCI_SIREN}/apl/").content.decode()
    table = {code: plain(text) for code, text in re.findall(r'data-apl="(\d{5})">([^<]*)</td>', html)}
    tooltips = {plain(unescape(name)): value for name, value in
                re.findall(r"<title>([^<]*?) — APL ([^<]*)</title>", html)}
    return table, tooltips


def _portrait(client, communes) -> tuple[dict, dict]:
    html = client.get(f"/territoires/epci/{EPCI_SIREN}/portrait/").content.decode()
    table = next(t for t in _tables(html) if t and any(h.startswith("APL médecins généralistes") for h in t[0]))
    column = next(i for i, h in enumerate(table[0]) if h.startswith("APL médecins généralistes"))
    code_column = table[0].index("Code INSEE")
    cells = {row[code_column]: plain(row[column]) for row in table[1:]}
    tooltips = {communes[plain(unescape(name))]: value for name, value in
                re.findall(r"<title>([^<]*?) — [^<]*\(APL ([^)<]*)\)</title>", html)}
    return cells, tooltips


def _scenario(client) -> dict:
    html = client.post(f"/territoires/epci/{EPCI_SIREN}/apl/scenario/",
                       {"profession": "medecin_generaliste", "retire_age": "90"}).content.decode()
    return {code: plain(text) for code, text in re.findall(r'data-apl="(\d{5})">([^<]*)</td>', html)}


def test_table_tooltip_portrait_scenario_cli_and_exports_agree(pages, capsys):
    communes, client = pages
    table, tooltips = _apl_page(client)
    portrait, portrait_tooltips = _portrait(client, communes)
    scenario = _scenario(client)
    assert len(table) == len(communes) == 36
    for name, code in communes.items():
        shown = table[code]
        assert re.fullmatch(r"\d+,\d\d", shown), (name, shown)
        assert tooltips[name] == portrait[code] == portrait_tooltips[code] == scenario[code] == shown, name
    assert main(["apl", "calculer", "--territoire", f"epci:{EPCI_SIREN}", "--format", "json"]) == 0
    cli = {c["insee_code"]: c["apl"] for c in json.loads(capsys.readouterr().out)["communes"]}
    rows = list(csv.reader(io.StringIO(service.export(EPCI.objects.get(epci_siren=EPCI_SIREN), "csv")
                                       .read_text(encoding="utf-8-sig")), delimiter=";"))
    apl_column = next(i for i, h in enumerate(rows[0]) if h.startswith("APL médecins généralistes"))
    exported = {r[0]: r[apl_column] for r in rows[1:]}
    for code, shown in table.items():
        assert f"{cli[code]:.2f}".replace(".", ",") == shown and exported[code] == shown.rstrip("0").rstrip(","), code


def test_values_at_a_rounding_boundary_are_rounded_once(pages):
    communes, client = pages
    run = engine.baseline(default_parameters())  # the run every page reads (computed in memory here)
    for code, value in BOUNDARIES.items():
        run.frame.loc[run.frame["insee_code"] == code, "apl"] = value
    table, tooltips = _apl_page(client)
    portrait, portrait_tooltips = _portrait(client, communes)
    names = {code: name for name, code in communes.items()}
    assert [table[c] for c in BOUNDARIES] == ["3,28", "2,68"]
    for code in BOUNDARIES:
        assert tooltips[names[code]] == portrait[code] == portrait_tooltips[code] == table[code]
