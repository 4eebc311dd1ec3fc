"""The administrator import page in headless Chromium (no database fixture here: the page
talks to the real `sante-locale serve`)."""

import pytest

IMPORTS = "/administration/imports/"
AGES = "rpps_id;annee_naissance\n10000000001;1958\n10000000002;1890\n19999999999;1970\n"


@pytest.mark.browser
def test_superuser_imports_a_file_in_chromium(server, page, axe, tmp_path):
    bad = tmp_path / "annuaire.exe"
    bad.write_text("x")
    good = tmp_path / "ages-20261101.csv"
    good.write_text(AGES, encoding="utf-8")
    page.goto(server["url"] + IMPORTS)
    page.wait_for_url("**/connexion/**")
    page.get_by_label("Identifiant").fill(server["admin"][0])
    page.get_by_label("Mot de passe").fill(server["admin"][1])
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**" + IMPORTS)
    assert axe(page) == []
    page.get_by_label("Type de fichier").select_option("rpps")
    page.locator("#id_file").set_input_files(str(bad))
    page.get_by_role("button", name="Importer").click()
    page.wait_for_load_state()
    assert "n’a pas une extension acceptée pour ce type" in page.locator("main").inner_text()
    assert axe(page) == []
    page.get_by_label("Type de fichier").select_option("ages")
    page.locator("#id_file").set_input_files(str(good))
    page.get_by_label("Vérifier seulement").check()
    page.get_by_role("button", name="Importer").click()
    page.wait_for_load_state()
    report = page.locator("section.import-report")
    assert "Rapport de vérification" in report.inner_text()
    assert "année de naissance hors de la plage 1930–2010" in report.locator("table").last.inner_text()
    assert axe(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger le rapport détaillé").click()
    assert download.value.suggested_filename.endswith("ages-20261101.csv.rapport.csv")
