"""Small screens, keyboard, postcodes and charts in a real headless Chromium (issue 13, item 7;
issue 16, points 2, 4 and 5), each page checked with axe-core."""

import re

import pytest

from sante_locale.core.formats import plain

pytestmark = pytest.mark.browser

MAIN_PAGES = ["/", "/recherche/?q=lens", "/territoires/epci/246200364/", "/territoires/commune/62510/",
              "/territoires/epci/246200364/portrait/", "/territoires/epci/246200364/apl/",
              "/territoires/epci/246200364/apl/plus-proche/", "/territoires/departement/62/", "/connexion/"]


def _overflow(page) -> int:
    """Pixels the page is wider than the window (0: no horizontal scrolling)."""
    return page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")


def _log_in(page, server, who=None):
    username, password = who or (server["username"], server["password"])
    page.goto(server["url"] + "/connexion/")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()


def _focused_summary(page) -> bool:
    return page.evaluate("() => document.activeElement.hasAttribute('data-error-summary')")


# ---------------------------------------------------------------- 13.7 small screens


@pytest.mark.parametrize("width", [320, 375])
def test_home_search_fits_a_phone(server, browser, axe, width):
    context = browser.new_context(locale="fr-FR", viewport={"width": width, "height": 740})
    page = context.new_page()
    try:
        page.goto(server["url"] + "/")
        assert _overflow(page) == 0
        button = page.locator("form.search-big").get_by_role("button", name="Rechercher").bounding_box()
        assert button["x"] >= 0 and button["x"] + button["width"] <= width  # it was cut at the right edge
        assert axe(page) == []
    finally:
        context.close()


@pytest.mark.parametrize("path", MAIN_PAGES)
def test_main_pages_have_no_horizontal_overflow_at_320_px(server, browser, axe, path):
    context = browser.new_context(locale="fr-FR", viewport={"width": 320, "height": 640})
    page = context.new_page()
    try:
        page.goto(server["url"] + path)
        assert _overflow(page) == 0, path
        assert axe(page) == [], path
    finally:
        context.close()


# ---------------------------------------------------------------- 13.7 keyboard: errors and return


def test_login_error_takes_the_focus_then_returns_to_the_page_it_came_from(server, page, axe):
    page.goto(server["url"] + "/territoires/epci/246200364/portrait/")
    page.get_by_role("link", name="Se connecter").click()
    page.wait_for_url("**/connexion/?next=**")
    page.get_by_label("Identifiant").fill(server["username"])
    page.get_by_label("Mot de passe").fill("pas le bon")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
    assert _focused_summary(page)
    assert "Identifiant ou mot de passe incorrect" in page.evaluate("() => document.activeElement.innerText")
    assert axe(page) == []
    page.get_by_label("Mot de passe").fill(server["password"])
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(server["url"] + "/territoires/epci/246200364/portrait/")
    assert page.get_by_role("button", name=re.compile("Se déconnecter")).is_visible()


@pytest.mark.parametrize("target", ["https://exemple.invalid/piege", "//exemple.invalid/piege",
                                    "/\\exemple.invalid"])
def test_login_never_sends_elsewhere(server, page, target):
    from urllib.parse import quote

    page.goto(server["url"] + "/connexion/?next=" + quote(target, safe=""))
    page.get_by_label("Identifiant").fill(server["username"])
    page.get_by_label("Mot de passe").fill(server["password"])
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
    assert page.url == server["url"] + "/"


def test_custom_territory_error_takes_the_focus(server, page, axe):
    _log_in(page, server)
    page.goto(server["url"] + "/mes-territoires/nouveau/")
    page.get_by_label("Nom du territoire").fill("CLSM d'essai")
    page.get_by_label("Communes", exact=True).fill("62498\n99999")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_load_state()
    assert _focused_summary(page)
    summary = page.locator("[data-error-summary]")
    assert "99999" in summary.inner_text()
    summary.get_by_role("link").first.click()  # the link leads to the field
    assert page.evaluate("() => document.activeElement.id") == "id_members"
    assert axe(page) == []


def test_scenario_error_takes_the_focus(server, page, axe):
    _log_in(page, server)
    page.goto(server["url"] + "/territoires/epci/246200364/apl/scenario/")
    page.get_by_role("button", name="Simuler").click()  # neither a centre nor an age
    page.wait_for_load_state()
    assert _focused_summary(page)
    assert "Choisissez une commune" in page.locator("[data-error-summary]").inner_text()
    assert axe(page) == []


def test_import_error_takes_the_focus(server, page, axe, tmp_path):
    _log_in(page, server, server["admin"])
    page.goto(server["url"] + "/administration/imports/")
    bad = tmp_path / "PS_LibreAcces_Personne_activite_202605120800.txt"
    bad.write_text("ceci n'est pas l'Annuaire Santé\n", encoding="utf-8")
    page.get_by_label("Type de fichier").select_option("rpps")
    page.locator("#id_file").set_input_files(str(bad))
    page.get_by_role("button", name="Importer").click()
    page.wait_for_load_state()
    assert _focused_summary(page)
    assert "n'a pas été importé" in plain(page.locator("[data-error-summary]").inner_text())
    assert axe(page) == []


# ---------------------------------------------------------------- 16.2 postcodes


def test_a_postcode_offers_the_choice_and_fiches_show_postcodes(server, page, axe):
    page.goto(server["url"] + "/")
    page.get_by_label("Nom ou code du territoire").fill("62300")
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_url("**/recherche/**")
    items = page.locator("ol.results li").all_inner_texts()
    lens = next(i for i in items if i.startswith("Lens"))
    equihen = next(i for i in items if i.startswith("Équihen-Plage"))
    assert "code postal 62300" in lens and "code INSEE 62300" in equihen
    assert "à la fois un code INSEE et un code postal" in page.locator("main").inner_text()
    assert axe(page) == []
    page.get_by_role("link", name="Lens", exact=True).click()
    page.wait_for_url("**/territoires/commune/62498/")
    assert "Code postal\n62300" in page.locator("dl.key-figures").inner_text()


def test_a_name_with_its_postcode_opens_the_commune(server, page):
    page.goto(server["url"] + "/")
    page.get_by_label("Nom ou code du territoire").fill("Liévin 62800")
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_url("**/territoires/commune/62510/")
    assert page.locator("h1").inner_text().startswith("Liévin")


# ---------------------------------------------------------------- 16.4 one tab stop per map


def _tab_until(page, predicate: str, limit: int) -> tuple[int, list[str]]:
    """Press Tab until ``predicate`` (JS on document.activeElement) holds; presses and the stops seen."""
    seen = []
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        seen.append(page.evaluate("() => { const e = document.activeElement; return e.tagName + '#' + "
                                  "(e.id || '') + ':' + (e.getAttribute('aria-label') || e.textContent || '')"
                                  ".trim().slice(0, 40); }"))
        if page.evaluate(f"() => {{ const e = document.activeElement; return {predicate}; }}"):
            return presses, seen
    return limit + 1, seen


def test_a_map_is_one_tab_stop_with_a_skip_link(server, page, axe):
    page.goto(server["url"] + "/territoires/departement/62/")
    assert page.locator("svg.map a").count() == 887
    in_table = "!!e.closest('table.sortable')"
    presses, seen = _tab_until(page, in_table, 120)
    in_map = [s for s in seen if s.startswith(("svg", "a#:"))]  # the map, or one of its communes
    assert presses <= 60, seen  # 887 commune links were tab stops before the table
    assert len([s for s in seen if s.lower().startswith("svg")]) == 1 and len(in_map) == 1, seen
    # the skip link: one Tab shows it, Enter jumps over the map, the next Tab is in the table
    page.goto(server["url"] + "/territoires/departement/62/")
    _tab_until(page, "e.textContent.trim() === 'Passer la carte'", 60)
    assert page.get_by_role("link", name="Passer la carte").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "carte-fin"
    page.keyboard.press("Tab")
    assert page.evaluate(f"() => {{ const e = document.activeElement; return {in_table}; }}")
    assert axe(page) == []


@pytest.mark.parametrize("path", ["/territoires/epci/246200364/apl/", "/territoires/epci/246200364/portrait/"])
def test_every_map_template_has_one_tab_stop(server, page, axe, path):
    page.goto(server["url"] + path)
    maps = page.locator("svg.map")
    assert maps.count() >= 1
    stops = page.evaluate("""() => [...document.querySelectorAll('svg.map')].map(svg =>
        [svg, ...svg.querySelectorAll('a, [tabindex]')].filter(e => e.tabIndex >= 0).length)""")
    assert stops == [1] * maps.count()
    assert page.locator("a.skip-map").count() == maps.count()
    assert axe(page) == []


# ---------------------------------------------------------------- 16.5 charts


def test_chart_titles_are_visible_and_labels_inside(server, page, axe):
    page.goto(server["url"] + "/territoires/territoire/cls-lens-lievin-et-henin-carvin-exemple/portrait/")
    charts = page.locator("figure.chart")
    assert charts.count() >= 2
    for i in range(charts.count()):
        title = charts.nth(i).locator("figcaption.figure-title")
        assert title.is_visible() and title.inner_text().strip()
        assert title.inner_text().strip() == charts.nth(i).locator("svg > title").text_content().strip()
    outside = page.evaluate("""() => [...document.querySelectorAll('figure.chart svg')].flatMap(svg => {
        const width = svg.viewBox.baseVal.width;
        return [...svg.querySelectorAll('text')].map(t => [t.textContent, t.getBBox()])
            .filter(([, b]) => b.x < -0.5 || b.x + b.width > width + 0.5).map(([s]) => s); })""")
    assert outside == []  # long names (« CLS Lens-Liévin et Hénin-Carvin (exemple) ») are no longer cut
    assert "…" not in page.locator("figure.chart svg").first.text_content()
    assert axe(page) == []
