"""The coordinator's flow in a real Chromium, with axe-core on every page: create a
dispositif with a custom perimeter, add a partner, create its COPIL, schedule a meeting,
record a decision, find it in the pending list, download the agenda as ICS; then the
articulation page of the demo scenario, its map layers driven by the keyboard."""

import html

import icalendar
import pytest

from sante_locale.core.formats import plain, prose

pytestmark = pytest.mark.browser


def _demo_account(server, role: str) -> tuple[str, str]:
    for line in (server["home"] / "identifiants-demo-coordination.txt").read_text().splitlines():
        name, username, password = line.split(":", 2)
        if name == role:
            return username, password
    raise AssertionError(role)


def _log_in(page, server, role):
    username, password = _demo_account(server, role)
    page.goto(server["url"] + "/connexion/?next=/dispositifs/")
    page.get_by_label("Identifiant").fill(username)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/dispositifs/")


def test_create_a_dispositif_and_run_its_governance(server, page, axe):
    _log_in(page, server, "cls_coordinator")
    assert axe(page) == []
    assert page.get_by_role("link", name="Dispositifs").first.get_attribute("aria-current") == "page"
    page.get_by_role("link", name="Créer un dispositif").click()
    assert axe(page) == []
    page.locator("#id_name").fill("CLS d'essai de Liévin et Lens")
    page.get_by_label("une liste de communes (crée un territoire personnalisé privé)").check()
    page.get_by_label("Communes du périmètre").fill("62498, 62510, 99999")
    page.get_by_label("Porteur").select_option(label=prose("Communauté d'agglomération de Lens-Liévin"))
    page.get_by_label("ETP de coordination").fill("0,8")
    page.get_by_role("button", name="Enregistrer").click()
    text = plain(html.unescape(page.content()))
    assert "Rien n'a été enregistré" in text and "99999" in text  # unknown commune refused
    assert axe(page) == []
    page.get_by_label("Communes du périmètre").fill("62498, 62510")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url("**/dispositifs/*/")
    assert plain(page.locator("h1").inner_text()).startswith("CLS d'essai de Liévin et Lens")
    assert "territoire personnalisé « Périmètre — CLS d'essai de Liévin et Lens »" in plain(html.unescape(page.content()))
    assert axe(page) == []
    dispositif_url = page.url

    page.get_by_role("link", name="Ajouter un partenaire").click()
    page.get_by_label("Structure").select_option(label="Centre hospitalier de Lens")
    page.get_by_label("Rôle").select_option(label="signataire")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(dispositif_url + "#partenaires")
    assert page.locator("#partenaires").get_by_role("link", name="Centre hospitalier de Lens", exact=True).count() == 1

    page.get_by_role("link", name="Programmer une réunion").click()  # no body yet: create the COPIL first
    page.wait_for_url("**/instances/nouvelle/")
    assert axe(page) == []
    page.locator("#id_name").fill("COPIL du CLS d'essai")
    page.get_by_label("Nature").select_option(label="comité de pilotage")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url("**/instances/*/")
    page.goto(dispositif_url)
    page.get_by_role("link", name="Programmer une réunion").click()
    page.get_by_label("Titre").fill("Premier comité de pilotage")
    page.get_by_label("Début").fill("2027-01-14T14:00")
    page.get_by_label("Fin", exact=True).fill("2027-01-14T16:00")
    page.get_by_label("Lieu").fill("Mairie de Liévin")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url("**/reunions/*/")
    assert axe(page) == []

    page.get_by_role("link", name="Enregistrer une décision").click()
    page.get_by_label("Décision").fill("Réunir les médecins de Liévin avant l'été.")
    page.get_by_role("button", name="Enregistrer").click()
    assert "Désignez la personne responsable" in plain(html.unescape(page.content()))  # a decision needs an owner
    page.get_by_label("Responsable").select_option(index=1)
    page.get_by_label("Échéance").fill("2026-01-31")  # already past: late
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url("**/reunions/*/#decisions")

    page.goto(server["url"] + "/decisions/a-suivre/")
    assert axe(page) == []
    first = page.locator("tbody tr").first
    assert "Réunir les médecins de Liévin" in plain(first.inner_text()) and "en retard" in plain(first.inner_text())

    page.goto(dispositif_url + "agenda/")
    assert axe(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name=prose("Télécharger l'agenda (ICS)")).click()
    calendar = icalendar.Calendar.from_ical(download.value.path().read_bytes())
    assert [str(e["summary"]) for e in calendar.walk("VEVENT")] == ["Premier comité de pilotage"]


def test_articulation_of_the_demo_territory_with_the_keyboard(server, page, axe):
    _log_in(page, server, "partner")
    page.goto(server["url"] + "/articulation/epci/246200364/")
    assert axe(page) == []
    assert page.locator("svg.articulation-map g.layer").count() == 4  # CLS, CLSM, ASV, CPTS
    box = page.locator("#couche-0")
    box.focus()
    page.keyboard.press("Space")
    assert not box.is_checked()
    assert page.locator("svg g.layer[data-layer='0']").get_attribute("class").endswith("hidden")
    page.keyboard.press("Space")
    assert "hidden" not in page.locator("svg g.layer[data-layer='0']").get_attribute("class")
    assert "Le réseau en texte" in plain(html.unescape(page.content())) and page.locator("svg.network circle").count() >= 8
    page.goto(server["url"] + "/dispositifs/")
    assert axe(page) == []
