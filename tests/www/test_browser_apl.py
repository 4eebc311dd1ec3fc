"""APL pages in headless Chromium: maps drawn, legend, keyboard, axe-core."""

import pytest

pytestmark = pytest.mark.browser


def test_apl_tab_map_and_accessibility(server, page, axe):
    page.goto(server["url"] + "/territoires/epci/246200364/")
    page.get_by_role("link", name="Accessibilité (APL)").click()
    page.wait_for_url("**/apl/")
    assert page.locator("svg.map path[class^='apl-']").count() == 36
    assert page.locator(".fictive").inner_text().startswith("Données fictives")
    assert page.locator("ul.legend li").count() == 3
    box = page.locator("svg.map").bounding_box()
    assert box is not None and box["width"] > 200
    assert axe(page) == []
    # « Méthode et fiabilité »: the DREES values imported by the demo, compared commune by commune
    section = page.locator("#fiabilite")
    assert section.get_by_role("heading", name="Méthode et fiabilité").is_visible()
    assert "millésime 2023" in section.inner_text()
    section.locator("summary").click()
    assert section.locator("#fiabilite-communes tbody tr").count() == 36
    assert axe(page) == []
    page.locator("#id_profession").select_option("infirmier")
    page.get_by_role("button", name="Afficher").click()
    page.wait_for_url("**profession=infirmier**")
    assert page.locator("svg.map path[class^='apl-']").count() == 36
    assert axe(page) == []


def test_nearest_map(server, page, axe):
    page.goto(server["url"] + "/territoires/departement/62/apl/plus-proche/")
    assert page.locator("svg.map path[class^='near-']").count() == 887
    assert axe(page) == []


def test_scenario_before_after(server, page, axe):
    page.goto(server["url"] + "/territoires/epci/246200364/apl/scenario/")
    page.wait_for_url("**/connexion/**")
    page.get_by_label("Identifiant").fill(server["username"])
    page.get_by_label("Mot de passe").fill(server["password"])
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/apl/scenario/")
    page.get_by_label("Commune du nouveau centre de santé").select_option("62854")
    page.get_by_label("Nombre de professionnels (équivalents temps plein)").fill("3")
    page.get_by_role("button", name="Simuler").click()
    page.wait_for_selector("#titre-resultat")
    assert page.locator("svg.map").count() == 2
    assert page.locator("svg.map path[class^='apl-']").count() == 72
    assert axe(page) == []
