"""The programme of the demo CLS in headless Chromium, as its coordinator (the demo account):
write a fiche action, enter an indicator value, fill the grid, download the annual review;
axe-core on every page visited (no serious or critical violation)."""

import pytest
from docx import Document

from sante_locale.core.formats import plain, prose
from sante_locale.demo import names

pytestmark = pytest.mark.browser


@pytest.fixture
def coordinator(server, page):
    page.goto(server["url"] + "/connexion/")
    page.fill("#id_username", server["username"])
    page.fill("#id_password", server["password"])
    page.locator("main button[type=submit]").click()
    page.wait_for_load_state()
    programmes = page.request.get(server["url"] + "/api/programmes/").json()["items"]
    pk = next(p["dispositif_id"] for p in programmes if p["dispositif"] == names.CLS_LENS_LIEVIN)
    return f"{server['url']}/dispositifs/{pk}/programme/"


def test_write_a_fiche_action(coordinator, page, axe):
    page.goto(coordinator)
    assert "Données fictives" in plain(page.locator(".fictive-banner").inner_text())
    assert page.locator("section.axis").count() == 4
    assert axe(page) == []
    page.get_by_role("link", name="Nouvelle fiche action").click()
    page.wait_for_url("**/actions/nouvelle/")
    assert axe(page) == []
    page.fill("#id_code", "4.1.2")
    page.locator("#id_objective").select_option(label=prose("4.1. Lutter contre l'habitat indigne"))
    page.fill("#id_title", "Ateliers économies d'énergie")
    page.locator("#id_status").select_option("in_progress")
    page.get_by_label("logement").check()
    page.get_by_label("universalisme proportionné").check()
    page.get_by_label("concertation").check()
    page.fill("#id_starts_on", "2026-01-05")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url("**/actions/*/")
    assert plain(page.locator("h1").inner_text()) == "Fiche action 4.1.2 — Ateliers économies d'énergie"
    assert "Fiche action « 4.1.2 Ateliers économies d'énergie » enregistrée." in plain(page.locator(".messages").inner_text())
    assert axe(page) == []


def test_enter_an_indicator_value(coordinator, page, axe):
    page.goto(coordinator + "indicateurs/")
    assert plain(page.locator(".alert").inner_text()).startswith("3 indicateurs en retard")
    assert page.locator("article.indicator-card svg").count() == 12
    assert axe(page) == []
    page.get_by_role("link", name="P4.1.1", exact=True).click()
    assert "Valeur en retard" in plain(page.locator("main").inner_text())
    page.get_by_role("link", name="Saisir une valeur").click()
    assert axe(page) == []
    page.fill("#id_measured_on", "2026-11-30")
    page.fill("#id_value", "27")
    page.fill("#id_source", "tableau de suivi du service habitat")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url("**/indicateurs/*/")
    main = plain(page.locator("main").inner_text())
    assert "Valeur en retard" not in main and "tableau de suivi du service habitat" in main
    assert axe(page) == []


def test_fill_the_grid(coordinator, page, axe):
    page.goto(coordinator + "grille/")
    assert axe(page) == []
    page.get_by_role("link", name="Remplir la grille 2026").click()
    assert axe(page) == []
    for key in ("political", "project", "territorial", "bottom_up", "partnership", "cross_sector", "coordinated"):
        page.locator(f"#id_score_{key}_3").check()
    page.fill("#id_comment_bottom_up", "Diagnostic en marchant avec les habitants.")
    page.locator("form.form button[type=submit]").click()
    page.wait_for_url("**/grille/")
    table = plain(page.locator("main table").first.inner_text())
    assert "2026" in table and "2025" in table
    assert "2026" in page.locator("figure.chart svg desc").first.text_content()
    page.get_by_role("link", name="Comparer avec les dispositifs du territoire").click()
    page.locator("#annee").select_option("2025")
    page.get_by_role("button", name="Afficher").click()
    assert page.locator("main table thead th").count() == 4  # the CLS, the CLSM and the ASV
    assert axe(page) == []


def test_download_the_annual_review(coordinator, page, axe, tmp_path):
    page.goto(coordinator + "bilan/?annee=2025")
    assert plain(page.locator("h1").inner_text()) == f"Bilan annuel 2025 — {names.CLS_LENS_LIEVIN}"
    assert axe(page) == []
    with page.expect_download() as info:
        page.get_by_role("link", name="Télécharger le bilan 2025 (Word, modifiable)").click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    doc = Document(str(target))
    assert [p.text for p in doc.paragraphs if p.style.name == "Heading 1"][:2] == ["Le dispositif",
                                                                                  "Programme et avancement"]
    assert any("Données fictives" in p.text for p in doc.paragraphs) and len(doc.inline_shapes) >= 10
    with page.expect_download() as info:
        page.get_by_role("link", name="Télécharger le bilan 2025 (PDF)").click()
    pdf = tmp_path / info.value.suggested_filename
    info.value.save_as(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("path", ["calendrier/", "budget/", "lentille/", "importer/", "modifier/",
                                  "indicateurs/nouveau/"])
def test_other_pages_pass_axe(coordinator, page, axe, path):
    response = page.goto(coordinator + path)
    assert response.status == 200
    assert axe(page) == []


def test_keyboard_reaches_the_new_action_form(coordinator, page):
    page.goto(coordinator)
    page.keyboard.press("Tab")  # skip link
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent") == "Nouvelle fiche action":
            break
    page.keyboard.press("Enter")
    page.wait_for_url("**/actions/nouvelle/")
