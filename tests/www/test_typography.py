"""French typography by rule: the main pages and the portrait's PDF are scanned for an
ordinary (or full no-break) space where the rule wants a narrow no-break one — before
« : ; ! ? % », inside « », between groups of digits — and for straight apostrophes in prose.

Only what a person reads is scanned: the text of the page and its read attributes (title,
alt, aria-label, placeholder); tags, other attributes, scripts, styles and code are not prose.
"""

import re
from html.parser import HTMLParser

import pytest
from pypdf import PdfReader

from sante_locale.core.formats import NNBSP, fr_number, plain
from sante_locale.portraits import service
from sante_locale.territories.models import EPCI

pytestmark = pytest.mark.django_db

RAW = {"script", "style", "code", "pre", "kbd", "samp", "textarea"}
READ_ATTRIBUTES = {"title", "alt", "aria-label", "placeholder"}
RULES = {
    "espace avant : ; ! ? %": re.compile(r"[ \xa0][:;!?%]"),
    "espace après «": re.compile(r"«[ \xa0]"),
    "espace avant »": re.compile(r"[ \xa0]»"),
    "groupes de chiffres": re.compile(r"(?<![\d,])\d{1,3}(?:[ \xa0]\d{3})+(?![\d])"),
    "apostrophe droite": re.compile(r"[^\W\d_]'[^\W_]"),
}


class _Prose(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts, self._raw = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in RAW:
            self._raw += 1
        self.texts += [value for name, value in attrs if name in READ_ATTRIBUTES and value]

    def handle_endtag(self, tag):
        if tag in RAW and self._raw:
            self._raw -= 1

    def handle_data(self, data):
        if not self._raw and data.strip():
            self.texts.append(data)


def violations(texts) -> list[str]:
    found = []
    for text in texts:
        for rule, pattern in RULES.items():
            for match in pattern.finditer(text):
                start = max(match.start() - 25, 0)
                found.append(f"{rule} — …{text[start:match.end() + 25]!r}…")
    return found


def page_violations(html: str) -> list[str]:
    parser = _Prose()
    parser.feed(html)
    return violations(parser.texts)


def test_the_scanner_finds_what_breaks_the_rule():
    bad = ('<p title="l\'aide">Seuil : 2,5 ; 12 % ; 31 415 hab. ; « ici » ; l&#x27;APL</p>'
           '<script>var a = "x : y";</script><code>a : b</code><a href="?q=1 000">ok</a>')
    found = page_violations(bad)
    assert {v.split(" — ")[0] for v in found} == set(RULES)
    assert not [v for v in found if "x : y" in v or "a : b" in v or "1 000" in v]  # script, code, href: not prose
    good = "<p title=\"l’aide\">Seuil\u202f: 2,5\u202f; 12\u202f%\u202f; 31\u202f415 hab. «\u202fici\u202f» l’APL</p>"
    assert page_violations(good) == []


@pytest.fixture
def site(db, client, user, tmp_path, monkeypatch):
    from sante_locale.accessibility import engine
    from sante_locale.offer.imports.demo_supply import prepare_demo_supply

    prepare_demo_supply()
    engine.forget_computed()
    monkeypatch.setattr(service, "cache_dir", lambda: tmp_path)
    service._MEMORY.clear()
    client.force_login(user)
    return client


PAGES = {
    "accueil": "/",
    "recherche": "/recherche/?q=lens",
    "fiche": "/territoires/epci/246200364/",
    "apl": "/territoires/epci/246200364/apl/",
    "plus proche": "/territoires/epci/246200364/apl/plus-proche/",
    "scénario (formulaire)": "/territoires/epci/246200364/apl/scenario/",
    "portrait": "/territoires/epci/246200364/portrait/",
}


def test_main_pages_follow_the_rule(site):
    pages = {name: site.get(url).content.decode() for name, url in PAGES.items()}
    pages["scénario (résultat)"] = site.post(PAGES["scénario (formulaire)"], {
        "profession": "medecin_generaliste", "commune": "62854", "fte": "3", "retire_age": "65"}).content.decode()
    found = {name: page_violations(html) for name, html in pages.items()}
    assert not any(found.values()), {k: v[:5] for k, v in found.items() if v}
    # the rule is there, not just the absence of mistakes
    assert "241\u202f934" in pages["fiche"] and "l’APL" in pages["apl"] and "\u202f:" in pages["scénario (résultat)"]


def test_portrait_pdf_text_follows_the_rule(site):
    """The PDF's text (pypdf). Two things of the extraction are not typography and are set
    aside: table cells laid side by side (two numbers in two cells, or a « % » unit cell after
    a value cell, read like a number with a space), and the text of the charts, which
    WeasyPrint's SVG renderer writes with plain spaces (the page, scanned above, shows the same
    charts with the narrow spaces)."""
    epci = EPCI.objects.get(epci_siren="246200364")
    text = "\n".join(p.extract_text() for p in PdfReader(str(service.export(epci, "pdf"))).pages)
    portrait = service.portrait_of(epci)
    chart_texts = set()
    for section in service.page_context(portrait)["sections"]:
        for chart in section["charts"]:
            parser = _Prose()
            parser.feed(chart["svg"])
            chart_texts |= {plain(t).strip() for t in parser.texts}
    lines = [line for line in text.splitlines() if plain(line).strip() not in chart_texts]
    found = [v for v in violations(lines) if not v.startswith("groupes de chiffres")]
    found = [v for v in found if not re.search(r"[\d—] %", v)]  # « 30,7 — % »: value cells, then the unit's cell
    assert not found, found[:10]
    population = fr_number(241934)
    assert population == f"241{NNBSP}934" and population in text and "241 934" not in text
    assert "’" in text and f"{NNBSP}:" in text
    assert "Seuil : 2,5" in text  # a chart's text, set aside above: it is there, in plain spaces
