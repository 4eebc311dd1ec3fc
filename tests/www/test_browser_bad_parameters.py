"""Bad parameters through the real server in headless Chromium: a French 400 page, axe-clean."""

import pytest

from sante_locale.core.formats import plain

pytestmark = pytest.mark.browser


def test_a_10000_character_search_gets_an_answer(server, page, axe):
    response = page.goto(server["url"] + "/recherche/?q=" + "a" * 10_000, timeout=20_000)
    assert response is not None and response.status == 400
    alert = page.get_by_role("alert")
    assert alert.inner_text().startswith("Recherche trop longue (10000 caractères, au plus 200)")
    assert axe(page) == []


def test_apl_page_with_bad_parameters_says_which_and_keeps_the_form(server, page, axe):
    response = page.goto(server["url"] + "/territoires/epci/246200364/apl/?age_max=-5&profession=nope")
    assert response is not None and response.status == 400
    text = plain(page.locator("main").inner_text())
    assert "Paramètres invalides : rien n'a été calculé." in text
    assert "Profession « nope » inconnue" in text and "Âge maximal « -5 » non proposé" in text
    assert page.locator("svg.map").count() == 0
    assert axe(page) == []
    # the form corrects the choice by keyboard
    page.locator("#id_profession").select_option("medecin_generaliste")
    page.locator("#id_age_max").select_option("")
    page.get_by_role("button", name="Afficher").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**profession=medecin_generaliste**")
    assert page.locator("svg.map path[class^='apl-']").count() == 36
