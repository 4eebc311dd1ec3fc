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
    assert page.locator("svg.map path[class^='quint-']").count() == 36  # no DREES classes for nurses
    assert axe(page) == []


def test_nurse_apl_page_has_its_own_classes_and_never_says_sous_dense(server, page, axe):
    """Issue 16: the GP threshold 2,5 is never applied to nurses' « ETP pour 100 000 habitants »."""
    page.goto(server["url"] + "/territoires/epci/246200364/apl/?profession=infirmier")
    main = page.locator("main").inner_text()
    assert "sous-dense" not in main.lower() and "Seuil" not in main
    assert "ETP accessibles pour 100\u202f000 habitants" in main
    legend = page.locator("ul.legend li")
    assert legend.count() == 5 and "quintile" in legend.first.inner_text()
    assert "Classes non officielles : quintiles" in page.locator(".legend-caption").inner_text().replace("\u202f", " ")
    assert page.locator("svg.map path[class^='apl-']").count() == 0
    assert page.locator("svg.map path[class^='quint-']").count() == 36
    classes = page.locator("table.sortable tbody tr td:nth-child(4)").all_inner_texts()
    assert len(classes) == 36 and all("quintile" in c for c in classes)
    assert axe(page) == []


def test_table_sort_by_name_follows_french_collation(server, page):
    """The JavaScript sort (localeCompare "fr") gives the order of core.formats.collation_key."""
    from sante_locale.core.formats import collation_key

    page.goto(server["url"] + "/territoires/epci/246200364/apl/")
    page.locator("table.sortable thead").get_by_role("button", name="Commune").click()
    names = [t.rsplit(" ", 1)[0].strip() for t in
             page.locator("table.sortable tbody th[scope=row]").all_inner_texts()]
    assert len(names) == 36 and names == sorted(names, key=collation_key)
    assert names.index("Bénifontaine") < names.index("Billy-Montigny")
    e_names = [n for n in names if n[0] in "EÉ"]
    assert "Éleu-dit-Leauwette" in e_names and names.index(e_names[0]) + len(e_names) - 1 == names.index(e_names[-1])


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
    assert page.locator(".fictive").inner_text().startswith("Données fictives")  # on the empty form too
    page.get_by_label("Commune du nouveau centre de santé").select_option("62854")
    page.get_by_label("Nombre de professionnels (équivalents temps plein)").fill("3")
    page.get_by_role("button", name="Simuler").click()
    page.wait_for_selector("#titre-resultat")
    assert page.locator("svg.map").count() == 2
    assert page.locator("svg.map path[class^='apl-']").count() == 72
    story = page.locator("#scenario-recit").inner_text()
    assert "Nouveau centre de santé" in story and "3,0 ETP à Villers-au-Bois" in story and "→" in story
    changes = page.locator("#scenario-communes tbody td:nth-child(4)").all_inner_texts()
    assert changes and all(c.startswith(("+", "\u2212")) or set(c) <= set("0,") for c in changes)
    assert axe(page) == []
