"""An editor adds, modifies and deletes a stop and a closure of the demo's mobile unit in a real
Chromium, axe-core on each page; the public page follows at once. What the test adds it
deletes again (the served database is shared by the session's browser tests)."""

import re

import pytest

from sante_locale.core.formats import plain

pytestmark = pytest.mark.browser

PLACE = "Place du test navigateur"


def _log_in_as_admin(page, server):
    page.goto(server["url"] + "/connexion/?next=/annuaire/gestion/")
    page.get_by_label("Identifiant").fill(server["admin"][0])
    page.get_by_label("Mot de passe").fill(server["admin"][1])
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/annuaire/gestion/")


def _public_text(browser, url) -> str:
    context = browser.new_context(locale="fr-FR")  # an anonymous visitor: the kept public page
    try:
        page = context.new_page()
        page.goto(url)
        return plain(page.locator("main").inner_text())
    finally:
        context.close()


def test_modify_and_delete_a_stop_and_a_closure(server, browser, page, axe):
    _log_in_as_admin(page, server)
    page.goto(server["url"] + "/annuaire/?q=Lens")
    public = server["url"] + page.get_by_role("link", name=re.compile("^Bus santé")).get_attribute("href")
    assert PLACE not in _public_text(browser, public)
    page.goto(public + "modifier/")
    assert axe(page) == []

    page.locator("#id_stop-place").fill(PLACE)
    page.locator("#id_stop-opening_hours").fill("Sa 10:00-12:00")
    page.locator("#id_stop-insee_code").fill("62498")
    page.get_by_role("button", name="Ajouter l'arrêt".replace("'", "’")).click()
    page.wait_for_load_state()
    page.locator("#id_closure-starts_on").fill("2031-01-05")
    page.locator("#id_closure-ends_on").fill("2031-01-09")
    page.locator("#id_closure-reason").fill("formation")
    page.get_by_role("button", name="Ajouter", exact=True).click()
    page.wait_for_load_state()
    main = plain(page.locator("main").inner_text())
    assert f"{PLACE}, Lens : Sa 10:00-12:00" in main
    assert "Du 5 janvier 2031 au 9 janvier 2031 : fermé (formation)" in main
    assert axe(page) == []
    shown = _public_text(browser, public)
    assert PLACE in shown and "formation" in shown

    page.get_by_role("link", name=re.compile(f"^Modifier.*{PLACE}")).click()
    page.wait_for_url("**/arrets/*/modifier/")
    assert axe(page) == []
    page.locator("#id_stop-opening_hours").fill("samedi matin")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_load_state()
    assert "Rien n'a été enregistré" in plain(page.locator("main").inner_text())
    assert axe(page) == []
    page.locator("#id_stop-opening_hours").fill("Sa 14:00-16:00")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url("**/modifier/")
    assert "Arrêt modifié." in page.locator("main").inner_text()
    assert f"{PLACE}, Lens : Sa 14:00-16:00" in plain(page.locator("main").inner_text())

    page.get_by_role("button", name=re.compile(f"^Supprimer.*{PLACE}")).click()
    page.wait_for_url("**/arrets/*/supprimer/**")
    assert axe(page) == []
    page.get_by_role("button", name="Supprimer", exact=True).click()
    page.wait_for_url("**/modifier/")
    assert "Arrêt supprimé." in page.locator("main").inner_text() and PLACE not in page.locator("main").inner_text()
    assert PLACE not in _public_text(browser, public)  # a kept page is dropped by the new revision

    page.get_by_role("button", name=re.compile("^Supprimer.*formation")).click()
    page.wait_for_url("**/fermetures/*/supprimer/**")
    assert axe(page) == []
    page.get_by_role("button", name="Supprimer", exact=True).click()
    page.wait_for_url("**/modifier/")
    assert "Fermeture supprimée." in page.locator("main").inner_text()
    assert "formation" not in _public_text(browser, public)
