"""Pages in a real headless Chromium (Debian's), served by the real `sante-locale serve`."""

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = os.environ.get("SANTE_LOCALE_CHROMIUM", "/usr/bin/chromium")
AXE_JS = Path(__import__("axe_playwright_python").__file__).parent / "axe.min.js"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def _command(*words):
    exe = shutil.which("sante-locale") or os.path.join(os.path.dirname(sys.executable), "sante-locale")
    return [exe, *words]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server(tmp_path_factory):
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium is required for page tests: {CHROMIUM} is missing (scripts/test installs it)")
    home = tmp_path_factory.mktemp("navigateur")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(SANTE_LOCALE_HOME=str(home), DJANGO_SETTINGS_MODULE="sante_locale.config.dev")
    subprocess.run(_command("import", "referentiel", "--departements", "62,59"), env=env, check=True,
                   capture_output=True, timeout=300)
    subprocess.run(_command("demo", "--no-serve"), env=env, check=True, capture_output=True, timeout=300)
    username, password = (home / "identifiants-demo.txt").read_text().strip().split(":", 1)
    port = _free_port()
    log_path = home / "serve.log"
    log = log_path.open("wb")
    process = subprocess.Popen(_command("serve", "--port", str(port)), env=env, stdout=log, stderr=log)
    deadline = time.time() + 60
    while time.time() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.2)
    else:
        process.kill()
        log.close()
        pytest.fail("the server did not start: " + log_path.read_text())
    yield {"url": f"http://127.0.0.1:{port}", "username": username, "password": password}
    process.terminate()
    process.wait(timeout=20)
    log.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    yield page
    context.close()


def serious_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        "() => axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
    )
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


def test_search_open_territory_and_see_the_map(server, page):
    page.goto(server["url"] + "/")
    assert serious_violations(page) == []
    page.get_by_label("Nom ou code du territoire").fill("lievin")
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_url("**/recherche/**")
    assert serious_violations(page) == []
    first = page.locator("ol.results li a").first
    assert first.inner_text() == "Liévin"
    first.click()
    page.wait_for_url("**/territoires/commune/62510/")
    assert page.locator("h1").inner_text().startswith("Liévin")
    shape = page.locator("svg.map path.outline")
    box = shape.bounding_box()
    assert box is not None and box["width"] > 100 and box["height"] > 100  # drawn, not empty
    assert page.locator("svg.map path.neighbour").count() >= 5
    assert serious_violations(page) == []


def test_epci_page_map_table_sorting_and_accessibility(server, page):
    page.goto(server["url"] + "/territoires/epci/246200364/")
    assert page.locator("svg.map path.commune").count() == 36
    assert serious_violations(page) == []
    header = page.locator("th", has_text="Nom").first
    header.get_by_role("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    names = page.locator("table.sortable tbody th").all_inner_texts()
    assert names[0] == "Ablain-Saint-Nazaire" and names == sorted(names, key=str.casefold) or names[0] < names[-1]


def test_departement_page_draws_every_commune(server, page):
    page.goto(server["url"] + "/territoires/departement/62/")
    assert page.locator("svg.map path.commune").count() == 887
    assert serious_violations(page) == []


def test_keyboard_skip_link_goes_to_the_content(server, page):
    page.goto(server["url"] + "/territoires/epci/246200364/")
    page.keyboard.press("Tab")
    focused = page.evaluate("() => document.activeElement.textContent")
    assert focused.strip() == "Aller au contenu"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "contenu"


def test_log_in_and_create_a_custom_territory(server, page):
    page.goto(server["url"] + "/mes-territoires/nouveau/")
    page.wait_for_url("**/connexion/**")
    assert serious_violations(page) == []
    page.get_by_label("Identifiant").fill(server["username"])
    page.get_by_label("Mot de passe").fill(server["password"])
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/mes-territoires/nouveau/")
    assert serious_violations(page) == []
    page.get_by_label("Nom du territoire").fill("CPTS d'essai")
    page.get_by_label("Communes", exact=True).fill("62498\n99999")
    page.get_by_role("button", name="Enregistrer").click()
    assert "Codes ou noms inconnus du référentiel : 99999" in page.content()
    assert serious_violations(page) == []
    page.get_by_label("Communes", exact=True).fill("62498\n62510")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url("**/territoires/territoire/cpts-dessai/")
    assert "62\xa0200 habitants" in page.locator("dl.key-figures").inner_text()
    assert page.locator("svg.map path.commune").count() == 2
