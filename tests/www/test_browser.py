"""Pages in a real headless Chromium (Debian's), served by the real `sante-locale serve`."""

import unicodedata

import pytest

pytestmark = pytest.mark.browser


def _french_key(name: str) -> str:
    """Sort key of a name in French: accents and case ignored (« Éleu » with the E)."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).casefold()


def test_search_open_territory_and_see_the_map(server, page, axe):
    page.goto(server["url"] + "/")
    assert axe(page) == []
    page.get_by_label("Nom ou code du territoire").fill("lievin")
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_url("**/recherche/**")
    assert axe(page) == []
    first = page.locator("ol.results li a").first
    assert first.inner_text() == "Liévin"
    first.click()
    page.wait_for_url("**/territoires/commune/62510/")
    assert page.locator("h1").inner_text().startswith("Liévin")
    shape = page.locator("svg.map path.outline")
    box = shape.bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 100  # drawn, not empty
    assert page.locator("svg.map path.neighbour").count() >= 5
    assert axe(page) == []


def test_epci_page_map_table_sorting_and_accessibility(server, page, axe):
    page.goto(server["url"] + "/territoires/epci/246200364/")
    assert page.locator("svg.map path.commune").count() == 36
    assert axe(page) == []
    rows = page.locator("table.sortable tbody th")
    before = rows.all_inner_texts()
    french_order = sorted(before, key=_french_key)
    assert len(before) == 36 and before != french_order  # the click has something to do
    header = page.locator("th", has_text="Nom").first
    header.get_by_role("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    names = rows.all_inner_texts()
    assert names[0] == "Ablain-Saint-Nazaire"
    assert names == french_order  # accents and case ignored, as a French reader expects
    header.get_by_role("button").click()
    assert header.get_attribute("aria-sort") == "descending"
    assert rows.all_inner_texts() == french_order[::-1]


def test_departement_page_draws_every_commune(server, page, axe):
    page.goto(server["url"] + "/territoires/departement/62/")
    assert page.locator("svg.map path.commune").count() == 887
    assert axe(page) == []


def test_keyboard_skip_link_goes_to_the_content(server, page, axe):
    page.goto(server["url"] + "/territoires/epci/246200364/")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.textContent")
    assert focused.strip() == "Aller au contenu"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "contenu"


def test_log_in_and_create_a_custom_territory(server, page, axe):
    page.goto(server["url"] + "/mes-territoires/nouveau/")
    page.wait_for_url("**/connexion/**")
    assert axe(page) == []
    page.get_by_label("Identifiant").fill(server["username"])
    page.get_by_label("Mot de passe").fill(server["password"])
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/mes-territoires/nouveau/")
    assert axe(page) == []
    page.get_by_label("Nom du territoire").fill("CPTS d'essai")
    page.get_by_label("Communes", exact=True).fill("62498\n99999")
    page.get_by_role("button", name="Enregistrer").click()
    assert "Codes ou noms inconnus du référentiel\u202f: 99999" in page.content()
    assert axe(page) == []
    page.get_by_label("Communes", exact=True).fill("62498\n62510")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url("**/territoires/territoire/cpts-dessai/")
    assert "62\u202f200 habitants" in page.locator("dl.key-figures").inner_text()
    assert page.locator("svg.map path.commune").count() == 2
