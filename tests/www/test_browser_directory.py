"""The directory in a real Chromium: axe-core on every public page, a keyboard-only search,
320 px and 200 % text, the embed in a page of another origin, one A4 page in print."""

import io
import socket
import subprocess
import sys
import time

import pytest

pytestmark = pytest.mark.browser

PUBLIC_PAGES = ["/annuaire/", "/annuaire/?q=Lens", "/annuaire/?q=62300&ouvert=on&gratuit=on", "/annuaire/?q=99999",
                "/annuaire/integration/", "/annuaire/integration/?q=lievin", "/annuaire/integrer/?q=Lens",
                "/annuaire/donnees/", "/accessibilite/"]


def _service_urls(page, server) -> list[str]:
    page.goto(server["url"] + "/annuaire/?q=Lens")
    return [page.evaluate("(a) => a.getAttribute('href')", a) for a in page.locator("ol.service-list h3 a")
            .element_handles()]


def test_every_public_directory_page_passes_axe(server, page, axe):
    services = _service_urls(page, server)
    assert len(services) == 6  # the demo's six services near Lens
    embeds = [u.replace("/annuaire/services/", "/annuaire/integration/services/") for u in services]
    for url in PUBLIC_PAGES + services + embeds:
        page.goto(server["url"] + url)
        assert page.locator("h1").count() == 1, url
        assert axe(page) == [], url


def test_keyboard_only_search_then_open_a_service(server, page):
    page.goto(server["url"] + "/annuaire/")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "q":
            break
    else:
        pytest.fail("the place field is not reachable with Tab")
    page.keyboard.type("Liévin")
    page.keyboard.press("Enter")
    page.wait_for_url("**/annuaire/?q=Li*")
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('ol.service-list') !== null"):
            break
    else:
        pytest.fail("no result reachable with Tab")
    name = page.evaluate("document.activeElement.textContent")
    page.keyboard.press("Enter")
    page.wait_for_url("**/annuaire/services/*/")
    assert page.locator("h1").inner_text() == name.strip()
    focus_visible = page.evaluate("getComputedStyle(document.querySelector('a')).outlineStyle")
    assert focus_visible is not None


@pytest.mark.parametrize("width, zoom", [(320, "100%"), (1280, "200%")])
def test_narrow_screen_and_large_text_stay_usable(server, browser, width, zoom):
    context = browser.new_context(locale="fr-FR", viewport={"width": width, "height": 800})
    page = context.new_page()
    try:
        for url in ("/annuaire/?q=Lens", _service_urls(page, server)[0]):
            page.goto(server["url"] + url)
            page.evaluate(f"document.documentElement.style.fontSize = '{zoom}'")
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 1, (url, width, zoom, overflow)
            button = page.get_by_role("button", name="Chercher") if "?q=" in url else page.locator("h1")
            box = button.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 1, url
    finally:
        context.close()


def test_a_service_page_prints_on_one_a4_page(server, page):
    from pypdf import PdfReader

    for url in _service_urls(page, server):
        page.goto(server["url"] + url)
        page.emulate_media(media="print")
        pdf = page.pdf(format="A4", print_background=True)
        reader = PdfReader(io.BytesIO(pdf))
        assert len(reader.pages) == 1, url
        text = reader.pages[0].extract_text().replace("\ufb01", "fi")
        assert "Contacter" in text and "Données fictives" in text and "Imprimer cette fiche" not in text


@pytest.fixture
def other_origin(tmp_path, server):
    """A town's page on another port (another origin, the one the server allows to embed)."""
    port = server["town_port"]
    yield tmp_path, f"http://127.0.0.1:{port}", port


def test_the_snippet_renders_in_a_page_of_another_origin(server, page, other_origin):
    folder, origin, port = other_origin
    page.goto(server["url"] + "/annuaire/integrer/?q=Lens")
    snippet = page.locator("#code-integration").input_value()
    assert snippet.startswith("<iframe src=") and 'title="' in snippet
    (folder / "mairie.html").write_text(
        "<!doctype html><html lang='fr'><head><meta charset='utf-8'><title>Mairie</title></head><body>"
        f"<h1>Santé à Lens</h1>{snippet}"
        f"<iframe id='interdit' title='non intégrable' src='{server['url']}/annuaire/'></iframe></body></html>")
    process = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1"],
                               cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(50):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        page.goto(origin + "/mairie.html")
        frame = page.frame_locator("iframe[src*='/annuaire/integration/']")
        first = frame.locator("ol.service-list h3 a").first
        first.wait_for(timeout=15000)
        assert frame.locator("h2#resultats").inner_text().startswith("6 services près de Lens")
        first.click()
        frame.locator("h2#t-contact").wait_for(timeout=15000)  # the service page, inside the frame
        # an ordinary page of the product refuses to be framed (X-Frame-Options: DENY)
        blocked = page.frame(url=lambda u: u.endswith("/annuaire/") and u.startswith(server["url"]))
        assert blocked is None or blocked.evaluate("document.querySelector('h1') === null")
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_search_works_without_javascript(server, browser):
    context = browser.new_context(locale="fr-FR", java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(server["url"] + "/annuaire/")
        page.get_by_label("Où ?").fill("62300")
        page.get_by_label("Gratuit seulement").check()
        page.get_by_role("button", name="Chercher").click()
        page.wait_for_url("**/annuaire/?q=62300*")
        assert page.locator("ol.service-list li").count() == 6
        page.locator("ol.service-list h3 a").first.click()
        page.wait_for_url("**/annuaire/services/*/")
        assert page.locator("h2#t-contact").is_visible()
        assert page.locator("button[data-print]").is_hidden()  # the print button needs JavaScript
    finally:
        context.close()
