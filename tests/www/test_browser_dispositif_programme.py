"""From the demo CLS's page to its programme and back, in headless Chromium as its
coordinator (the demo account), with the keyboard; axe-core on both pages."""

import pytest

from sante_locale.core.formats import plain
from sante_locale.demo import names

pytestmark = pytest.mark.browser


def test_from_the_dispositif_to_its_programme_and_back(server, page, axe):
    page.goto(server["url"] + "/connexion/")
    page.fill("#id_username", server["username"])
    page.fill("#id_password", server["password"])
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    programmes = page.request.get(server["url"] + "/api/programmes/").json()["items"]
    pk = next(p["dispositif_id"] for p in programmes if p["dispositif"] == names.CLS_LENS_LIEVIN)
    page.goto(f"{server['url']}/dispositifs/{pk}/")
    links = page.locator("section.programme-links")
    assert [plain(a.inner_text()) for a in links.get_by_role("link").all()] == [
        "Programme d'actions : axes, objectifs et fiches actions", "Indicateurs et valeurs",
        "Grille d'autoévaluation", "Bilan annuel (Word, PDF)"]
    assert axe(page) == []
    links.get_by_role("link").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/dispositifs/{pk}/programme/")
    assert page.locator("h1").inner_text().startswith("Programme")
    back = page.locator("nav.breadcrumb").get_by_role("link", name=names.CLS_LENS_LIEVIN)
    back.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/dispositifs/{pk}/")
    assert page.locator("h1").inner_text().startswith(names.CLS_LENS_LIEVIN)
    assert axe(page) == []
